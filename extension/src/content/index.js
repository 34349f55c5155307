// Content script on AWS console pages. build.mjs inlines the lib/ and ui/ modules it imports into one
// classic script (content scripts cannot use static import). It never talks to the host: the background
// does. Every console hook is optional; when one is missing the page keeps working and the list moves to a
// floating button.
import { buildConsoleContext, validatePageFacts, validCsrf, parseSessionData } from '../lib/console-context.js';
import { buildSwitchForm, buildSwitchBackForm, buildMultiSessionRequest, parseMultiSessionResponse, switchRolePageUrl, switchDisplayName } from '../lib/switch-request.js';
import { cookieFromHeader, parseRoleInfoCookie, ROLE_INFO_COOKIE } from '../lib/console-cookie.js';
import { sanitizeRole } from '../lib/validate.js';
import { consoleHostPattern } from '../lib/hosts.js';
import { makeReport } from '../lib/diagnostics.js';
import { createRoleList } from '../ui/role-list.js';
import { createStateView } from '../lib/state-view.js';
import { MESSAGES } from '../lib/messages.js';

const api = globalThis.browser ?? globalThis.chrome;

const MENU_BUTTONS = [
  '[data-testid="awsc-nav-account-menu-button"]',
  '[data-testid="more-menu__awsc-nav-account-menu-button"]',
  '#nav-usernameMenu',
];
// The dropdown: the button's aria-controls first, then the known ids, then the container of account-detail-menu.
// `[data-testid="awsc-account-info-tile"]` is inside the button (it wraps the identity label): never a container.
const MENU_IDS = ['menu--account'];
const MENU_DETAIL = '[data-testid="account-detail-menu"]';
const MENU_WAIT_MS = 2000;
const FALLBACK_AFTER_MS = 4000;
// Closed: the page cannot reach the list (issue 13 #7). Tests read it through their own copy of the build.
const SHADOW_MODE = 'closed';

let list = null;
let hostEl = null;
let floating = null;
let dropdownSeen = false;
let switchErrors = 0;
let lastReport = null;

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

/** The CSRF token of the console's own forms (janstuemmel/aws-role-switch reads it so), when the page global is missing. */
function formCsrf() {
  return safe(() => {
    for (const input of document.querySelectorAll('form input[name="csrf"]')) {
      if (input.closest('#swr-switch-form')) continue;
      const v = validCsrf(input.value);
      if (v) return v;
    }
    return null;
  });
}

function collect() {
  const facts = pageFacts();
  const hasInfo = Object.values(facts.accountInfo ?? {}).some(Boolean);
  const cookie = parseRoleInfoCookie(roleInfoCookieRaw());
  const sessionDataJson = safe(() => document.querySelector('meta[name="awsc-session-data"]')?.getAttribute('content'));
  const context = buildConsoleContext({
    url: location.href,
    sessionDataJson,
    signinEndpointMeta: safe(() => document.getElementById('awsc-signin-endpoint')?.getAttribute('content')),
    accountInfo: hasInfo ? facts.accountInfo : domAccountInfo(),
    accountLabel: safe(() => document.querySelector('[data-testid="account-label"]')?.textContent),
    cookieBaseAccount: cookie?.baseAccountId ?? null,
  });
  const fromForm = facts.csrf ? null : formCsrf();
  const csrf = facts.csrf ?? fromForm;
  const csrfSource = facts.csrf ? 'page-global' : fromForm ? 'form' : 'none';
  return { context, csrf, csrfSource, hasInfo, sessionMeta: parseSessionData(sessionDataJson) !== null };
}

