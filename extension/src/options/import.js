// Options page, import section: import (add and update) or restore a backup (merge by time, apply its deletions),
// from a file or pasted text; the diff is shown before anything is written, and Apply sends the plan it showed so a
// change meanwhile is not applied blind.
import { ACTIONS } from '../lib/protocol.js';
import { importRequest, MAX_FILE_BYTES, formatBytes } from '../lib/import-request.js';
import { describeReport } from '../lib/import-view.js';
import { $, el, setStatus, host } from './view.js';

// The request the shown diff answers: { kind, params, plan }. Module state of this page's import section only.
let lastRequest = null;

function importKind() {
  return $('swr-kind-restore').checked ? 'restore' : 'import';
}

async function readImportInput() {
  const file = $('swr-import-file').files?.[0] ?? null;
  const format = importKind() === 'restore' ? 'auto' : $('swr-import-format').value;
  if (file) {
    if (file.size > MAX_FILE_BYTES) return importRequest({ size: file.size, fileName: file.name, format });
    return importRequest({ bytes: new Uint8Array(await file.arrayBuffer()), fileName: file.name, format });
  }
  return importRequest({ text: $('swr-import-text').value, format });
}

function renderReport(report) {
  const view = describeReport(report);
  $('swr-diff').hidden = false;
  $('swr-diff-summary').textContent = view.summary;
  $('swr-diff-notes').replaceChildren(...view.notes.map((n) => el('li', { text: n })));
  const sections = view.sections.map((s) => {
    const details = el('details', { cls: `swr-diff-section swr-diff-${s.id}`, attrs: { 'data-section': s.id } });
    details.open = s.open && s.items.length > 0;
    details.append(el('summary', { text: s.title }));
    const list = el('ul');
    for (const item of s.items) list.append(el('li', { text: item }));
    if (s.more > 0) list.append(el('li', { text: `… and ${s.more} more`, cls: 'swr-muted' }));
    details.append(list);
    return details;
  });
  $('swr-diff-sections').replaceChildren(...sections);
  $('swr-apply').disabled = !view.canApply;
  return view;
}

async function preview() {
  const status = $('swr-import-status');
  $('swr-apply').disabled = true;
  lastRequest = null;
  const built = await readImportInput();
  if (built.error) {
    $('swr-diff').hidden = true;
    setStatus(status, built.error, 'error');
    return;
  }
  const kind = importKind();
  setStatus(status, 'Reading…');
  try {
    const report = await host(kind === 'restore' ? ACTIONS.restorePreview : ACTIONS.importPreview, built.params);
    setStatus(status, '');
    const view = renderReport(report);
    if (view.canApply) lastRequest = { kind, params: built.params, plan: report.plan };
  } catch (e) {
    setStatus(status, e.message, 'error');
  }
}

async function apply() {
  if (!lastRequest) return;
  const status = $('swr-import-status');
  $('swr-apply').disabled = true;
  const { kind, params, plan } = lastRequest;
  setStatus(status, kind === 'restore' ? 'Restoring…' : 'Importing…');
  try {
    const report = await host(kind === 'restore' ? ACTIONS.restoreApply : ACTIONS.importApply, { ...params, expectPlan: plan });
    const view = renderReport(report);
    if (report.applied) {
      lastRequest = null;
      $('swr-apply').disabled = true;
      // The new entries arrive with the background's broadcast.
      setStatus(status, 'Done.', 'ok');
    } else {
      lastRequest = view.canApply ? { kind, params, plan: report.plan } : null;
      setStatus(status, report.planChanged ? 'Not applied: the entries changed meanwhile.' : 'Not applied.', 'error');
    }
  } catch (e) {
    setStatus(status, e.message, 'error');
    $('swr-apply').disabled = false;
  }
}

function resetPreview() {
  lastRequest = null;
  $('swr-apply').disabled = true;
}

export function wireImport() {
  $('swr-preview').addEventListener('click', preview);
  $('swr-apply').addEventListener('click', apply);
  for (const id of ['swr-import-text', 'swr-import-format', 'swr-kind-import', 'swr-kind-restore']) $(id).addEventListener('input', resetPreview);
  $('swr-import-file').addEventListener('change', () => {
    resetPreview();
    const file = $('swr-import-file').files?.[0];
    if (file && file.size > MAX_FILE_BYTES) setStatus($('swr-import-status'), importRequest({ size: file.size, fileName: file.name }).error, 'error');
    else setStatus($('swr-import-status'), file ? `${file.name} (${formatBytes(file.size)}) chosen: Preview to see what it changes.` : '');
  });
  $('swr-import-text').addEventListener('input', () => {
    // Pasted text replaces a chosen file.
    if ($('swr-import-text').value) $('swr-import-file').value = '';
  });
}
