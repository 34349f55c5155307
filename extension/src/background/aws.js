// The background's side of the AWS helpers. The federation sign-in URL is a bearer secret: it goes from the host's
// answer straight to windows.create and nowhere else (not returned to the page, not stored, not logged).
import { ACTIONS, HostError, ERROR_CODES } from '../lib/protocol.js';
import { AWS_TIMEOUTS, isOpenableSigninUrl } from '../lib/aws-check.js';

const ACCOUNT = /^\d{12}$/;

/**
 * Asks the host for a console sign-in URL for `role` (in its region) and opens it in a new window at once.
 * @param {object} opts
 * @param {(action: string, params: object, timeoutMs: number) => Promise<object>} opts.request the native client's request
 * @param {{ create: (o: { url: string }) => Promise<unknown> }} opts.windows browser.windows / chrome.windows
 * @param {object} opts.role { accountId, roleName, region? }
 * @param {(where: string, error: unknown) => void} [opts.onError] told of a failure handled here, never with the URL
 * @returns {Promise<{ ok: true, roleArn: string|null, notes: string[] } | { ok: false, error: string, code: number|null, field: string|null }>}
 */
export async function openWithFederation({ request, windows, role, onError = () => {} }) {
  const accountId = String(role?.accountId ?? '');
  const roleName = String(role?.roleName ?? '');
  if (!ACCOUNT.test(accountId) || roleName === '') return { ok: false, error: 'No role to open.', code: null, field: null };
  const region = typeof role?.region === 'string' && role.region ? role.region : null;
  try {
    const answer = await request(ACTIONS.awsSigninUrl, { accountId, roleName, ...(region ? { region } : {}) }, AWS_TIMEOUTS.signinUrl);
    if (!isOpenableSigninUrl(answer?.url)) {
      throw new HostError(ERROR_CODES.InternalError, 'The SwitchRole host answered without a usable sign-in URL.');
    }
    try {
      await windows.create({ url: answer.url });
    } catch {
      // The browser's message may quote the URL: say what failed, not what it said.
      onError('open federation window', new Error('windows.create refused the sign-in URL'));
      return { ok: false, error: 'The browser did not open the new window.', code: null, field: null };
    }
    return {
      ok: true,
      roleArn: typeof answer.roleArn === 'string' ? answer.roleArn : null,
      notes: Array.isArray(answer.notes) ? answer.notes.filter((n) => typeof n === 'string') : [],
    };
  } catch (e) {
    // The host's own sentence (AwsError: what failed and the fix); it never carries the URL.
    return { ok: false, error: String(e?.message ?? e), code: e?.code ?? null, field: e?.field ?? null };
  }
}

/** Identity Center's rule for permission set names (PROTOCOL.md "sso.signinUrl"). */
const PERMISSION_SET = /^[A-Za-z0-9+=,.@_-]{1,32}$/;

/** The names of `[sso-session NAME]` the host accepts in `ssoSession` (PROTOCOL.md "sso.sessions"). */
export const SSO_SESSION = /^[A-Za-z0-9._@+-]{1,128}$/;

/** `{ ssoSession }` for a valid name, `{}` for none; null for anything else (the caller refuses it). */
function sessionParam(ssoSession) {
  if (ssoSession === undefined || ssoSession === null || ssoSession === '') return {};
  return typeof ssoSession === 'string' && SSO_SESSION.test(ssoSession) ? { ssoSession } : null;
}

const NO_SUCH_SESSION = { ok: false, error: 'That is not the name of an sso-session.', code: null, field: 'ssoSession' };

const text = (v, max) => (typeof v === 'string' ? v.slice(0, max) : null);

/**
 * The `[sso-session]` sections of the person's AWS config (host `sso.sessions`), for the popup to choose from when
 * there are two or more. A name the host could not be asked about again is dropped; the rest is text to show.
 * @returns {Promise<{ ok: true, configFile: string|null, sessions: { name: string, startUrl: string|null, region: string|null, problem: string|null }[] } | { ok: false, error: string, code: number|null, field: string|null }>}
 */
