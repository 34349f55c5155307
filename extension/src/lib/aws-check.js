// The AWS helpers as the pages show them (host/PROTOCOL.md "aws.check", "aws.signinUrl"): the check's statuses as
// short labels, progress and summary wording, and the result of one entry as DOM built with textContent only
// (the host's messages quote role ARNs from a team file: never markup).

/** `status` from aws.check → the label shown beside the entry. */
export const STATUS_LABELS = Object.freeze({
  assumable: 'assumable',
  'denied-by-trust-policy': 'denied by trust policy',
  'denied-by-caller-policy': 'denied by caller policy',
  denied: 'denied',
  'not-found': 'not found',
  'mfa-required': 'MFA required',
  throttled: 'throttled',
  error: 'error',
});

/** How a status looks: fine, a problem with the entry or its policies, or a failure to find out. */
const STATUS_KINDS = Object.freeze({
  assumable: 'ok',
  'denied-by-trust-policy': 'denied',
  'denied-by-caller-policy': 'denied',
  denied: 'denied',
  'not-found': 'denied',
  'mfa-required': 'warning',
  throttled: 'warning',
  error: 'warning',
});

export function statusLabel(status) {
  return Object.hasOwn(STATUS_LABELS, status) ? STATUS_LABELS[status] : 'error';
}

/** Timeouts for the background: a check of every entry can take minutes for thousands of roles. */
export const AWS_TIMEOUTS = Object.freeze({ checkAll: 10 * 60 * 1000, checkOne: 60 * 1000, signinUrl: 60 * 1000 });

export function awsCheckTimeout(params) {
  return params?.all === true ? AWS_TIMEOUTS.checkAll : AWS_TIMEOUTS.checkOne;
}

export function checkKey(accountId, roleName) {
  return `${accountId}:${roleName}`;
}

/** What the page says while a check runs. */
export function checkProgressText(count) {
  const n = Number.isInteger(count) && count >= 0 ? count : 0;
  return n === 1 ? 'Checking 1 role…' : `Checking ${n} roles…`;
}

/** One entry's result as the page shows it; anything malformed in the answer becomes an "error" without a message. */
export function checkResultView(result) {
  const status = typeof result?.status === 'string' && Object.hasOwn(STATUS_LABELS, result.status) ? result.status : 'error';
  return {
    status,
    label: STATUS_LABELS[status],
    kind: STATUS_KINDS[status],
    message: typeof result?.message === 'string' ? result.message : '',
  };
}

/** The results of an aws.check answer by entry key, plus the summary line. */
export function readCheckReport(report) {
  const results = new Map();
  for (const r of Array.isArray(report?.results) ? report.results : []) {
    if (typeof r?.accountId !== 'string' || typeof r?.roleName !== 'string') continue;
    results.set(checkKey(r.accountId, r.roleName), checkResultView(r));
  }
  const total = Number.isInteger(report?.total) ? report.total : results.size;
  const assumable = Number.isInteger(report?.assumable) ? report.assumable : [...results.values()].filter((v) => v.status === 'assumable').length;
  const summary = total === 1
    ? `Checked 1 role: ${assumable === 1 ? 'assumable' : 'not assumable'}.`
    : `Checked ${total} roles: ${assumable} assumable, ${total - assumable} not.`;
  return { results, total, assumable, summary };
}

/** A failed check or sign-in as one line: the host's AwsError sentence already names the fix. */
export function awsFailureText(error, what = 'The AWS check') {
  const message = typeof error?.message === 'string' && error.message ? error.message : 'no answer from SwitchRole';
  return `${what} failed: ${message}`;
}

/** Builds the result cell's content: a label and the host's message, both as text nodes. */
export function renderCheckResult(doc, view) {
  const label = doc.createElement('span');
  label.className = `swr-check-label swr-check-${view.kind}`;
  label.textContent = view.label;
  const message = doc.createElement('span');
  message.className = 'swr-check-message';
  message.textContent = view.message ? ` ${view.message}` : '';
  return [label, message];
}

/**
 * A federation sign-in URL the background may open: https, or http on loopback (the host allows that for its
 * federation endpoint override, which tests use). Never logged, stored or sent to a page.
 */
export function isOpenableSigninUrl(text) {
  if (typeof text !== 'string') return false;
  let url;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]');
}
