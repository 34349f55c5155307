// Options page, team sources section: the sources the host reads (file or HTTPS URL), their entry counts and last
// sync, and add, sync and remove. Hidden, with a note, when the host has no team sources.
import { ACTIONS } from '../lib/protocol.js';
import { $, el, setStatus, host, hasCapability } from './view.js';

/** A change to the list may come from a source's re-sync: its counts are read again after a quiet second. */
const RELOAD_QUIET_MS = 1000;

/** @param {{ view: { state: object|null } }} opts */
export function createSources({ view }) {
  let timer = null;

  async function render() {
    const available = hasCapability(view.state, ACTIONS.sourcesList);
    $('swr-sources-missing').hidden = available || view.state?.host?.state !== 'ready';
    $('swr-sources').hidden = !available;
    if (!available) return;
    let list = [];
    try {
      const result = await host(ACTIONS.sourcesList);
      list = Array.isArray(result?.sources) ? result.sources : [];
    } catch (e) {
      setStatus($('swr-source-status'), e.message, 'error');
    }
    const rows = list.map((s) => {
      const sync = el('button', { text: 'Sync', attrs: { type: 'button' } });
      sync.addEventListener('click', () => act(ACTIONS.sourcesSync, { name: String(s.name) }));
      const remove = el('button', { text: 'Remove', attrs: { type: 'button' } });
      remove.addEventListener('click', () => act(ACTIONS.sourcesRemove, { name: String(s.name) }));
      return el('tr', { cls: 'swr-source', attrs: { 'data-name': String(s.name ?? '') } }, [
        el('td', { text: String(s.name ?? '') }),
        el('td', { text: String(s.location ?? '') }),
        el('td', { text: Number.isInteger(s.entryCount) ? String(s.entryCount) : '' }),
        el('td', { text: `${s.lastSyncedAt ?? 'never'}${s.status && s.status !== 'ok' ? ` (${s.status}${s.lastError ? `: ${s.lastError}` : ''})` : ''}` }),
        el('td', {}, [sync, document.createTextNode(' '), remove]),
      ]);
    });
    $('swr-source-rows').replaceChildren(...rows);
  }

  async function act(action, params) {
    const status = $('swr-source-status');
    setStatus(status, 'Working…');
    try {
      const result = await host(action, params);
      // sources.sync answers one report per source: say what each did.
      const reports = Array.isArray(result?.results) && action === ACTIONS.sourcesSync ? result.results : [];
      const said = reports.map((r) => `${r.name}: ${r.status}${r.error ? ` (${r.error})` : ''}${Array.isArray(r.added) ? `, ${r.added.length} added, ${r.updated?.length ?? 0} updated, ${r.removed?.length ?? 0} removed` : ''}`);
      setStatus(status, said.length > 0 ? said.join('; ') : 'Done.', 'ok');
      await render();
    } catch (e) {
      setStatus(status, e.message, 'error');
    }
  }

  return {
    render,
    /** After the list changed: read the sources again once changes pause. */
    renderSoon() {
      clearTimeout(timer);
      timer = setTimeout(() => render(), RELOAD_QUIET_MS);
    },
    wire() {
      $('swr-source-form').addEventListener('submit', (e) => {
        e.preventDefault();
        act(ACTIONS.sourcesAdd, { name: $('swr-source-name').value.trim(), location: $('swr-source-location').value.trim() });
      });
      $('swr-source-sync-all').addEventListener('click', () => act(ACTIONS.sourcesSync, {}));
    },
  };
}
