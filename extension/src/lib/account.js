// Account ids, aliases and identities as the console shows them.

/** `1234-5678-9012`, `1234 5678 9012` or `123456789012` gives `123456789012`; anything else gives null. */
export function normalizeAccountId(value) {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const compact = String(value).trim().replace(/[-\s]/g, '');
  return /^[0-9]{12}$/.test(compact) ? compact : null;
}

export function formatAccountId(id) {
  return /^[0-9]{12}$/.test(id ?? '') ? `${id.slice(0, 4)}-${id.slice(4, 8)}-${id.slice(8)}` : String(id ?? '');
}

/** An account alias as IAM allows it: 3-63 of a-z, 0-9, hyphen, not starting or ending with a hyphen. */
export function isAccountAlias(value) {
  return typeof value === 'string' && /^[a-z0-9]([a-z0-9-]{1,61})[a-z0-9]$/.test(value);
}

/**
 * The account half of what the console displays: an id (any dash style) or an alias.
 * @returns {{ accountId: string|null, alias: string|null }}
 */
export function parseAccountDisplay(value) {
  if (typeof value !== 'string') return { accountId: null, alias: null };
  const text = value.trim();
  const id = normalizeAccountId(text);
  if (id) return { accountId: id, alias: null };
  // The account tile reads "Alias (1234-5678-9012)".
  const m = /^(.*?)\s*\(\s*([0-9][0-9 -]{10,16}[0-9])\s*\)$/.exec(text);
  if (m) {
    const inner = normalizeAccountId(m[2]);
    if (inner) return { accountId: inner, alias: isAccountAlias(m[1].trim()) ? m[1].trim() : null };
  }
  return { accountId: null, alias: isAccountAlias(text) ? text : null };
}

/**
 * The user half: `Role/session` (federated or switched), an IAM user name, or
 * `AWSReservedSSO_<permission set>_<hash>/user` (IAM Identity Center).
 * @returns {{ role: string|null, session: string|null, sso: boolean, permissionSet: string|null }}
 */
export function parseUserDisplay(value) {
  if (typeof value !== 'string' || value.trim() === '') return { role: null, session: null, sso: false, permissionSet: null };
  const text = value.trim();
  const slash = text.indexOf('/');
  const first = slash >= 0 ? text.slice(0, slash) : text;
  const session = slash >= 0 ? text.slice(slash + 1) : null;
  const sso = /^AWSReservedSSO_(.+)_([0-9a-f]+)$/i.exec(first);
  if (sso) return { role: first, session, sso: true, permissionSet: sso[1] };
  return { role: first, session, sso: false, permissionSet: null };
}
