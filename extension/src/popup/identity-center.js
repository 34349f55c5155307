// The popup's "Identity Center" section: the accounts and permission sets IAM Identity Center gives the person, each
// with "Open", which opens the console through federation in a new window (the background asks the host; the
// sign-in URL never reaches this page). Loaded when the section is first opened: listing asks AWS, which takes a
// moment and is not needed for switching. Every string is set with textContent.
import { formatAccountId } from '../lib/account.js';
import { filterSsoAccounts, ssoSummary } from '../lib/sso-view.js';
import { MESSAGES } from '../lib/messages.js';

/**
 * @param {object} opts
 * @param {HTMLElement} opts.root where the section goes
 * @param {(msg: object) => Promise<any>} opts.send runtime.sendMessage to the background
 * @param {() => void} opts.onOpened called after a console window opened (the popup closes)
 * @param {() => boolean} [opts.canListSessions] whether the host serves `sso.sessions` (read when the section opens)
 */
export function createIdentityCenter({ root, send, onOpened, canListSessions = () => false }) {
  const section = document.createElement('details');
  section.id = 'swr-sso';
  section.hidden = true;
  const summary = document.createElement('summary');
  summary.textContent = 'Identity Center';
  const search = document.createElement('input');
  search.type = 'search';
  search.id = 'swr-sso-search';
  search.placeholder = 'Filter accounts and permission sets';
  search.setAttribute('aria-label', 'Filter Identity Center accounts');
  search.hidden = true;
  // Shown with two or more [sso-session] sections: which Identity Center the list is of (a consultant's clients).
  const picker = document.createElement('select');
  picker.id = 'swr-sso-session';
  picker.setAttribute('aria-label', 'Identity Center sign-in (sso-session)');
  picker.hidden = true;
  const status = document.createElement('div');
  status.id = 'swr-sso-status';
  status.setAttribute('role', 'status');
  const list = document.createElement('ul');
  list.id = 'swr-sso-list';
  const reload = document.createElement('button');
  reload.type = 'button';
  reload.id = 'swr-sso-reload';
  reload.textContent = 'Reload';
  reload.hidden = true;
  section.append(summary, picker, search, status, list, reload);
  root.append(section);

  let accounts = [];
  let loaded = false;
  let meta = { total: 0, truncated: false };
  // null until asked; [] when the host cannot list them or there is nothing to choose (the host then uses the only one).
  let sessions = null;
  let chosen = null;
  // The sso-session the shown accounts belong to, passed on with "Open" (null: the host's default).
  let listedSession = null;
  // A later load (another session chosen) makes an earlier answer stale.
  let loads = 0;

  function setStatus(text, error = false) {
    status.textContent = text;
    status.className = error ? 'swr-federate-error' : '';
  }

  function render() {
    const shown = filterSsoAccounts(accounts, search.value);
    list.replaceChildren();
    for (const a of shown) {
      const item = document.createElement('li');
      item.className = 'swr-sso-account';
      item.dataset.accountId = a.accountId;
      const title = document.createElement('div');
      title.className = 'swr-sso-title';
      const name = document.createElement('span');
      name.className = 'swr-sso-name';
      name.textContent = a.accountName || formatAccountId(a.accountId);
      const id = document.createElement('span');
      id.className = 'swr-sso-id';
      id.textContent = formatAccountId(a.accountId);
      title.append(name, ' ', id);
      item.append(title);
      for (const set of a.permissionSets) {
        const row = document.createElement('div');
        row.className = 'swr-sso-set';
        row.dataset.permissionSet = set;
        const label = document.createElement('span');
        label.textContent = set;
        const open = document.createElement('button');
        open.type = 'button';
        open.className = 'swr-sso-open';
        open.textContent = 'Open';
        open.title = `Open the console as ${set} in ${a.accountName || formatAccountId(a.accountId)} (new window)`;
        open.addEventListener('click', () => openConsole(a, set, open));
        row.append(label, open);
        item.append(row);
      }
      list.append(item);
    }
    if (accounts.length > 0 && shown.length === 0) setStatus('No account or permission set matches.');
    else if (accounts.length > 0) setStatus(ssoSummary({ ...meta, shown: accounts.length }));
  }

  async function openConsole(account, set, button) {
    button.disabled = true;
    setStatus(`Opening ${set} in ${account.accountName || formatAccountId(account.accountId)}…`);
    let res;
    try {
      res = await send({ type: MESSAGES.openSso, accountId: account.accountId, permissionSet: set, ...(listedSession ? { ssoSession: listedSession } : {}) });
    } catch (e) {
      res = { ok: false, error: String(e?.message ?? e) };
    }
    button.disabled = false;
    if (res?.ok) {
      setStatus('Opened in a new window.');
      onOpened?.();
      return;
    }
    setStatus(`Not opened: ${res?.error ?? 'no answer from SwitchRole'}`, true);
  }

  /** Asks once which sso-sessions there are; offers the choice when there are two or more. */
  async function loadSessions() {
    sessions = [];
    if (!canListSessions()) return;
    setStatus('Reading your AWS config…');
    let res;
    try {
      res = await send({ type: MESSAGES.ssoSessions });
    } catch {
      res = null;
    }
    // Without the list the host still answers for the only sso-session, or says what to do.
    if (!res?.ok || !Array.isArray(res.sessions) || res.sessions.length < 2) return;
    sessions = res.sessions;
    chosen = res.chosen ?? (sessions.find((s) => !s.problem) ?? sessions[0]).name;
    picker.replaceChildren(...sessions.map((s) => {
      const option = document.createElement('option');
      option.value = s.name;
      option.textContent = s.startUrl ? `${s.name} (${portalHost(s.startUrl)})` : s.name;
      return option;
    }));
    picker.value = chosen;
    picker.hidden = false;
  }

  function clearList() {
    accounts = [];
    list.replaceChildren();
    search.hidden = true;
  }

  async function load() {
    loaded = true;
    const ticket = ++loads;
    reload.hidden = true;
    if (sessions === null) await loadSessions();
    if (ticket !== loads) return;
    const session = sessions.length >= 2 ? sessions.find((s) => s.name === chosen) : null;
    if (session?.problem) {
      clearList();
      reload.hidden = false;
      setStatus(session.problem, true);
      return;
    }
    setStatus('Asking IAM Identity Center…');
    let res;
    try {
      res = await send({ type: MESSAGES.ssoAccounts, ...(session ? { ssoSession: session.name } : {}) });
    } catch (e) {
      res = { ok: false, error: String(e?.message ?? e) };
    }
    if (ticket !== loads) return;
    reload.hidden = false;
    if (!res?.ok) {
      clearList();
      setStatus(res?.error ?? 'No answer from SwitchRole.', true);
      return;
    }
    listedSession = typeof res.ssoSession === 'string' ? res.ssoSession : null;
    accounts = Array.isArray(res.accounts) ? res.accounts : [];
    meta = { total: res.total, truncated: res.truncated === true };
    search.hidden = accounts.length < 2;
    if (accounts.length === 0) {
      list.replaceChildren();
      setStatus('IAM Identity Center gives you no accounts.');
      return;
    }
    render();
  }

  section.addEventListener('toggle', () => {
    if (section.open && !loaded) load();
  });
  search.addEventListener('input', render);
  reload.addEventListener('click', load);
  picker.addEventListener('change', () => {
    chosen = picker.value;
    clearList();
    load();
  });

  return {
    /** Shown only with a host that serves `sso.accounts`. */
    setAvailable(available) {
      section.hidden = !available;
    },
  };
}

/** The portal's host name, to tell sessions apart in the picker (`corp.awsapps.com`); the text itself if not a URL. */
function portalHost(startUrl) {
  try {
    return new URL(startUrl).host;
  } catch {
    return startUrl;
  }
}
