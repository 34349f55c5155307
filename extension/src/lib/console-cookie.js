// The console's own role history: cookie noflush_awsc-roleInfo, URI-encoded JSON
// { bn: base user, ba: base account, rl: [{ a: account, r: role name, d: display name, c: colour }] }.
import { normalizeAccountId, isAccountAlias } from './account.js';
import { normalizeRoleName, normalizeColor, cleanText } from './validate.js';

export const ROLE_INFO_COOKIE = 'noflush_awsc-roleInfo';

/** The raw value of one cookie from a `document.cookie` string, or null. */
export function cookieFromHeader(header, name) {
  if (typeof header !== 'string') return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/**
 * Parses the cookie value. Entries that break a rule are left out and counted in `rejected` (with the reason),
 * so one bad entry does not hide the others.
 * @returns {{ baseUser: string|null, baseAccountId: string|null, roles: object[], rejected: string[] } | null}
 */
export function parseRoleInfoCookie(raw) {
  if (typeof raw !== 'string' || raw === '' || raw.length > 16384) return null;
  let text = raw.trim();
  if (text.startsWith('"') && text.endsWith('"')) text = text.slice(1, -1);
  let v;
  try {
    // The console writes the value form-encoded: a space may arrive as `+` (aws-role-editor decodes it so).
    v = JSON.parse(decodeURIComponent(text.replace(/\+/g, ' ')));
  } catch {
    try {
      v = JSON.parse(text);
    } catch {
      return null;
    }
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  const roles = [];
  const aliased = [];
  const rejected = [];
  const list = Array.isArray(v.rl) ? v.rl.slice(0, 50) : [];
  list.forEach((e, i) => {
    const accountId = normalizeAccountId(e?.a);
    const alias = !accountId && typeof e?.a === 'string' && isAccountAlias(e.a.trim()) ? e.a.trim() : null;
    const roleName = normalizeRoleName(e?.r);
    if (!accountId && !alias) return void rejected.push(`rl[${i}].a: not a 12-digit account id or an account alias`);
    if (!roleName) return void rejected.push(`rl[${i}].r: not an IAM role name`);
    const entry = { roleName, displayName: cleanText(decodeDisplayName(e?.d)), color: normalizeColor(e?.c) };
    if (accountId) roles.push({ accountId, ...entry });
    else aliased.push({ alias, ...entry });
  });
  return {
    baseUser: cleanText(v.bn, 128),
    baseAccountId: normalizeAccountId(v.ba),
    roles,
    aliased,
    rejected,
  };
}

/** `d` may be encoded a second time (`Team%20Ops%20Role`, `Team+Ops+Role`): the console's name is the decoded text. */
export function decodeDisplayName(d) {
  if (typeof d !== 'string') return null;
  if (!/[+%]/.test(d)) return d;
  try {
    return decodeURIComponent(d.replace(/\+/g, ' '));
  } catch {
    return d;
  }
}

/**
 * Which cookie roles to store: those not already known (by account and role name) and not learned before
 * (so a role the user deleted is not brought back by the cookie). Each gets origin `console`.
 */
export function rolesToLearn(parsed, knownKeys, learnedKeys, aliases = null) {
  if (!parsed) return [];
  const out = [];
  // An alias in `a` is learned only when the page told which account id it names; otherwise it is skipped.
  const resolved = (parsed.aliased ?? [])
    .map((r) => ({ ...r, accountId: normalizeAccountId(aliases?.[r.alias]) }))
    .filter((r) => r.accountId);
  const seen = new Set();
  for (const r of [...parsed.roles, ...resolved]) {
    const key = `${r.accountId}:${r.roleName}`;
    if (knownKeys.has(key) || learnedKeys.has(key) || seen.has(key)) continue;
    seen.add(key);
    const entry = { accountId: r.accountId, roleName: r.roleName, origin: 'console' };
    if (r.displayName) entry.displayName = r.displayName;
    if (r.color) entry.color = r.color;
    out.push(entry);
  }
  return out;
}

/** How many alias entries of the cookie could not be learned because the page did not say their account id. */
export function unresolvedAliases(parsed, aliases = null) {
  return (parsed?.aliased ?? []).filter((r) => !normalizeAccountId(aliases?.[r.alias])).length;
}
