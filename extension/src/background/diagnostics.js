// The last console-hook report of each tab (from the content script), for the popup's one-line diagnosis and
// "Copy diagnostics", and the last one of this browser sent to the host (`diagnostics.report`) so
// `switchrole doctor` can print it. Reports carry hook names, sources, the console host pattern and versions only.
import { validateReport, diagnosticsText, summarize } from '../lib/diagnostics.js';

export const DIAGNOSTICS_ACTION = 'diagnostics.report';
const MAX_TABS = 64;

/**
 * @param {object} deps
 * @param {(action: string, params: object) => Promise<unknown>} deps.request the native client's request
 * @param {() => string[]} deps.capabilities the host's capabilities (an older host has no diagnostics.report)
 * @param {string} deps.browser 'chromium' or 'firefox'
 * @param {string} deps.extensionVersion
 * @param {() => string|null} deps.hostVersion
 * @param {() => string} [deps.now]
 * @param {(where: string, error: unknown) => void} [deps.onError] a report the host refused or never got
 * @param {object} [deps.slot] where the reports are kept (the background's state object: `createHookSlot()`)
 */
export function createDiagnostics({ request, capabilities, browser, extensionVersion, hostVersion, now = () => new Date().toISOString(), onError = () => {}, slot = createHookSlot() }) {
  const { byTab } = slot;

  function sendToHost() {
    if (!slot.latest || !capabilities().includes(DIAGNOSTICS_ACTION)) return;
    const params = { browser, extensionVersion, ...slot.latest.report };
    const key = JSON.stringify(params);
    if (key === slot.sentKey) return;
    slot.sentKey = key;
    slot.pending = Promise.resolve(request(DIAGNOSTICS_ACTION, params)).catch((e) => {
      slot.sentKey = null; // try again with the next report or the next connection
      onError('send console diagnostics to the host', e);
    });
  }

  return {
    /** A content script's report for its tab; ignored when malformed. */
    record(tabId, report) {
      const r = validateReport(report);
      if (!r) return { ok: false };
      const entry = { report: r, at: now() };
      if (Number.isInteger(tabId)) {
        byTab.delete(tabId);
        byTab.set(tabId, entry);
        if (byTab.size > MAX_TABS) byTab.delete(byTab.keys().next().value);
      }
      slot.latest = entry;
      sendToHost();
      return { ok: true };
    },
    /** The host (re)connected: it may not have this browser's last report yet. */
    connected() {
      slot.sentKey = null;
      sendToHost();
    },
    forget(tabId) {
      byTab.delete(tabId);
    },
    /**
     * For the popup: the tab's report, its one-line summary and the text to copy. `errors` are the background's
     * recent handled errors (already scrubbed), added to the copied text.
     */
    view(tabId, errors = []) {
      const entry = (Number.isInteger(tabId) ? byTab.get(tabId) : null) ?? null;
      const report = entry?.report ?? null;
      return {
        report,
        at: entry?.at ?? null,
        summary: summarize(report),
        text: diagnosticsText(report, { extensionVersion, hostVersion: hostVersion(), browser, at: entry?.at ?? null, errors }),
      };
    },
    /** Every tab's view, for the pages' broadcast (at most MAX_TABS). */
    views(errors = []) {
      return [...byTab.keys()].map((tabId) => ({ tabId, ...this.view(tabId, errors) }));
    },
    get pending() {
      return slot.pending;
    },
  };
}

/** The reports' place in the background's state object: per tab, the latest, and what the host was last sent. */
export function createHookSlot() {
  return { byTab: new Map(), latest: null, sentKey: null, pending: null };
}

/**
 * What tabs.create gets for a tab the extension opens from a console tab: next to it, in the same window and, in
 * Firefox, the same container (cookieStoreId), so the new session keeps the container's cookies (AESR #363).
 */
export function newTabProps(senderTab, url) {
  const props = { url, active: true, index: (senderTab?.index ?? 0) + 1 };
  if (Number.isInteger(senderTab?.windowId)) props.windowId = senderTab.windowId;
  if (typeof senderTab?.cookieStoreId === 'string' && senderTab.cookieStoreId !== '') props.cookieStoreId = senderTab.cookieStoreId;
  return props;
}
