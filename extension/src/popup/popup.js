// Toolbar popup: the same list as the account menu; a click switches a console tab (the content script there
// makes the request, since only the page has the CSRF token). That tab is the active one when it is a console
// page; otherwise the console tab used most recently, which the popup names and brings to the front.
import { createRoleList } from '../ui/role-list.js';
import { createStateView } from '../lib/state-view.js';
import { MESSAGES } from '../lib/messages.js';
import { CONSOLE_MATCHES } from '../lib/hosts.js';
import { ACTIONS } from '../lib/protocol.js';
import { createIdentityCenter } from './identity-center.js';
import { formatAccountId } from '../lib/account.js';
import { shownNames } from '../lib/shown-name.js';

const api = globalThis.browser ?? globalThis.chrome;
const note = document.getElementById('swr-popup-note');

function say(text) {
  note.textContent = text ?? '';
  note.hidden = !text;
}

/** The console context the tab's content script reports, or null (not a console page, or not loaded yet). */
async function contextOf(tab) {
  try {
    const res = await api.tabs.sendMessage(tab.id, { type: MESSAGES.getContext });
    return res?.ok ? res.context : null;
  } catch {
    return null;
  }
}

/** The console tab the popup acts on: `{ tab, context, active }`, or nulls when no console tab answers. */
async function targetConsoleTab() {
  const [active] = await api.tabs.query({ active: true, currentWindow: true });
  if (active?.id !== undefined) {
    const context = await contextOf(active);
    if (context) return { tab: active, context, active: true };
  }
  let tabs = [];
  try {
    tabs = await api.tabs.query({ url: [...CONSOLE_MATCHES] });
  } catch {
    tabs = [];
  }
  tabs.sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0));
  for (const tab of tabs) {
    if (tab.id === active?.id) continue;
    const context = await contextOf(tab);
    if (context) return { tab, context, active: false };
  }
  return { tab: null, context: null, active: false };
}

/** After a switch starts in a background tab, show that tab: the result of the switch appears there. */
async function bringToFront(target) {
  if (target.active) return;
  try {
    await api.tabs.update(target.tab.id, { active: true });
    if (target.tab.windowId !== undefined) await api.windows?.update(target.tab.windowId, { focused: true });
  } catch {
    // The tab closed meanwhile; the switch went out regardless.
  }
}

/**
 * With no signed-in console tab, a role can still open through federation (the host assumes it with this machine's
 * AWS credentials and asks AWS for a sign-in URL; the background opens that URL in a new window and keeps it).
 */
function offerFederation(role, name) {
  const box = document.getElementById('swr-federate');
  const status = document.getElementById('swr-federate-status');
  const button = document.getElementById('swr-federate-open');
  box.hidden = false;
  box.dataset.accountId = role.accountId;
  box.dataset.roleName = role.roleName;
  document.getElementById('swr-federate-text').textContent =
    `No signed-in AWS console tab. Open ${name} (${role.roleName} in ${formatAccountId(role.accountId)}) with this machine's AWS credentials?`;
  status.textContent = '';
  status.className = '';
  button.disabled = false;
  button.onclick = async () => {
    button.disabled = true;
    status.textContent = 'Opening…';
    let res;
    try {
      res = await api.runtime.sendMessage({ type: MESSAGES.openFederated, role: { accountId: role.accountId, roleName: role.roleName, region: role.region ?? null } });
    } catch (e) {
      res = { ok: false, error: String(e?.message ?? e) };
    }
    if (res?.ok) {
      window.close();
      status.textContent = 'Opened in a new window.';
      return;
    }
    status.textContent = `Not opened: ${res?.error ?? 'no answer from SwitchRole'}`;
    status.className = 'swr-federate-error';
    button.disabled = false;
  };
  button.focus();
}

/**
 * One line on what the console tab's hooks look like, and the text "Copy diagnostics" copies: from the state the
 * background broadcasts (its `consoleDiagnostics`, one per console tab that reported), so a reload of that tab
 * updates the open popup.
 */
function renderDiagnostics(state, tab) {
  const d = (state?.consoleDiagnostics ?? []).find((x) => x.tabId === tab?.id) ?? null;
  document.getElementById('swr-diagnosis').textContent = d?.summary ?? 'No diagnostics yet: open or reload an AWS console tab.';
  document.getElementById('swr-diagnostics-text').textContent = d?.text ?? '';
}

