// Content script on AWS console pages. build.mjs inlines the lib/ and ui/ modules it imports into one
// classic script (content scripts cannot use static import). It never talks to the host: the background
// does. Every console hook is optional; when one is missing the page keeps working and the list moves to a
// floating button.
import { buildConsoleContext, validatePageFacts } from '../lib/console-context.js';
import { buildSwitchForm, buildSwitchBackForm, buildMultiSessionRequest, parseMultiSessionResponse } from '../lib/switch-request.js';
import { cookieFromHeader, parseRoleInfoCookie, ROLE_INFO_COOKIE } from '../lib/console-cookie.js';
import { sanitizeRole } from '../lib/validate.js';
import { createRoleList } from '../ui/role-list.js';
import { createStateView } from '../lib/state-view.js';
import { MESSAGES } from '../lib/messages.js';

const api = globalThis.browser ?? globalThis.chrome;

const MENU_BUTTONS = [
  '[data-testid="awsc-nav-account-menu-button"]',
  '[data-testid="more-menu__awsc-nav-account-menu-button"]',
  '#nav-usernameMenu',
];
const MENU_CONTAINERS = ['#menu--account', '[data-testid="awsc-account-menu"]'];
const MENU_INSIDE = ['[data-testid="awsc-account-info-tile"]', '[data-testid="awsc-switch-roles"]'];
const MENU_WAIT_MS = 2000;
const FALLBACK_AFTER_MS = 4000;

let list = null;
let hostEl = null;
let floating = null;

