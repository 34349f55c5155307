// The runtime messages between the extension's own parts, in one table. The background is the only part that talks
// to the host; popup, options page and content scripts ask it with these, and it answers every view with `state`.

export const MESSAGES = Object.freeze({
  // Views -> background.
  getState: 'get-state',
  refresh: 'refresh',
  touch: 'touch',
  consolePage: 'console-page',
  // A content script's console-hook report for its tab (lib/diagnostics.js makeReport).
  diagnostics: 'diagnostics',
  openTab: 'open-tab',
  setSettings: 'set-settings',
  host: 'host',
  openFederated: 'open-federated',
  // The popup's Identity Center section (popup/identity-center.js).
  ssoAccounts: 'sso-accounts',
  ssoSessions: 'sso-sessions',
  openSso: 'open-sso',
  syncRestore: 'sync-restore',
  syncDismiss: 'sync-dismiss',
  syncClear: 'sync-clear',
  // Background -> every view: the state, with the list's change when one view can patch its copy (lib/state-view.js).
  state: 'state',
  // Background or popup -> a console tab's content script.
  openMenu: 'open-menu',
  switchBack: 'switch-back',
  getContext: 'get-context',
  switch: 'switch',
});

/** Who may send each message the background handles: `pages` only the extension's own pages (popup, options),
 *  `any` those pages and the content scripts on console tabs. A type missing here is not handled. */
export const BACKGROUND_MESSAGES = Object.freeze({
  [MESSAGES.getState]: 'any',
  [MESSAGES.refresh]: 'any',
  [MESSAGES.touch]: 'any',
  [MESSAGES.consolePage]: 'any',
  [MESSAGES.diagnostics]: 'any',
  [MESSAGES.openTab]: 'any',
  [MESSAGES.setSettings]: 'pages',
  [MESSAGES.host]: 'pages',
  [MESSAGES.openFederated]: 'pages',
  [MESSAGES.ssoAccounts]: 'pages',
  [MESSAGES.ssoSessions]: 'pages',
  [MESSAGES.openSso]: 'pages',
  [MESSAGES.syncRestore]: 'pages',
  [MESSAGES.syncDismiss]: 'pages',
  [MESSAGES.syncClear]: 'pages',
});

export const PAGES_ONLY_ERROR = "Only SwitchRole's own pages can ask for this.";