function wireCopyDiagnostics() {
  const text = document.getElementById('swr-diagnostics-text');
  const status = document.getElementById('swr-copy-status');
  document.getElementById('swr-copy-diagnostics').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text.textContent);
      status.textContent = 'Copied.';
    } catch {
      // No clipboard access: show the text so it can be selected by hand.
      document.getElementById('swr-diagnostics').open = true;
      status.textContent = 'Select the text below and copy it.';
    }
  });
}

/** The Identity Center section shows with a host that serves `sso.accounts` (a popup opened early learns it from a broadcast). */
function offersIdentityCenter(state) {
  return (state?.host?.capabilities ?? []).includes(ACTIONS.ssoAccounts);
}

async function main() {
  let list = null;
  let context = null;
  let tab = null;
  let identityCenter = null;
  // The popup's copy of the list: whole when it opens, then patched by the background's broadcasts.
  const stateView = createStateView({
    ask: (message) => api.runtime.sendMessage(message),
    onChange: (view) => {
      list?.setState({ roles: view.roles, sorted: true, context, banner: view.state?.banner ?? null });
      if (list) renderDiagnostics(view.state, tab);
      identityCenter?.setAvailable(offersIdentityCenter(view.state));
    },
  });
  api.runtime.onMessage.addListener((msg) => {
    stateView.receive(msg);
  });
  const [, target] = await Promise.all([stateView.load(), targetConsoleTab()]);
  tab = target.tab;
  context = target.context;
  const state = stateView.view.state;
  // Read at each click: a popup opened while the background was still connecting learns it from a later broadcast.
  const canFederate = () => (stateView.view.state?.host?.capabilities ?? []).includes(ACTIONS.awsSigninUrl);
  list = createRoleList({
    root: document.getElementById('swr-popup-root'),
    onSwitch: async (role) => {
      if (!context) {
        if (canFederate()) offerFederation(role, shownNames(stateView.view.roles)(role));
        else list.showError('Open an AWS console tab to switch roles.');
        return;
      }
      const res = await api.tabs.sendMessage(tab.id, { type: MESSAGES.switch, accountId: role.accountId, roleName: role.roleName, role });
      if (res?.ok) {
        await bringToFront(target);
        window.close();
      }
      else list.showError(res?.error ?? 'The switch did not start.');
    },
    onSwitchBack: context
      ? async () => {
          await api.tabs.sendMessage(tab.id, { type: MESSAGES.switchBack });
          await bringToFront(target);
          window.close();
        }
      : null,
    onClose: () => window.close(),
  });
  list.setState({ roles: stateView.view.roles, sorted: true, context, banner: state?.banner ?? null });
  identityCenter = createIdentityCenter({
    root: document.getElementById('swr-sso-root'),
    send: (msg) => api.runtime.sendMessage(msg),
    onOpened: () => window.close(),
    canListSessions: () => (stateView.view.state?.host?.capabilities ?? []).includes(ACTIONS.ssoSessions),
  });
  identityCenter.setAvailable(offersIdentityCenter(state));
  if (!context && canFederate()) say('No AWS console page is open: open the console to switch, or pick a role to open it in a new window through federation.');
  else if (!context) say('No AWS console page is open: open the console to switch. The list below is for reference.');
  else if (!target.active) say(`Switches in your most recently used console tab: ${tab.title || tab.url || 'AWS console'}.`);
  list.focus();

  const offer = state?.syncOffer;
  if (offer) {
    document.getElementById('swr-sync-offer').hidden = false;
    document.getElementById('swr-sync-offer-text').textContent = `SwitchRole has no entries on this machine. Restore ${offer.count} ${offer.count === 1 ? 'entry' : 'entries'} from your browser's sync?`;
    document.getElementById('swr-sync-restore').addEventListener('click', async () => {
      const res = await api.runtime.sendMessage({ type: MESSAGES.syncRestore });
      document.getElementById('swr-sync-offer').hidden = true;
      // The restored entries arrive with the background's broadcast.
      if (!res?.ok) say(`Not restored: ${res?.error ?? 'no answer'}`);
    });
  }
  document.getElementById('swr-open-options').addEventListener('click', (e) => {
    e.preventDefault();
    api.runtime.openOptionsPage();
    window.close();
  });

  renderDiagnostics(state, tab);
  wireCopyDiagnostics();

  const learn = document.getElementById('swr-learn');
  learn.checked = state?.settings?.learnFromConsole !== false;
  learn.addEventListener('change', () => api.runtime.sendMessage({ type: MESSAGES.setSettings, settings: { learnFromConsole: learn.checked } }));
}

main().catch((e) => say(`SwitchRole: ${e?.message ?? e}`));
