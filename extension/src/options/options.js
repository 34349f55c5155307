// Options page: the list (add, edit, delete, validated as you type), import and restore with the diff shown before
// anything is written, export and backup downloads, team sources and settings. It talks only to the background
// (runtime.sendMessage); the background is the only part that talks to the host. Every string from the host or a
// file is set with textContent.
import { ACTIONS } from '../lib/protocol.js';
import { sanitizeRole } from '../lib/validate.js';
import { formatAccountId } from '../lib/account.js';
import { indexRoles, filterIndex, sortRoles } from '../lib/roles.js';
import { checkField, checkForm, FORM_FIELDS } from '../lib/role-form.js';
import { importRequest, MAX_FILE_BYTES, formatBytes } from '../lib/import-request.js';
import { describeReport } from '../lib/import-view.js';
import { checkKey, checkProgressText, readCheckReport, renderCheckResult, awsFailureText } from '../lib/aws-check.js';

const api = globalThis.browser ?? globalThis.chrome;
const $ = (id) => document.getElementById(id);
/** Rows rendered at most; search narrows a larger catalogue. */
const MAX_ROWS = 500;

let state = null;
let roles = [];
let index = [];
let editing = null; // the entry being edited, or null when adding
const touched = new Set();
// AWS check results by entry key: in this page only (they go stale, so they are never stored).
let checkResults = new Map();
const checking = new Set(); // entries with a one-entry check running
let checkingAll = false;
let checkCells = new Map(); // entry key -> its result cell in the table

