// The same input rules as the host (host/SwitchRole.Core/Model/RoleValidator.cs), for data the extension
// itself picks up (the console's cookie, page facts) before it is shown or sent anywhere.
import { normalizeAccountId } from './account.js';

export const MAX_DISPLAY_NAME = 64;
export const MAX_ROLE_PATH_AND_NAME = 64;

const ROLE_SEGMENT = /^[A-Za-z0-9+=,.@_-]+$/;
const HEX_COLOR = /^[0-9a-fA-F]{6}$/;
// Partition prefixes: us, eu, ap, cn, us-gov, us-iso, eusc-de (European Sovereign Cloud, eusc-de-east-1).
const REGION = /^[a-z]{2,4}(-[a-z]{2,4})?-[a-z]+-[0-9]{1,2}$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export function normalizeRoleName(value) {
  if (typeof value !== 'string') return null;
  const role = value.trim().replace(/^\/+|\/+$/g, '');
  if (role === '' || role.length > MAX_ROLE_PATH_AND_NAME) return null;
  return role.split('/').every((s) => ROLE_SEGMENT.test(s)) ? role : null;
}

/** Strips `#`, lower-cases; null when absent or not 6 hex digits. */
export function normalizeColor(value) {
  if (typeof value !== 'string') return null;
  const c = value.trim().replace(/^#/, '');
  return HEX_COLOR.test(c) ? c.toLowerCase() : null;
}

export function normalizeRegion(value) {
  if (typeof value !== 'string') return null;
  const r = value.trim().toLowerCase();
  return REGION.test(r) ? r : null;
}

/** Trimmed, no control characters, at most `max` characters (longer text is cut, as the console does). */
export function cleanText(value, max = MAX_DISPLAY_NAME) {
  if (typeof value !== 'string') return null;
  const t = value.trim();
  if (t === '' || CONTROL.test(t)) return null;
  return Array.from(t).slice(0, max).join('');
}

export function roleNameWithoutPath(roleName) {
  const s = String(roleName ?? '');
  return s.slice(s.lastIndexOf('/') + 1);
}

/**
 * Checks a role object as the host sends it (or as the cache holds it) before it is used. Returns a cleaned
 * copy, or null when the entry cannot be switched to.
 */
export function sanitizeRole(raw) {
  if (raw === null || typeof raw !== 'object') return null;
  const accountId = normalizeAccountId(raw.accountId);
  const roleName = normalizeRoleName(raw.roleName);
  if (!accountId || !roleName) return null;
  return {
    accountId,
    roleName,
    displayName: cleanText(raw.displayName) ?? `${roleNameWithoutPath(roleName)} @ ${accountId}`,
    color: normalizeColor(raw.color),
    region: normalizeRegion(raw.region),
    baseAccountId: normalizeAccountId(raw.baseAccountId),
    group: cleanText(raw.group, 128),
    origin: typeof raw.origin === 'string' ? raw.origin : 'local',
    lastUsedAt: typeof raw.lastUsedAt === 'string' ? raw.lastUsedAt : null,
    useCount: Number.isInteger(raw.useCount) ? raw.useCount : 0,
  };
}
