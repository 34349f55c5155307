// Options page, settings section: learning from the console's history, the browser-sync copy (its state, and
// removing it), and the offer to restore from that copy on a machine whose host has no entries.
import { formatBytes } from '../lib/import-request.js';
import { MESSAGES } from '../lib/messages.js';
import { $, setStatus, send } from './view.js';

/** @param {{ view: { state: object|null } }} opts */
export function createSettings({ view }) {
  function syncText(s) {
    if (!s?.available) return 'This browser has no sync storage.';
    if (s.error) return `The sync copy could not be written: ${s.error}`;
    if (s.count === null || s.count === undefined) return 'No copy written by this browser yet.';
    if (s.total > s.count) return `The sync copy holds the ${s.count} most recently used of ${s.total} entries: the browser's sync storage holds about 100 KB.`;
    return `The sync copy holds all ${s.count} entries (${formatBytes(s.bytes ?? 0)} of about 100 KB), saved ${s.savedAt}.`;
  }

  function render() {
    const state = view.state;
    $('swr-learn').checked = state?.settings?.learnFromConsole !== false;
    $('swr-sync-copy').checked = state?.settings?.syncCopy !== false;
    $('swr-sync-status').textContent = syncText(state?.sync);
    const offer = state?.syncOffer;
    $('swr-sync-offer').hidden = !offer;
    if (offer) {
      const partial = offer.partial ? ' (part of it is still arriving from sync)' : '';
      const kept = offer.total > offer.count ? ` (the ${offer.count} most recently used of ${offer.total})` : '';
      $('swr-sync-offer-text').textContent = `SwitchRole has no entries on this machine. Restore ${offer.count} ${offer.count === 1 ? 'entry' : 'entries'} from your browser's sync?${kept}${partial}`;
    }
  }

  function wire() {
    // The background broadcasts the new settings; the page shows them from there.
    $('swr-learn').addEventListener('change', () => send({ type: MESSAGES.setSettings, settings: { learnFromConsole: $('swr-learn').checked } }));
    $('swr-sync-copy').addEventListener('change', () => send({ type: MESSAGES.setSettings, settings: { syncCopy: $('swr-sync-copy').checked } }));
    $('swr-sync-clear').addEventListener('click', async () => {
      await send({ type: MESSAGES.syncClear });
      $('swr-sync-status').textContent = 'The copy was removed from sync storage; it is written again at the next change while the setting is on.';
    });
    $('swr-sync-restore').addEventListener('click', async () => {
      $('swr-sync-restore').disabled = true;
      const res = await send({ type: MESSAGES.syncRestore });
      $('swr-sync-restore').disabled = false;
      setStatus($('swr-notice'), res?.ok ? `Restored ${res.added} entries from the browser's sync.` : `Not restored: ${res?.error ?? 'no answer'}`, res?.ok ? 'ok' : 'error');
    });
    $('swr-sync-dismiss').addEventListener('click', () => send({ type: MESSAGES.syncDismiss }));
  }

  return { render, wire };
}
