// What the content script found on a console page, as a report with no account ids, role names or tokens in it:
// only hook names, where the CSRF token and sign-in host came from, the console host pattern and versions. The
// popup shows it as one line; "Copy diagnostics" gives the text for a bug report; the host keeps the last one per
// browser for `switchrole doctor`. The host accepts exactly these names (host/PROTOCOL.md, diagnostics.report).

/** Every hook the content script looks for, in the order reports list them. */
export const HOOKS = Object.freeze([
  'menu-button', // [data-testid="awsc-nav-account-menu-button"], the narrow variant, #nav-usernameMenu
  'dropdown', // the button's aria-controls, #menu--account, or the container of account-detail-menu
  'identity-global', // ConsoleNavService.AccountInfo (page world)
  'session-meta', // meta[name="awsc-session-data"]
  'csrf', // AWSC.Auth.getMbtc (page world) or input[name=csrf] in the console's own forms
  'sign-in-host', // from the session meta or #awsc-signin-endpoint (not derived from the partition)
]);

export const CSRF_SOURCES = Object.freeze(['page-global', 'form', 'none']);
export const SIGN_IN_SOURCES = Object.freeze(['awsc-session-data', 'awsc-signin-endpoint', 'infrastructureRegion', 'page host', 'default']);
export const MODES = Object.freeze(['classic', 'multi-session']);
export const MODE_SOURCES = Object.freeze(['session-meta', 'host-name', 'none']);

const PATTERN = /^(?:\{(?:session|region|other)\}\.){0,3}console\.(?:aws\.amazon\.com|amazonaws-us-gov\.com|amazonaws\.cn|amazonaws-eusc\.eu)$/;
const VERSION = /^[0-9A-Za-z.+-]{1,32}$/;

function oneOf(list, v, fallback) {
  return list.includes(v) ? v : fallback;
}

/**
 * The report, from what the content script saw. Every member is checked against a fixed set, so nothing from the
 * page can ride along.
 */
export function makeReport({ found = [], consoleHost = null, mode = 'classic', modeSource = 'none', csrfSource = 'none', signInSource = 'default', switchErrors = 0 } = {}) {
  const f = new Set(found.filter((h) => HOOKS.includes(h)));
  return {
    consoleHost: typeof consoleHost === 'string' && PATTERN.test(consoleHost) ? consoleHost : null,
    mode: oneOf(MODES, mode, 'classic'),
    modeSource: oneOf(MODE_SOURCES, modeSource, 'none'),
    csrfSource: oneOf(CSRF_SOURCES, csrfSource, 'none'),
    signInSource: oneOf(SIGN_IN_SOURCES, signInSource, 'default'),
    found: HOOKS.filter((h) => f.has(h)),
    missing: HOOKS.filter((h) => !f.has(h)),
    switchErrors: Number.isInteger(switchErrors) && switchErrors >= 0 ? Math.min(switchErrors, 1000) : 0,
  };
}

/** A report that came from another context (a content script, storage): checked again, or null. */
export function validateReport(v) {
  if (v === null || typeof v !== 'object' || !Array.isArray(v.found)) return null;
  return makeReport(v);
}

/** The one line the popup shows. */
export function summarize(report) {
  if (!report) return 'No diagnostics yet: open or reload an AWS console tab.';
  const missing = new Set(report.missing);
  const mode = report.mode === 'multi-session' ? 'multi-session console' : 'classic console';
  if (missing.has('menu-button')) return 'Menu hook missing: roles are under the SwitchRole button (bottom right of the page).';
  if (missing.has('dropdown')) return 'Account menu not found: roles open in a floating list next to the menu button.';
  if (report.mode === 'classic' && report.csrfSource === 'none') return "CSRF token missing: each role opens the console's own switch-role page instead of switching in one click.";
  if (report.mode === 'multi-session' && report.modeSource === 'host-name') return 'Session meta missing: multi-session mode read from the host name; switching still works.';
  if (missing.has('identity-global')) return 'Identity global missing: the signed-in account is read from the page text.';
  if (report.csrfSource === 'form') return 'CSRF read from the console\'s own form (AWSC.Auth.getMbtc missing); switching still works.';
  return `All console hooks found (${mode}).`;
}

/** The text "Copy diagnostics" puts on the clipboard: no account ids, role names or tokens. */
export function diagnosticsText(report, { extensionVersion = null, hostVersion = null, browser = null, at = null, errors = [] } = {}) {
  const v = (s) => (typeof s === 'string' && VERSION.test(s) ? s : 'unknown');
  const lines = [
    'SwitchRole diagnostics',
    `summary: ${summarize(report)}`,
    `browser: ${browser === 'firefox' || browser === 'chromium' ? browser : 'unknown'}`,
    `extension: ${v(extensionVersion)}`,
    `host: ${v(hostVersion)}`,
  ];
  if (report) {
    lines.push(
      `console host: ${report.consoleHost ?? 'unknown'}`,
      `mode: ${report.mode} (from ${report.modeSource})`,
      `hooks found: ${report.found.join(', ') || 'none'}`,
      `hooks missing: ${report.missing.join(', ') || 'none'}`,
      `csrf source: ${report.csrfSource}`,
      `sign-in host source: ${report.signInSource}`,
      `failed switches on that page: ${report.switchErrors}`,
    );
  }
  if (typeof at === 'string' && /^[0-9T:.Z-]{10,30}$/.test(at)) lines.push(`reported: ${at}`);
  // The background's recent handled errors, scrubbed where they were recorded (background/state.js scrubMessage).
  const recent = Array.isArray(errors) ? errors.slice(-10) : [];
  if (recent.length > 0) {
    lines.push('recent background errors:');
    for (const e of recent) lines.push(`  ${e.at ?? ''} ${e.where ?? ''}: ${e.code ? `${e.code}: ` : ''}${e.message ?? ''}`.trimEnd());
  }
  return lines.join('\n');
}