export async function listSsoSessions({ request }) {
  try {
    const answer = await request(ACTIONS.ssoSessions, {}, AWS_TIMEOUTS.signinUrl);
    const sessions = (Array.isArray(answer?.sessions) ? answer.sessions : [])
      .filter((s) => typeof s?.name === 'string' && SSO_SESSION.test(s.name))
      .map((s) => ({ name: s.name, startUrl: text(s.startUrl, 256), region: text(s.region, 32), problem: text(s.problem, 400) }));
    return { ok: true, configFile: text(answer?.configFile, 1024), sessions };
  } catch (e) {
    return { ok: false, error: String(e?.message ?? e), code: e?.code ?? null, field: e?.field ?? null };
  }
}

/** One account as the popup shows it; anything malformed in the host's answer is dropped, never shown. */
function ssoAccountView(a) {
  if (!ACCOUNT.test(String(a?.accountId ?? ''))) return null;
  const sets = Array.isArray(a.permissionSets) ? a.permissionSets.filter((p) => typeof p === 'string' && PERMISSION_SET.test(p)) : [];
  return { accountId: a.accountId, accountName: typeof a.accountName === 'string' ? a.accountName.slice(0, 128) : '', permissionSets: sets };
}

/**
 * The accounts and permission sets IAM Identity Center gives the person (host `sso.accounts`, from the token cache
 * `switchrole login` writes), of `ssoSession` when given (else the only sso-session there is). Without a usable
 * sign-in the host's sentence says which command to run.
 * @returns {Promise<{ ok: true, ssoSession: string|null, startUrl: string|null, total: number, truncated: boolean, accounts: object[] } | { ok: false, error: string, code: number|null, field: string|null }>}
 */
export async function listSsoAccounts({ request, ssoSession }) {
  const session = sessionParam(ssoSession);
  if (session === null) return NO_SUCH_SESSION;
  try {
    const answer = await request(ACTIONS.ssoAccounts, session, AWS_TIMEOUTS.signinUrl);
    const accounts = (Array.isArray(answer?.accounts) ? answer.accounts : []).map(ssoAccountView).filter(Boolean);
    return {
      ok: true,
      ssoSession: typeof answer?.ssoSession === 'string' && SSO_SESSION.test(answer.ssoSession) ? answer.ssoSession : null,
      startUrl: typeof answer?.startUrl === 'string' ? answer.startUrl : null,
      total: Number.isInteger(answer?.total) ? answer.total : accounts.length,
      truncated: answer?.truncated === true,
      accounts,
    };
  } catch (e) {
    return { ok: false, error: String(e?.message ?? e), code: e?.code ?? null, field: e?.field ?? null };
  }
}

/**
 * "Open" for an Identity Center account and permission set: the host's `sso.signinUrl` answer goes straight to
 * windows.create, as for `aws.signinUrl` (the URL is a bearer secret: not returned, stored or logged).
 */
export async function openSsoWithFederation({ request, windows, accountId, permissionSet, ssoSession, onError = () => {} }) {
  const account = String(accountId ?? '');
  const set = String(permissionSet ?? '');
  if (!ACCOUNT.test(account) || !PERMISSION_SET.test(set)) return { ok: false, error: 'No account and permission set to open.', code: null, field: null };
  const session = sessionParam(ssoSession);
  if (session === null) return NO_SUCH_SESSION;
  try {
    const answer = await request(ACTIONS.ssoSigninUrl, { accountId: account, permissionSet: set, ...session }, AWS_TIMEOUTS.signinUrl);
    if (!isOpenableSigninUrl(answer?.url)) {
      throw new HostError(ERROR_CODES.InternalError, 'The SwitchRole host answered without a usable sign-in URL.');
    }
    try {
      await windows.create({ url: answer.url });
    } catch {
      onError('open Identity Center window', new Error('windows.create refused the sign-in URL'));
      return { ok: false, error: 'The browser did not open the new window.', code: null, field: null };
    }
    return { ok: true, accountId: account, permissionSet: set };
  } catch (e) {
    return { ok: false, error: String(e?.message ?? e), code: e?.code ?? null, field: e?.field ?? null };
  }
}