/** What the page says about its hooks: names and sources only, never ids, names or tokens. */
function hookReport() {
  const { context, csrfSource, hasInfo, sessionMeta } = collect();
  const button = findMenuButton();
  const found = [];
  if (button) found.push('menu-button');
  if (dropdownSeen || findDropdown(button)) found.push('dropdown');
  if (hasInfo) found.push('identity-global');
  if (sessionMeta) found.push('session-meta');
  if (csrfSource !== 'none') found.push('csrf');
  if (context.signIn.source === 'awsc-session-data' || context.signIn.source === 'awsc-signin-endpoint') found.push('sign-in-host');
  return makeReport({
    found,
    consoleHost: consoleHostPattern(context.host),
    mode: context.prism ? 'multi-session' : 'classic',
    modeSource: context.modeSource,
    csrfSource,
    signInSource: context.signIn.source,
    switchErrors,
  });
}

/** Tells the background what this page offers, when that changed since the last report. */
function reportHooks() {
  const report = safe(hookReport);
  if (!report) return;
  const key = JSON.stringify(report);
  if (key === lastReport) return;
  lastReport = key;
  send({ type: MESSAGES.diagnostics, report });
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
  let context = null;
  try {
    const collected = collect();
    context = collected.context;
    const { csrf } = collected;
    if (context.prism) {
      const req = buildMultiSessionRequest(role, context);
      const res = await pageSwitchFetch(req);
      if (res.status === 0) throw new Error(`Switch failed: ${res.error ?? 'the request did not complete'}.`);
      const destination = parseMultiSessionResponse(res.status, res.text, role);
      send({ type: MESSAGES.touch, accountId: role.accountId, roleName: role.roleName });
      const opened = await send({ type: MESSAGES.openTab, url: destination });
      if (!opened?.ok) throw new Error(opened?.error ?? 'Could not open the new session.');
      return { ok: true, destination };
    }
    if (!csrf) {
      // No CSRF token anywhere: the console's own switch-role page, prefilled, does the switch after one more click.
      send({ type: MESSAGES.touch, accountId: role.accountId, roleName: role.roleName });
      location.assign(switchRolePageUrl(role, context));
      return { ok: true, switchPage: true };
    }
    const form = buildSwitchForm(role, context, csrf);
    // Recorded before the page navigates away; the background finishes it on its own.
    send({ type: MESSAGES.touch, accountId: role.accountId, roleName: role.roleName });
    submitForm(form);
    return { ok: true };
  } catch (e) {
    const message = String(e?.message ?? e);
    switchErrors += 1;
    // Never an error with nothing to click: the console's own switch-role page for that role.
    const href = context ? safe(() => switchRolePageUrl(role, context)) : null;
    list?.showError(message, href ? { href, text: `Open the console's switch-role page for ${switchDisplayName(role)}` } : null);
    reportHooks();
    return { ok: false, error: message, switchPage: href };
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
  const shadow = hostEl.attachShadow({ mode: SHADOW_MODE });
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
  const { context, csrf } = collect();
  // Without a CSRF token a classic switch cannot be made in one click: each row links to the console's own page.
  const rowLink = !context.prism && !csrf ? (role) => safe(() => switchRolePageUrl(role, context)) : null;
  list.setState({ roles: stateView.view.roles, sorted: true, context, banner: stateView.view.state?.banner ?? null, rowLink });
}

function findMenuButton() {
  for (const s of MENU_BUTTONS) {
    const e = safe(() => document.querySelector(s));
    if (e && !e.closest('#swr-menu-host')) return e;
  }
  return null;
}

/** A place the section may go: not a button or inside one, not holding the button, not the page itself. */
function usableContainer(c, button) {
  return Boolean(c && c.isConnected && c !== document.body && c !== document.documentElement &&
    !c.closest('button') && !(button && c.contains(button)));
}

function findDropdown(button) {
  const candidates = [];
  const controls = safe(() => button?.getAttribute('aria-controls'));
  if (typeof controls === 'string' && /^[A-Za-z0-9_:.-]{1,128}$/.test(controls)) candidates.push(safe(() => document.getElementById(controls)));
  for (const id of MENU_IDS) candidates.push(safe(() => document.getElementById(id)));
  const detail = safe(() => document.querySelector(MENU_DETAIL));
  if (detail) candidates.push(safe(() => detail.closest('[role="menu"], [role="dialog"]') ?? detail.parentElement));
  return candidates.find((c) => usableContainer(c, button)) ?? null;
}

/** Shown on screen: the dropdown may sit in the DOM, hidden, from page load. */
function isVisible(el) {
  return safe(() => el.isConnected && !el.closest('[hidden]') && el.getClientRects().length > 0 &&
    getComputedStyle(el).visibility !== 'hidden', false);
}

/** Focus moves only when the person opened the menu: focus taken at page load breaks the console's search box. */
function mountIn(container, { focus = false } = {}) {
  ensureList();
  closeFloating();
  dropdownSeen = true;
  if (hostEl.parentElement !== container) container.append(hostEl);
  refresh();
  if (focus) list.focus();
  reportHooks();
}

/** Resolves with the visible dropdown, or null after `ms`. */
function whenDropdownVisible(button, ms) {
  return new Promise((resolve) => {
    const check = () => {
      const d = findDropdown(button);
      return d && isVisible(d) ? d : null;
    };
    const now = check();
    if (now) return resolve(now);
    let done = false;
    const finish = (v) => {
      if (done) return;
      done = true;
      obs.disconnect();
      clearTimeout(stop);
      resolve(v);
    };
    const obs = new MutationObserver(() => {
      const d = check();
      if (d) finish(d);
    });
    obs.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['hidden', 'style', 'class', 'aria-expanded', 'aria-hidden'] });
    const stop = setTimeout(() => finish(check()), ms);
  });
}