function el(tag, { text = null, cls = null, attrs = {} } = {}, children = []) {
  const e = document.createElement(tag);
  if (text !== null) e.textContent = text;
  if (cls) e.className = cls;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

function setStatus(node, text, kind = null) {
  node.textContent = text ?? '';
  node.className = kind ? `swr-status-${kind}` : '';
}

async function host(action, params = {}) {
  const res = await api.runtime.sendMessage({ type: 'host', action, params });
  if (!res?.ok) {
    const err = new Error(res?.error ?? 'No answer from the SwitchRole background.');
    err.field = res?.field ?? null;
    throw err;
  }
  return res.result;
}

function hasCapability(action) {
  return (state?.host?.capabilities ?? []).includes(action);
}

// ---- state, banner, sync offer -------------------------------------------------------------------------------

async function loadState(message = { type: 'get-state' }) {
  state = await api.runtime.sendMessage(message);
  roles = sortRoles((state?.roles ?? []).map(sanitizeRole).filter(Boolean));
  index = indexRoles(roles);
  renderBanner();
  renderAws();
  renderRows();
  renderSettings();
  renderSources();
}

function renderBanner() {
  const banner = $('swr-banner');
  const b = state?.banner;
  banner.hidden = !b;
  banner.textContent = b ? `${b.message}${b.command ? ` Fix: run ${b.command}` : ''}` : '';
  const h = state?.host;
  $('swr-host-status').textContent = h?.state === 'ready' ? `host ${h.version ?? ''}`.trim() : h?.state ?? '';
  const offer = state?.syncOffer;
  $('swr-sync-offer').hidden = !offer;
  if (offer) {
    const partial = offer.partial ? ' (part of it is still arriving from sync)' : '';
    const kept = offer.total > offer.count ? ` (the ${offer.count} most recently used of ${offer.total})` : '';
    $('swr-sync-offer-text').textContent = `SwitchRole has no entries on this machine. Restore ${offer.count} ${offer.count === 1 ? 'entry' : 'entries'} from your browser's sync?${kept}${partial}`;
  }
}

// ---- entries ---------------------------------------------------------------------------------------------------

function renderRows() {
  const query = $('swr-search').value;
  const matches = query.trim() ? filterIndex(index, query) : roles;
  const body = $('swr-rows');
  body.replaceChildren();
  checkCells = new Map();
  const canCheck = hasCapability(ACTIONS.awsCheck);
  for (const r of matches.slice(0, MAX_ROWS)) {
    const swatch = el('span', { cls: 'swr-swatch' });
    swatch.style.background = r.color ? `#${r.color}` : 'transparent';
    const edit = el('button', { text: 'Edit', cls: 'swr-edit', attrs: { type: 'button' } });
    edit.addEventListener('click', () => openForm(r));
    const del = el('button', { text: 'Delete', cls: 'swr-delete', attrs: { type: 'button' } });
    del.addEventListener('click', () => deleteRow(r, del));
    const key = checkKey(r.accountId, r.roleName);
    const checkCell = el('td', { cls: 'swr-aws-col swr-check-result' });
    checkCells.set(key, checkCell);
    fillCheckCell(key);
    const actions = [edit, document.createTextNode(' '), del];
    if (canCheck) {
      const check = el('button', { text: 'Check', cls: 'swr-check', attrs: { type: 'button' } });
      check.addEventListener('click', () => checkOne(r));
      actions.unshift(check, document.createTextNode(' '));
    }
    const tr = el('tr', { cls: 'swr-row', attrs: { 'data-account-id': r.accountId, 'data-role-name': r.roleName } }, [
      el('td', {}, [swatch]),
      el('td', { text: r.displayName, cls: 'swr-name' }),
      el('td', { text: formatAccountId(r.accountId), cls: 'swr-account' }),
      el('td', { text: r.roleName, cls: 'swr-role' }),
      el('td', { text: r.group ?? '', cls: 'swr-group' }),
      el('td', { text: r.region ?? '', cls: 'swr-region' }),
      // Learned from the console's own switch-role history: marked so a person can tell it from what they added.
      el('td', { text: r.origin === 'console' ? 'learned' : r.origin, cls: r.origin === 'console' ? 'swr-origin swr-learned' : 'swr-origin', attrs: r.origin === 'console' ? { title: "Learned from the console's own switch-role history" } : {} }),
      checkCell,
      el('td', {}, actions),
    ]);
    body.append(tr);
  }
  $('swr-count').textContent = query.trim() ? `${matches.length} of ${roles.length} entries` : `${roles.length} ${roles.length === 1 ? 'entry' : 'entries'}`;
  const more = $('swr-more');
  more.hidden = matches.length <= MAX_ROWS;
  more.textContent = `Showing the first ${MAX_ROWS} of ${matches.length}; search to narrow the list.`;
}

// ---- AWS check ---------------------------------------------------------------------------------------------------

function renderAws() {
  const available = hasCapability(ACTIONS.awsCheck);
  $('swr-aws').hidden = !available;
  $('swr-aws-note').hidden = !available;
  $('swr-entries').classList.toggle('swr-no-aws', !available);
  $('swr-check-all').disabled = checkingAll;
}

function fillCheckCell(key) {
  const cell = checkCells.get(key);
  if (!cell) return;
  if (checking.has(key)) {
    cell.replaceChildren(el('span', { text: 'Checking…', cls: 'swr-muted' }));
    return;
  }
  const view = checkResults.get(key);
  cell.replaceChildren(...(view ? renderCheckResult(document, view) : []));
}

function profileParam() {
  const profile = $('swr-aws-profile').value.trim();
  return profile ? { profile } : {};
}

async function checkAll() {
  if (checkingAll) return;
  const status = $('swr-check-status');
  checkingAll = true;
  $('swr-check-all').disabled = true;
  setStatus(status, checkProgressText(roles.length));
  try {
    const read = readCheckReport(await host(ACTIONS.awsCheck, { all: true, ...profileParam() }));
    // A new run replaces every result: one from an earlier run could be stale.
    checkResults = read.results;
    setStatus(status, read.summary, read.assumable === read.total ? 'ok' : null);
  } catch (e) {
    setStatus(status, awsFailureText(e), 'error');
  } finally {
    checkingAll = false;
    $('swr-check-all').disabled = false;
    for (const key of checkCells.keys()) fillCheckCell(key);
  }
}

async function checkOne(r) {
  const key = checkKey(r.accountId, r.roleName);
  if (checking.has(key)) return;
  const status = $('swr-check-status');
  checking.add(key);
  fillCheckCell(key);
  try {
    const read = readCheckReport(await host(ACTIONS.awsCheck, { accountId: r.accountId, roleName: r.roleName, ...profileParam() }));
    const view = read.results.get(key);
    if (view) checkResults.set(key, view);
    else checkResults.delete(key);
  } catch (e) {
    checkResults.delete(key);
    setStatus(status, awsFailureText(e), 'error');
  } finally {
    checking.delete(key);
    fillCheckCell(key);
  }
}

async function deleteRow(r, button) {
  if (!button.classList.contains('swr-confirm')) {
    button.classList.add('swr-confirm');
    button.textContent = 'Really delete?';
    return;
  }
  button.disabled = true;
  try {
    await host(ACTIONS.rolesDelete, { accountId: r.accountId, roleName: r.roleName });
    await loadState({ type: 'refresh' });
  } catch (e) {
    button.disabled = false;
    button.textContent = `Delete failed: ${e.message}`;
  }
}

function formValues() {
  const values = {};
  for (const f of FORM_FIELDS) values[f] = $(`swr-f-${f}`).value;
  return values;
}

function showFieldError(field, message) {
  const input = $(`swr-f-${field}`);
  $(`swr-e-${field}`).textContent = message ?? '';
  input.setAttribute('aria-invalid', message ? 'true' : 'false');
}

/** Validates as you type: a field shows its message once it has been typed in; Save waits for a valid form. */
function validateForm() {
  const result = checkForm(formValues());
  for (const f of FORM_FIELDS) showFieldError(f, touched.has(f) ? result.errors[f] : null);
  $('swr-save').disabled = !result.ok;
  return result;
}

function openForm(role = null) {
  editing = role;
  touched.clear();
  const form = $('swr-form');
  form.hidden = false;
  $('swr-form-title').textContent = role ? `Edit ${role.displayName}` : 'Add entry';
  for (const f of FORM_FIELDS) {
    const input = $(`swr-f-${f}`);
    input.value = role ? (f === 'accountId' ? formatAccountId(role.accountId) : role[f] ?? '') : '';
    // The account and role are the entry's identity: editing them would be another entry.
    input.readOnly = Boolean(role) && (f === 'accountId' || f === 'roleName');
  }
  $('swr-f-color-pick').value = role?.color ? `#${role.color}` : '#000000';
  $('swr-form-hint').hidden = !role;
  setStatus($('swr-form-status'), '');
  validateForm();
  $(role ? 'swr-f-displayName' : 'swr-f-accountId').focus();
}

function closeForm() {
  $('swr-form').hidden = true;
  editing = null;
}

async function saveForm(event) {
  event.preventDefault();
  for (const f of FORM_FIELDS) touched.add(f);
  const result = validateForm();
  if (!result.ok) return;
  $('swr-save').disabled = true;
  try {
    const reply = await host(ACTIONS.rolesUpsert, { role: result.role });
    const what = reply.added ? 'Added' : reply.updated ? 'Saved' : 'No change for';
    await loadState({ type: 'refresh' });
    closeForm();
    setStatus($('swr-notice'), `${what} ${result.role.displayName ?? result.role.roleName}.`, 'ok');
  } catch (e) {
    const field = typeof e.field === 'string' ? e.field.replace(/^roles?(\[\d+\])?\./, '') : null;
    if (field && FORM_FIELDS.includes(field)) showFieldError(field, e.message.replace(/^[^:]*: /, ''));
    setStatus($('swr-form-status'), `Not saved: ${e.message}`, 'error');
    $('swr-save').disabled = false;
  }
}

// ---- import and restore ------------------------------------------------------------------------------------------

let lastRequest = null; // { kind, params, plan }

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
      setStatus(status, 'Done.', 'ok');
      await loadState({ type: 'refresh' });
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

// ---- export and backup -----------------------------------------------------------------------------------------

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

// ---- team sources ----------------------------------------------------------------------------------------------

async function renderSources() {
  const available = hasCapability(ACTIONS.sourcesList);
  $('swr-sources-missing').hidden = available || state?.host?.state !== 'ready';
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
    sync.addEventListener('click', () => sourceAction(ACTIONS.sourcesSync, { name: String(s.name) }));
    const remove = el('button', { text: 'Remove', attrs: { type: 'button' } });
    remove.addEventListener('click', () => sourceAction(ACTIONS.sourcesRemove, { name: String(s.name) }));
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

async function sourceAction(action, params) {
  const status = $('swr-source-status');
  setStatus(status, 'Working…');
  try {
    const result = await host(action, params);
    // sources.sync answers one report per source: say what each did.
    const reports = Array.isArray(result?.results) && action === ACTIONS.sourcesSync ? result.results : [];
    const said = reports.map((r) => `${r.name}: ${r.status}${r.error ? ` (${r.error})` : ''}${Array.isArray(r.added) ? `, ${r.added.length} added, ${r.updated?.length ?? 0} updated, ${r.removed?.length ?? 0} removed` : ''}`);
    setStatus(status, said.length > 0 ? said.join('; ') : 'Done.', 'ok');
    await loadState({ type: 'refresh' });
  } catch (e) {
    setStatus(status, e.message, 'error');
  }
}

// ---- settings --------------------------------------------------------------------------------------------------

function renderSettings() {
  $('swr-learn').checked = state?.settings?.learnFromConsole !== false;
  $('swr-sync-copy').checked = state?.settings?.syncCopy !== false;
  const s = state?.sync;
  let text;
  if (!s?.available) text = 'This browser has no sync storage.';
  else if (s.error) text = `The sync copy could not be written: ${s.error}`;
  else if (s.count === null || s.count === undefined) text = 'No copy written by this browser yet.';
  else if (s.total > s.count) text = `The sync copy holds the ${s.count} most recently used of ${s.total} entries: the browser's sync storage holds about 100 KB.`;
  else text = `The sync copy holds all ${s.count} entries (${formatBytes(s.bytes ?? 0)} of about 100 KB), saved ${s.savedAt}.`;
  $('swr-sync-status').textContent = text;
}

async function setSetting(name, value) {
  await api.runtime.sendMessage({ type: 'set-settings', settings: { [name]: value } });
  await loadState();
}

// ---- wiring ----------------------------------------------------------------------------------------------------

function wire() {
  $('swr-search').addEventListener('input', renderRows);
  $('swr-add').addEventListener('click', () => openForm(null));
  $('swr-cancel').addEventListener('click', closeForm);
  $('swr-form').addEventListener('submit', saveForm);
  for (const f of FORM_FIELDS) {
    $(`swr-f-${f}`).addEventListener('input', () => {
      touched.add(f);
      validateForm();
    });
  }
  $('swr-f-color-pick').addEventListener('input', (e) => {
    $('swr-f-color').value = e.target.value.replace(/^#/, '');
    touched.add('color');
    validateForm();
  });
  $('swr-f-color').addEventListener('input', () => {
    const c = checkField('color', $('swr-f-color').value);
    if (c.value) $('swr-f-color-pick').value = `#${c.value}`;
  });

  $('swr-check-all').addEventListener('click', checkAll);

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

  $('swr-export').addEventListener('click', () => exportAs(ACTIONS.export));
  $('swr-backup').addEventListener('click', () => exportAs(ACTIONS.backup));

  $('swr-source-form').addEventListener('submit', (e) => {
    e.preventDefault();
    sourceAction(ACTIONS.sourcesAdd, { name: $('swr-source-name').value.trim(), location: $('swr-source-location').value.trim() });
  });
  $('swr-source-sync-all').addEventListener('click', () => sourceAction(ACTIONS.sourcesSync, {}));

  $('swr-learn').addEventListener('change', () => setSetting('learnFromConsole', $('swr-learn').checked));
  $('swr-sync-copy').addEventListener('change', () => setSetting('syncCopy', $('swr-sync-copy').checked));
  $('swr-sync-clear').addEventListener('click', async () => {
    await api.runtime.sendMessage({ type: 'sync-clear' });
    await loadState();
    $('swr-sync-status').textContent = 'The copy was removed from sync storage; it is written again at the next change while the setting is on.';
  });
  $('swr-sync-restore').addEventListener('click', async () => {
    $('swr-sync-restore').disabled = true;
    const res = await api.runtime.sendMessage({ type: 'sync-restore' });
    $('swr-sync-restore').disabled = false;
    await loadState();
    setStatus($('swr-notice'), res?.ok ? `Restored ${res.added} entries from the browser's sync.` : `Not restored: ${res?.error ?? 'no answer'}`, res?.ok ? 'ok' : 'error');
  });
  $('swr-sync-dismiss').addEventListener('click', async () => {
    await api.runtime.sendMessage({ type: 'sync-dismiss' });
    await loadState();
  });

  // The background saves every new list in storage.local: reload what is shown when it does.
  api.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && changes.rolesCache) loadState().catch(() => {});
  });
}

wire();
loadState().catch((e) => {
  const banner = $('swr-banner');
  banner.hidden = false;
  banner.textContent = `SwitchRole: ${e?.message ?? e}`;
});
