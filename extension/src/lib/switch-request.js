// The exact requests a switch sends: the classic console's form POST to /switchrole and the multi-session
// console's JSON POST. Field names and encodings follow the console's own forms (reference: AESR).
import { isConsoleUrl, isSignInHost, PARTITIONS } from './hosts.js';
import { cleanText, MAX_DISPLAY_NAME, normalizeRegion, normalizeColor } from './validate.js';

export const DEFAULT_COLOR = 'aaaaaa';

export class SwitchError extends Error {
  constructor(message) {
    super(message);
    this.name = 'SwitchError';
  }
}

/**
 * Where to land after the switch: the same page, with `region=` set to the entry's region when it has one.
 * A page that is not a console page lands on the console home of its partition.
 */
export function redirectTarget(pageUrl, region, partition = 'aws') {
  const r = normalizeRegion(region);
  let target = isConsoleUrl(pageUrl) ? pageUrl : `https://${PARTITIONS[partition]?.consoleSuffix ?? PARTITIONS.aws.consoleSuffix}/console/home`;
  if (!r) return target;
  const hashAt = target.indexOf('#');
  const hash = hashAt >= 0 ? target.slice(hashAt) : '';
  let rest = hashAt >= 0 ? target.slice(0, hashAt) : target;
  // Replace in place rather than re-serialising the query, so the console's other parameters stay byte for byte.
  if (/([?&])region=[^&]*/.test(rest)) rest = rest.replace(/([?&])region=[^&]*/, `$1region=${r}`);
  else rest += (rest.includes('?') ? '&' : '?') + `region=${r}`;
  target = rest + hash;
  return target;
}

/** The display name the console shows in its nav bar: at most 64 characters. */
export function switchDisplayName(role) {
  return cleanText(role.displayName, MAX_DISPLAY_NAME) ?? `${role.roleName} @ ${role.accountId}`.slice(0, MAX_DISPLAY_NAME);
}

function signInHost(context) {
  const host = context?.signIn?.host;
  if (!isSignInHost(host)) throw new SwitchError('No AWS sign-in endpoint is known for this page.');
  return host;
}

function requireCsrf(csrf) {
  if (typeof csrf !== 'string' || csrf === '') {
    throw new SwitchError('The console page did not provide its CSRF token (AWSC.Auth.getMbtc); reload the page and try again.');
  }
  return csrf;
}

/**
 * Classic console: a top-level form POST.
 * @returns {{ action: string, fields: [string, string][] }}
 */
export function buildSwitchForm(role, context, csrf) {
  const target = redirectTarget(context.url, role.region, context.partition ?? 'aws');
  return {
    action: `https://${signInHost(context)}/switchrole`,
    fields: [
      ['action', 'switchFromBasis'],
      ['src', 'nav'],
      ['mfaNeeded', '0'],
      ['csrf', requireCsrf(csrf)],
      ['account', role.accountId],
      ['roleName', role.roleName],
      ['displayName', switchDisplayName(role)],
      ['color', normalizeColor(role.color) ?? DEFAULT_COLOR],
      // Encoded here and again by the form post: the console's own role-history form does the same.
      ['redirect_uri', encodeURIComponent(target)],
    ],
  };
}

/** "Switch back" to the base identity (classic console). */
export function buildSwitchBackForm(context, csrf) {
  const target = redirectTarget(context.url, null, context.partition ?? 'aws');
  return {
    action: `https://${signInHost(context)}/switchrole`,
    fields: [
      ['action', 'switchToBasis'],
      ['src', 'nav'],
      ['csrf', requireCsrf(csrf)],
      ['redirect_uri', encodeURIComponent(target)],
    ],
  };
}

/**
 * Multi-session console: JSON POST to /sessions/<sessionDifferentiator>/v1/switchrole.
 * The redirect is the plain URL without the session label in its host.
 * @returns {{ url: string, headers: Record<string,string>, body: string }}
 */
export function buildMultiSessionRequest(role, context) {
  const sd = context.sessionDifferentiator;
  if (!sd) throw new SwitchError('This multi-session console page did not give its session id (sessionDifferentiator).');
  const target = new URL(redirectTarget(context.url, role.region, context.partition ?? 'aws'));
  if (target.hostname.startsWith(`${sd}.`)) target.hostname = target.hostname.slice(sd.length + 1);
  return {
    url: `https://${signInHost(context)}/sessions/${encodeURIComponent(sd)}/v1/switchrole`,
    headers: { 'Content-Type': 'application/json', 'X-CSRF-PROTECTION': '1' },
    body: JSON.stringify({
      account: role.accountId,
      color: normalizeColor(role.color) ?? DEFAULT_COLOR,
      displayName: switchDisplayName(role),
      redirectUri: target.toString(),
      roleName: role.roleName,
    }),
  };
}

/** Reads the multi-session answer: `{ destination }`, a console URL. Anything else is a failed switch. */
export function parseMultiSessionResponse(status, text) {
  let v = null;
  try {
    v = JSON.parse(text);
  } catch {
    v = null;
  }
  const dest = v?.destination;
  if (status >= 200 && status < 300 && isConsoleUrl(dest)) return dest;
  if (status >= 200 && status < 300 && typeof dest === 'string') {
    throw new SwitchError('The sign-in service sent a destination outside the AWS console; SwitchRole did not follow it.');
  }
  const msg = typeof v?.message === 'string' ? ` (${cleanText(v.message, 200)})` : '';
  throw new SwitchError(`Switch failed: HTTP ${status}${msg}. This session may not be allowed to assume that role.`);
}