/** A person clicked the account menu button: once the console shows its menu, the section is in it. */
function onMenuButton(button) {
  const open = findDropdown(button);
  // This click closes a menu that is showing.
  if (open && isVisible(open)) return;
  whenDropdownVisible(button, MENU_WAIT_MS).then((d) => {
    if (d) mountIn(d, { focus: true });
    else {
      openFloating();
      reportHooks();
    }
  });
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
  reportHooks();
  if (document.getElementById('swr-fab') || findMenuButton()) return;
  const b = document.createElement('button');
  b.id = 'swr-fab';
  b.type = 'button';
  b.textContent = 'SwitchRole';
  b.title = 'SwitchRole: the account menu could not be found, so the role list lives here';
  Object.assign(b.style, {
    position: 'fixed', right: '16px', bottom: '16px', zIndex: '2147483646', padding: '6px 12px',
    borderRadius: '16px', border: '1px solid #8d99a8', background: '#fff', color: '#16191f', cursor: 'pointer',
  });
  b.addEventListener('click', (e) => {
    if (!e.isTrusted) return;
    if (floating && !floating.hidden) closeFloating();
    else openFloating();
  });
  document.body.append(b);
}

function start() {
  document.addEventListener(
    'click',
    (e) => {
      // Only a person's click: a page script cannot open the list or move focus with a synthetic event.
      if (!e.isTrusted) return;
      const t = e.target instanceof Element ? e.target : null;
      if (!t || t.closest('#swr-menu-host')) return;
      const button = MENU_BUTTONS.map((s) => safe(() => t.closest(s))).find(Boolean);
      if (button) onMenuButton(button);
    },
    true,
  );
  document.addEventListener('keydown', (e) => {
    if (!e.isTrusted) return;
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
  // The menu may already be open when this script starts (document_idle comes late on a slow page): mount, but
  // leave focus where it is. A hidden dropdown is left alone until it shows.
  const button = findMenuButton();
  const open = button ? findDropdown(button) : null;
  if (open && isVisible(open)) mountIn(open);
  // The history cookie is read by the background through the cookies API; the page only says which alias names
  // which account, so aliases in the cookie can be learned.
  const { context } = collect();
  const aliases = context.login.alias && context.login.accountId ? { [context.login.alias]: context.login.accountId } : {};
  send({ type: MESSAGES.consolePage, url: location.href, aliases });
  reportHooks();
  setTimeout(showFallbackButton, FALLBACK_AFTER_MS);
}

if (window.top === window && !document.getElementById('swr-menu-host')) start();