function safe(fn, fallback = null) {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

function nonce() {
  return Math.random().toString(36).slice(2) + Date.now().toString(36);
}

/** Asks the MAIN-world script for the page facts; its answer arrives synchronously during dispatch. */
function pageFacts() {
  const n = nonce();
  let facts = null;
  const onFacts = (e) => {
    const v = validatePageFacts(e.detail);
    if (v && safe(() => JSON.parse(e.detail).nonce) === n) facts = v;
  };
  document.addEventListener('swr-page-facts', onFacts);
  try {
    document.dispatchEvent(new CustomEvent('swr-page-request', { detail: JSON.stringify({ nonce: n }) }));
  } finally {
    document.removeEventListener('swr-page-facts', onFacts);
  }
  return facts ?? { csrf: null, accountInfo: {} };
}

function domAccountInfo() {
  // Older consoles render the identity into these ids; used when the page global is missing.
  const text = (id) => safe(() => document.getElementById(id)?.textContent?.trim() || null);
  return {
    loginDisplayNameAccount: text('awsc-login-display-name-account'),
    loginDisplayNameUser: text('awsc-login-display-name-user'),
    roleDisplayNameAccount: text('awsc-role-display-name-account'),
    roleDisplayNameUser: text('awsc-role-display-name-user'),
  };
}

function roleInfoCookieRaw() {
  return safe(() => cookieFromHeader(document.cookie, ROLE_INFO_COOKIE));
}

function collect() {
  const facts = pageFacts();
  const hasInfo = Object.values(facts.accountInfo ?? {}).some(Boolean);
  const cookie = parseRoleInfoCookie(roleInfoCookieRaw());
  const context = buildConsoleContext({
    url: location.href,
    sessionDataJson: safe(() => document.querySelector('meta[name="awsc-session-data"]')?.getAttribute('content')),
    signinEndpointMeta: safe(() => document.getElementById('awsc-signin-endpoint')?.getAttribute('content')),
    accountInfo: hasInfo ? facts.accountInfo : domAccountInfo(),
    accountLabel: safe(() => document.querySelector('[data-testid="account-label"]')?.textContent),
    cookieBaseAccount: cookie?.baseAccountId ?? null,
  });
  return { context, csrf: facts.csrf };
}

function submitForm(form) {
  const f = document.createElement('form');
  f.id = 'swr-switch-form';
  f.method = 'POST';
  f.action = form.action;
  f.target = '_top';
  f.hidden = true;
  for (const [name, value] of form.fields) {
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = name;
    input.value = value;
    f.append(input);
  }
  document.body.append(f);
  f.submit();
}

/** The multi-session request goes out from the page's world, with the console's origin and cookies. */
function pageSwitchFetch(req) {
  return new Promise((resolve) => {
    const n = nonce();
    const timer = setTimeout(() => done({ status: 0, text: '', error: 'no answer from the sign-in service within 20 s' }), 20000);
    function done(v) {
      clearTimeout(timer);
      document.removeEventListener('swr-page-switch-result', onResult);
      resolve(v);
    }
    function onResult(e) {
      const v = safe(() => JSON.parse(e.detail));
      if (v?.source !== 'swr-page' || v.nonce !== n) return;
      done({ status: Number(v.status) || 0, text: typeof v.text === 'string' ? v.text : '', error: typeof v.error === 'string' ? v.error : null });
    }
    document.addEventListener('swr-page-switch-result', onResult);
    document.dispatchEvent(new CustomEvent('swr-page-switch', { detail: JSON.stringify({ nonce: n, url: req.url, body: req.body }) }));
  });
}

function send(message) {
  return Promise.resolve(api.runtime.sendMessage(message)).catch((e) => ({ ok: false, error: String(e?.message ?? e) }));
}

async function switchTo(role) {
  list?.showError(null);
  try {
    const { context, csrf } = collect();
    if (context.prism) {
      const req = buildMultiSessionRequest(role, context);
      const res = await pageSwitchFetch(req);
      if (res.status === 0) throw new Error(`Switch failed: ${res.error ?? 'the request did not complete'}.`);
      const destination = parseMultiSessionResponse(res.status, res.text);
      send({ type: MESSAGES.touch, accountId: role.accountId, roleName: role.roleName });
      const opened = await send({ type: MESSAGES.openTab, url: destination });
      if (!opened?.ok) throw new Error(opened?.error ?? 'Could not open the new session.');
      return { ok: true, destination };
    }
    const form = buildSwitchForm(role, context, csrf);
    // Recorded before the page navigates away; the background finishes it on its own.
    send({ type: MESSAGES.touch, accountId: role.accountId, roleName: role.roleName });
    submitForm(form);
    return { ok: true };
  } catch (e) {
    const message = String(e?.message ?? e);
    list?.showError(message);
    return { ok: false, error: message };
  }
}

function switchBack() {
  list?.showError(null);
  try {
    const { context, csrf } = collect();
    submitForm(buildSwitchBackForm(context, csrf));
  } catch (e) {
    list?.showError(String(e?.message ?? e));
  }
}

function ensureList() {
  if (list) return;
  hostEl = document.createElement('div');
  hostEl.id = 'swr-menu-host';
  hostEl.dataset.swr = 'menu';
  const shadow = hostEl.attachShadow({ mode: 'open' });
  list = createRoleList({ root: shadow, onSwitch: switchTo, onSwitchBack: switchBack, onClose: closeFloating });
  refresh();
}

// This tab's copy of the list: patched from the background's broadcasts, loaded whole when it opens or loses track.
const stateView = createStateView({
  ask: (message) => send(message),
  onChange: () => {
    if (list && hostEl?.isConnected) refresh();
  },
});

function refresh() {
  if (!list) return;
  const { context } = collect();
  list.setState({ roles: stateView.view.roles, sorted: true, context, banner: stateView.view.state?.banner ?? null });
}

function findFirst(selectors, scope = document) {
  for (const s of selectors) {
    const e = safe(() => scope.querySelector(s));
    if (e) return e;
  }
  return null;
}

function findMenuContainer() {
  const direct = findFirst(MENU_CONTAINERS);
  if (direct) return direct;
  const inside = findFirst(MENU_INSIDE);
  return inside?.parentElement ?? null;
}

function mountIn(container) {
  ensureList();
  closeFloating();
  if (hostEl.parentElement !== container) container.append(hostEl);
  refresh();
  list.focus();
}

/** After a click on the account menu button, waits (bounded) for the console to render its menu. */
function onMenuButton() {
  const now = findMenuContainer();
  if (now) {
    mountIn(now);
    return;
  }
  const obs = new MutationObserver(() => {
    const c = findMenuContainer();
    if (c) {
      obs.disconnect();
      clearTimeout(stop);
      mountIn(c);
    }
  });
  obs.observe(document.body, { childList: true, subtree: true });
  const stop = setTimeout(() => {
    obs.disconnect();
    openFloating();
  }, MENU_WAIT_MS);
}

function closeFloating() {
  if (floating) floating.hidden = true;
}

function ensureFloating() {
  if (floating) return floating;
  floating = document.createElement('div');
  floating.id = 'swr-floating';
  Object.assign(floating.style, {
    position: 'fixed', top: '48px', right: '16px', width: '380px', zIndex: '2147483646',
    boxShadow: '0 4px 20px rgba(0,0,0,.3)', borderRadius: '6px', background: '#fff',
  });
  floating.hidden = true;
  document.body.append(floating);
  return floating;
}

function openFloating() {
  ensureList();
  ensureFloating();
  if (hostEl.parentElement !== floating) floating.append(hostEl);
  floating.hidden = false;
  refresh();
  list.focus();
}

function showFallbackButton() {
  if (document.getElementById('swr-fab') || findFirst(MENU_BUTTONS)) return;
  const b = document.createElement('button');
  b.id = 'swr-fab';
  b.type = 'button';
  b.textContent = 'SwitchRole';
  b.title = 'SwitchRole: the account menu could not be found, so the role list lives here';
  Object.assign(b.style, {
    position: 'fixed', right: '16px', bottom: '16px', zIndex: '2147483646', padding: '6px 12px',
    borderRadius: '16px', border: '1px solid #8d99a8', background: '#fff', color: '#16191f', cursor: 'pointer',
  });
  b.addEventListener('click', () => (floating && !floating.hidden ? closeFloating() : openFloating()));
  document.body.append(b);
}

function start() {
  document.addEventListener(
    'click',
    (e) => {
      const t = e.target instanceof Element ? e.target : null;
      if (t && !t.closest('#swr-menu-host') && MENU_BUTTONS.some((s) => safe(() => t.closest(s)))) onMenuButton();
    },
    true,
  );
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') closeFloating();
    // The documented shortcut also works here when the browser did not give it to the `open-menu` command
    // (another extension holds it); when the command has it, the browser takes the keys before the page.
    // `code`, not `key`: Alt+Shift changes the character on some layouts (macOS gives "Í").
    else if (e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyS' && !e.repeat) {
      e.preventDefault();
      openFloating();
    }
  });
  api.runtime.onMessage.addListener((msg, _sender, sendResponse) => {
    if (stateView.receive(msg)) return false;
    if (msg?.type === MESSAGES.openMenu) openFloating();
    else if (msg?.type === MESSAGES.switchBack) {
      switchBack();
      sendResponse({ ok: true });
    }
    else if (msg?.type === MESSAGES.getContext) {
      sendResponse({ ok: true, context: collect().context });
    } else if (msg?.type === MESSAGES.switch) {
      const role = stateView.view.roles.find((r) => r.accountId === msg.accountId && r.roleName === msg.roleName) ?? sanitizeRole(msg.role);
      if (!role) sendResponse({ ok: false, error: 'That role is not in the list.' });
      else switchTo(role).then(sendResponse);
      return true;
    }
    return false;
  });
  stateView.load();
  // The menu may already be open when this script starts (document_idle comes late on a slow page).
  const open = findMenuContainer();
  if (open && findFirst(MENU_BUTTONS)) mountIn(open);
  send({ type: MESSAGES.consolePage, url: location.href, roleInfoCookie: roleInfoCookieRaw() });
  setTimeout(showFallbackButton, FALLBACK_AFTER_MS);
}

if (window.top === window && !document.getElementById('swr-menu-host')) start();
