// Toolbar popup: the same list as the account menu; a click switches the active console tab (the content
// script there makes the request, since only the page has the CSRF token).
import { createRoleList, rolesOf } from '../ui/role-list.js';
import { sanitizeRole } from '../lib/validate.js';

const api = globalThis.browser ?? globalThis.chrome;
const note = document.getElementById('swr-popup-note');

function say(text) {
  note.textContent = text ?? '';
  note.hidden = !text;
}

async function activeConsoleTab() {
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  if (tab?.id === undefined) return { tab: null, context: null };
  try {
    const res = await api.tabs.sendMessage(tab.id, { type: 'get-context' });
    return { tab, context: res?.ok ? res.context : null };
  } catch {
    return { tab, context: null };
  }
}

async function main() {
  const [state, { tab, context }] = await Promise.all([api.runtime.sendMessage({ type: 'get-state', json: true }), activeConsoleTab()]);
  const list = createRoleList({
    root: document.getElementById('swr-popup-root'),
    onSwitch: async (role) => {
      if (!context) {
        list.showError('Open an AWS console tab to switch roles.');
        return;
      }
      const res = await api.tabs.sendMessage(tab.id, { type: 'switch', accountId: role.accountId, roleName: role.roleName, role });
      if (res?.ok) window.close();
      else list.showError(res?.error ?? 'The switch did not start.');
    },
    onSwitchBack: context
      ? async () => {
          await api.tabs.sendMessage(tab.id, { type: 'switch-back' });
          window.close();
        }
      : null,
    onClose: () => window.close(),
  });
  list.setState({ roles: rolesOf(state).map(sanitizeRole).filter(Boolean), context, banner: state?.banner ?? null });
  // The background pushes the list again whenever any browser or the CLI changed it.
  api.runtime.onMessage.addListener((msg) => {
    if (msg?.type === 'state') list.setState({ roles: rolesOf(msg.state).map(sanitizeRole).filter(Boolean), context, banner: msg.state?.banner ?? null });
  });
  if (!context) say('This tab is not an AWS console page: open the console to switch. The list below is for reference.');
  list.focus();

  const offer = state?.syncOffer;
  if (offer) {
    document.getElementById('swr-sync-offer').hidden = false;
    document.getElementById('swr-sync-offer-text').textContent = `SwitchRole has no entries on this machine. Restore ${offer.count} ${offer.count === 1 ? 'entry' : 'entries'} from your browser's sync?`;
    document.getElementById('swr-sync-restore').addEventListener('click', async () => {
      const res = await api.runtime.sendMessage({ type: 'sync-restore' });
      document.getElementById('swr-sync-offer').hidden = true;
      if (!res?.ok) say(`Not restored: ${res?.error ?? 'no answer'}`);
      const fresh = await api.runtime.sendMessage({ type: 'get-state' });
      list.setState({ roles: (fresh?.roles ?? []).map(sanitizeRole).filter(Boolean), context, banner: fresh?.banner ?? null });
    });
  }
  document.getElementById('swr-open-options').addEventListener('click', (e) => {
    e.preventDefault();
    api.runtime.openOptionsPage();
    window.close();
  });

  const learn = document.getElementById('swr-learn');
  learn.checked = state?.settings?.learnFromConsole !== false;
  learn.addEventListener('change', () => api.runtime.sendMessage({ type: 'set-settings', settings: { learnFromConsole: learn.checked } }));
}

main().catch((e) => say(`SwitchRole: ${e?.message ?? e}`));
