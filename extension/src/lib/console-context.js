// Who is signed in, where, and how a switch must be made: parsed from the raw facts a console page offers
// (meta tags, the page's ConsoleNavService.AccountInfo, the account tile, the URL). Pure: every input is
// untrusted text, and anything that fails a check is treated as absent.
import { normalizeAccountId, parseAccountDisplay, parseUserDisplay } from './account.js';
import { resolveSignInEndpoint, partitionOfHost, isConsoleUrl, sessionOfHost } from './hosts.js';
import { normalizeRegion } from './validate.js';

const MAX_FACT = 512;
// CSRF tokens are opaque; accept printable ASCII without spaces, as the console's own form would send.
const CSRF = /^[\x21-\x7e]{1,4096}$/;
const SESSION_DIFFERENTIATOR = /^[A-Za-z0-9-]{1,128}$/;

/** Parses the JSON in meta[name="awsc-session-data"]; null when absent or not a JSON object. */
export function parseSessionData(text) {
  if (typeof text !== 'string' || text.length === 0 || text.length > 65536) return null;
  try {
    const v = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

/** A CSRF token as the console's own form would send it, or null. */
export function validCsrf(value) {
  return typeof value === 'string' && CSRF.test(value) ? value : null;
}

function fact(value) {
  return typeof value === 'string' && value.length <= MAX_FACT ? value : null;
}

/**
 * Checks what the MAIN-world script handed over (a JSON string). Returns
 * { csrf, accountInfo } with only well-formed members, or null when the message is not ours.
 */
export function validatePageFacts(detail) {
  if (typeof detail !== 'string' || detail.length > 20000) return null;
  let v;
  try {
    v = JSON.parse(detail);
  } catch {
    return null;
  }
  if (v === null || typeof v !== 'object' || v.source !== 'swr-page' || v.version !== 1) return null;
  const csrf = typeof v.csrf === 'string' && CSRF.test(v.csrf) ? v.csrf : null;
  const ai = v.accountInfo !== null && typeof v.accountInfo === 'object' ? v.accountInfo : {};
  return {
    csrf,
    accountInfo: {
      loginDisplayNameAccount: fact(ai.loginDisplayNameAccount),
      loginDisplayNameUser: fact(ai.loginDisplayNameUser),
      roleDisplayNameAccount: fact(ai.roleDisplayNameAccount),
      roleDisplayNameUser: fact(ai.roleDisplayNameUser),
    },
  };
}

/** The region the page shows: ?region=, else the regional host label, else the session's infrastructure region. */
export function regionOfUrl(url, sessionData = null) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const q = normalizeRegion(parsed.searchParams.get('region'));
  if (q) return q;
  const label = parsed.hostname.split('.')[0];
  const fromHost = normalizeRegion(label) ?? normalizeRegion(sessionOfHost(parsed.hostname)?.region);
  if (fromHost) return fromHost;
  return normalizeRegion(sessionData?.infrastructureRegion);
}

/**
 * Builds the console context.
 * @param {object} raw
 * @param {string} raw.url the page URL
 * @param {string|null} raw.sessionDataJson content of meta[name="awsc-session-data"]
 * @param {string|null} raw.signinEndpointMeta content of #awsc-signin-endpoint
 * @param {object|null} raw.accountInfo ConsoleNavService.AccountInfo members (validated strings)
 * @param {string|null} raw.accountLabel text of [data-testid="account-label"]
 * @param {string|null} raw.cookieBaseAccount `ba` from the console's role-history cookie
 */
export function buildConsoleContext(raw) {
  const url = typeof raw?.url === 'string' ? raw.url : '';
  const onConsole = isConsoleUrl(url);
  const host = onConsole ? new URL(url).hostname : null;
  const sessionData = parseSessionData(raw?.sessionDataJson);
  const ai = raw?.accountInfo ?? {};
  // Multi-session from the meta, or from the host name when the meta is missing or silent (AESR #372): a classic
  // form POST from a multi-session tab is always wrong.
  const hostSession = sessionOfHost(host);
  const prism = sessionData?.prismModeEnabled === true || hostSession !== null;
  const modeSource = sessionData?.prismModeEnabled === true ? 'session-meta' : hostSession ? 'host-name' : sessionData ? 'session-meta' : 'none';
  const sdMeta = typeof sessionData?.sessionDifferentiator === 'string' && SESSION_DIFFERENTIATOR.test(sessionData.sessionDifferentiator)
    ? sessionData.sessionDifferentiator
    : null;
  const sd = sdMeta ?? hostSession?.sessionDifferentiator ?? null;
  const region = onConsole ? regionOfUrl(url, sessionData) : null;

  const loginAccount = parseAccountDisplay(fact(ai.loginDisplayNameAccount) ?? '');
  const label = parseAccountDisplay(fact(raw?.accountLabel) ?? '');
  const loginUser = parseUserDisplay(fact(ai.loginDisplayNameUser) ?? '');
  const roleAccount = parseAccountDisplay(fact(ai.roleDisplayNameAccount) ?? '');
  const roleUser = parseUserDisplay(fact(ai.roleDisplayNameUser) ?? '');
  const switched = Boolean(roleAccount.accountId || roleAccount.alias || roleUser.role);

  // The login account: the id the console shows; when it shows an alias, the id from the account tile
  // (when not switched, the tile shows the login account) or from the role-history cookie's base account.
  let loginAccountId = loginAccount.accountId;
  if (!loginAccountId && !switched) loginAccountId = label.accountId;
  if (!loginAccountId) loginAccountId = normalizeAccountId(raw?.cookieBaseAccount);

  const currentAccountId = switched ? (roleAccount.accountId ?? (label.accountId !== loginAccountId ? label.accountId : null)) : loginAccountId;

  // Multi-session: each tab is its own session; roles are chosen from the identity of this tab (as AESR does).
  const baseAccountId = prism && switched && currentAccountId ? currentAccountId : loginAccountId;
  const baseAlias = prism && switched ? roleAccount.alias : loginAccount.alias;

  return {
    url,
    onConsole,
    host,
    partition: partitionOfHost(host),
    region,
    prism,
    modeSource,
    sessionDifferentiator: sd,
    signIn: resolveSignInEndpoint({ sessionData, signinEndpointMeta: fact(raw?.signinEndpointMeta), pageHost: host, pageRegion: region }),
    login: {
      accountId: loginAccountId,
      alias: loginAccount.alias,
      user: fact(ai.loginDisplayNameUser),
      role: loginUser.role,
      sso: loginUser.sso,
      permissionSet: loginUser.permissionSet,
    },
    switched,
    // The console shows the assumed role's name here (without its path); keep it whole.
    current: switched ? { accountId: currentAccountId, roleName: fact(ai.roleDisplayNameUser)?.trim() || roleUser.role } : null,
    baseAccountId,
    baseAlias,
  };
}
