// Options page, export section: an export in one of the formats, or a backup (entries, usage and deletions), as a
// download made in the page from the text the host sends in parts.
import { ACTIONS } from '../lib/protocol.js';
import { $, el, setStatus, host } from './view.js';

const MEDIA_TYPES = { json: 'application/json', aesr: 'text/plain', csv: 'text/csv', links: 'text/plain' };

function download(text, fileName, type) {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const a = el('a', { attrs: { href: url, download: fileName } });
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // Long enough for the browser to have started reading it.
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

async function exportAs(action) {
  const status = $('swr-export-status');
  setStatus(status, 'Exporting…');
  try {
    const format = $('swr-export-format').value;
    const result = await host(action, action === ACTIONS.backup ? {} : { format });
    download(result.text, result.fileName, MEDIA_TYPES[result.format] ?? 'text/plain');
    const deletions = action === ACTIONS.backup ? ` and ${result.deletions} deletions` : '';
    setStatus(status, `Downloaded ${result.fileName}: ${result.entries} entries${deletions}.`, 'ok');
  } catch (e) {
    setStatus(status, e.message, 'error');
  }
}

export function wireExport() {
  $('swr-export').addEventListener('click', () => exportAs(ACTIONS.export));
  $('swr-backup').addEventListener('click', () => exportAs(ACTIONS.backup));
}
