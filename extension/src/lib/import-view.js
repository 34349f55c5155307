// Turns an import.preview / restore.preview / *.apply report (PROTOCOL.md "Import, export and backup") into the
// lines the options page shows. Pure, so the wording is tested without a browser. Every string in a report may
// come from an untrusted file: the page sets these lines with textContent only.
import { formatAccountId } from './account.js';

const FIELD_LABELS = Object.freeze({
  displayName: 'name',
  color: 'colour',
  region: 'region',
  baseAccountId: 'base account',
  group: 'group',
  lastUsedAt: 'last used',
  useCount: 'uses',
});

function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

function entryText(c) {
  return `${c.displayName} (${c.roleName} in ${formatAccountId(c.accountId)}), line ${c.line}`;
}

function changesText(changes) {
  if (!Array.isArray(changes) || changes.length === 0) return '';
  return `: ${changes.map((f) => `${FIELD_LABELS[f.field] ?? f.field} ${f.from ?? '(none)'} → ${f.to ?? '(none)'}`).join('; ')}`;
}

export function problemText(p) {
  return `line ${p.line}, column ${p.column}: ${p.field}: ${p.reason}`;
}

/**
 * @returns {{ summary: string, sections: { id: string, title: string, items: string[], more: number, open: boolean }[],
 *   notes: string[], canApply: boolean, changes: number }}
 */
export function describeReport(report) {
  const c = report?.counts ?? {};
  const restore = report?.kind === 'restore';
  const section = (id, title, list, count, render, open = true) => {
    const items = (Array.isArray(list) ? list : []).map(render);
    return { id, title: `${title}: ${count ?? items.length}`, items, more: Math.max(0, (count ?? items.length) - items.length), open };
  };
  const sections = [];
  if ((c.errors ?? 0) > 0) {
    sections.push(section('errors', 'Errors', report.errors, c.errors, problemText));
  }
  sections.push(section('added', 'Added', report.added, c.added, (x) => `+ ${entryText(x)}`));
  sections.push(section('updated', 'Updated', report.updated, c.updated, (x) => `~ ${entryText(x)}${changesText(x.changes)}`));
  if (restore) {
    sections.push(section('deleted', 'Deleted', report.deleted, c.deleted, (x) => `- ${entryText(x)}`));
    if ((c.keptDeleted ?? 0) > 0) {
      sections.push(section('keptDeleted', 'Kept deleted (deleted here after the backup was made)', report.keptDeleted, c.keptDeleted, (x) => `! ${entryText(x)}`));
    }
  }
  sections.push(section('unchanged', 'Unchanged', report.unchanged, c.unchanged, (x) => `= ${entryText(x)}`, false));
  sections.push(section('skipped', 'Skipped', report.skipped, c.skipped, (s) => `line ${s.line}: ${s.name}: ${s.reason}`));
  if ((c.warnings ?? 0) > 0) sections.push(section('warnings', 'Warnings', report.warnings, c.warnings, problemText));

  const notes = [...(Array.isArray(report?.notes) ? report.notes : [])];
  if (restore && (c.deletionsRecorded ?? 0) > 0) notes.push(`${plural(c.deletionsRecorded, 'deletion')} recorded, so those entries do not come back later.`);
  if (report?.errorsTruncated) notes.push('Only the first errors are listed.');
  if (report?.listsTruncated) notes.push('Long lists show their first items only; the counts are complete.');

  const changes = (c.added ?? 0) + (c.updated ?? 0) + (c.deleted ?? 0) + (c.deletionsRecorded ?? 0);
  const hasErrors = (c.errors ?? 0) > 0;
  const what = restore ? 'restored' : 'imported';
  let summary;
  if (hasErrors) {
    summary = `${report.fileName}: ${plural(c.errors, 'error')}${report.errorsTruncated ? ' (only the first ones are listed)' : ''}; nothing can be ${what} until the file is fixed.`;
  } else if (report?.applied) {
    summary = `${restore ? 'Restored' : 'Imported'} ${report.fileName} (${report.format}): ${c.added} added, ${c.updated} updated${restore ? `, ${c.deleted} deleted` : ''}, ${c.unchanged} unchanged.`;
  } else if (report?.planChanged) {
    summary = 'The entries changed since the preview (another browser or the command line wrote). Nothing was written: check the new preview below and apply again.';
  } else if (changes === 0) {
    summary = `${report.fileName} (${report.format}): ${plural(c.read ?? 0, 'entry', 'entries')} read; nothing to change.`;
  } else {
    summary = `${report.fileName} (${report.format}): ${plural(c.read ?? 0, 'entry', 'entries')} read. Preview: nothing is written until you apply.`;
  }
  const canApply = !hasErrors && !report?.applied && typeof report?.plan === 'string' && changes > 0;
  return { summary, sections, notes, canApply, changes };
}
