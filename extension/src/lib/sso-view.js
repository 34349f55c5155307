// What the popup's Identity Center section shows: accounts (from the host's `sso.accounts`) filtered by a search,
// each with its permission sets. Pure functions, so the rules are tested without a browser.

/** Accounts whose name, id (with or without dashes) or a permission set contains `query` (case-insensitive); a match on
 *  a permission set keeps only the matching sets of that account. Order as given (the host sorts by name). */
export function filterSsoAccounts(accounts, query) {
  const list = Array.isArray(accounts) ? accounts : [];
  const q = String(query ?? '').trim().toLowerCase();
  if (q === '') return list;
  const digits = q.replace(/[-\s]/g, '');
  const out = [];
  for (const a of list) {
    const accountHit = (a.accountName ?? '').toLowerCase().includes(q) || (digits !== '' && /^\d+$/.test(digits) && a.accountId.includes(digits));
    if (accountHit) {
      out.push(a);
      continue;
    }
    const sets = a.permissionSets.filter((p) => p.toLowerCase().includes(q));
    if (sets.length > 0) out.push({ ...a, permissionSets: sets });
  }
  return out;
}

/** The line under the list: how many accounts, and a word when the host listed only part of them. */
export function ssoSummary({ total, truncated, shown }) {
  const n = Number.isInteger(total) ? total : 0;
  const word = n === 1 ? 'account' : 'accounts';
  if (truncated) return `${n} ${word}; the first ${shown} by name are listed (see switchrole discover sso for all).`;
  return `${n} ${word} in IAM Identity Center.`;
}
