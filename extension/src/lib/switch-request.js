// The exact requests a switch sends: the classic console's form POST to /switchrole and the multi-session
// console's JSON POST. Field names and encodings follow the console's own forms (reference: AESR).
import { isConsoleUrl, isSignInHost, PARTITIONS, partitionSignInHost } from './hosts.js';
import { cleanText, MAX_DISPLAY_NAME, normalizeRegion, normalizeColor } from './validate.js';

export const DEFAULT_COLOR = 'aaaaaa';

export class SwitchError extends Error {
  /** @param {string} message @param {string} [kind] what failed, for the fallback: no-csrf, no-sign-in, multi-session, refused */
  constructor(message, kind = 'refused') {
    super(message);
    this.name = 'SwitchError';
    this.kind = kind;
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
  if (!isSignInHost(host)) throw new SwitchError('No AWS sign-in endpoint is known for this page.', 'no-sign-in');
  return host;
}

function requireCsrf(csrf) {
  if (typeof csrf !== 'string' || csrf === '') {
    throw new SwitchError("This console page gives no CSRF token (neither AWSC.Auth.getMbtc nor a form), so one-click switching is not possible here: use the console's own switch-role page.", 'no-csrf');
  }
  return csrf;
}

/**
 * Classic console: a top-level form POST.
 * @returns {{ action: string, fields: [string, string][] }}
 */
export function buildSwitchForm(role, context, csrf) {
  if (context?.prism) throw new SwitchError('This is a multi-session console tab: a classic switch would sign the session out.', 'multi-session');
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
  if (context?.prism) throw new SwitchError('This is a multi-session console tab: sign out of the session from the account menu instead.', 'multi-session');
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
  if (!sd) throw new SwitchError('This multi-session console page did not give its session id (sessionDifferentiator).', 'no-session');
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
export function parseMultiSessionResponse(status, text, role = null) {
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
  throw new SwitchError(multiSessionProblem(status, typeof v?.message === 'string' ? v.message : '', role), 'refused');
}

/**
 * The multi-session refusals in plain words. AWS's wording is not documented; these match what users report
 * (AESR #358, #385: the five-session limit, re-signing an open session signs its tabs out, role chaining refused).
 */
export function multiSessionProblem(status, message, role = null) {
  const m = String(message ?? '');
  const what = role ? `${role.roleName} in ${role.accountId}` : 'that role';
  if (/\b(5|five)\b.*session|session.*(limit|maximum)|maximum.*session|too many sessions/i.test(m) || status === 429) {
    return 'The console allows at most 5 sessions at once. Sign out of one session (account menu, "Sign out" of that session), then try again.';
  }
  if (/already (exists|open|active|signed)|session.*(exists|already)|duplicate/i.test(m) || status === 409) {
    return `A session for ${what} is already open in this browser. Use its tab: signing it in again would sign its open tabs out.`;
  }
  if (status === 401 || status === 403 || /not authorized|access ?denied|permission|forbidden/i.test(m)) {
    return `This session is not allowed to switch to ${what}: the role's trust policy or your permissions do not allow it (AWS said HTTP ${status}).`;
  }
  const said = cleanText(m, 200);
  return `The sign-in service refused the switch (HTTP ${status}${said ? `: ${said}` : ''}).`;
}

/**
 * The console's own switch-role page for a role, prefilled: what a row offers when one click cannot do the switch
 * (no CSRF token, no sign-in host, the multi-session API refused). AWS documents these parameters; the page's
 * inputs are #accountId/#roleName since March 2024 (AESR #340).
 */
export function switchRolePageUrl(role, context) {
  const partition = context?.partition ?? 'aws';
  const host = isSignInHost(context?.signIn?.host) ? context.signIn.host : partitionSignInHost(partition, context?.region);
  let target = redirectTarget(context?.url, role.region, partition);
  const sd = context?.sessionDifferentiator;
  if (sd) {
    const u = new URL(target);
    if (u.hostname.startsWith(`${sd}.`)) u.hostname = u.hostname.slice(sd.length + 1);
    target = u.toString();
  }
  const q = new URLSearchParams([
    ['account', role.accountId],
    ['roleName', role.roleName],
    ['displayName', switchDisplayName(role)],
    ['color', normalizeColor(role.color) ?? DEFAULT_COLOR],
    ['redirect_uri', target],
  ]);
  return `https://${host}/switchrole?${q.toString()}`;
}
