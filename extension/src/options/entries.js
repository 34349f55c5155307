// Options page, entries section: the list (search, at most MAX_ROWS rows), add and edit validated as you type, and
// delete with a confirming second click. The list comes from the page's state view (patched by the background's
// broadcasts); a write goes to the host, and the new list arrives with the broadcast that follows it.
import { ACTIONS } from '../lib/protocol.js';
import { formatAccountId } from '../lib/account.js';
import { indexRoles, filterIndex } from '../lib/roles.js';
import { checkField, checkForm, FORM_FIELDS } from '../lib/role-form.js';
import { shownNames } from '../lib/shown-name.js';
import { $, el, setStatus, host } from './view.js';

/** Rows rendered at most; search narrows a larger catalogue. */
const MAX_ROWS = 500;

/**
 * @param {object} opts
 * @param {{ roles: object[], state: object|null }} opts.view the page's copy of the background's state
 * @param {{ cell: (role: object) => HTMLElement, actions: (role: object) => Node[], reset: () => void }} opts.checks
 *   the AWS check section's part of each row
 */
export function createEntries({ view, checks }) {
  const hayCache = new WeakMap();
  let indexed = { of: null, index: [] };
  let shown = { of: null, name: null };
  let editing = null; // the entry being edited, or null when adding
  const touched = new Set();

  function index() {
    if (indexed.of !== view.roles) indexed = { of: view.roles, index: indexRoles(view.roles, hayCache) };
    return indexed.index;
  }

  function render() {
    const roles = view.roles;
    const query = $('swr-search').value;
    const matches = query.trim() ? filterIndex(index(), query) : roles;
    checks.reset();
    // A team entry named like the person's own is shown with its source (lib/shown-name.js), once per list.
    if (shown.of !== roles) shown = { of: roles, name: shownNames(roles) };
    const rows = matches.slice(0, MAX_ROWS).map((r) => {
      const swatch = el('span', { cls: 'swr-swatch' });
      swatch.style.background = r.color ? `#${r.color}` : 'transparent';
      const edit = el('button', { text: 'Edit', cls: 'swr-edit', attrs: { type: 'button' } });
      edit.addEventListener('click', () => openForm(r));
      const del = el('button', { text: 'Delete', cls: 'swr-delete', attrs: { type: 'button' } });
      del.addEventListener('click', () => deleteRow(r, del));
      return el('tr', { cls: 'swr-row', attrs: { 'data-account-id': r.accountId, 'data-role-name': r.roleName } }, [
        el('td', {}, [swatch]),
        el('td', { text: shown.name(r), cls: 'swr-name' }),
        el('td', { text: formatAccountId(r.accountId), cls: 'swr-account' }),
        el('td', { text: r.roleName, cls: 'swr-role' }),
        el('td', { text: r.group ?? '', cls: 'swr-group' }),
        el('td', { text: r.region ?? '', cls: 'swr-region' }),
        // Learned from the console's own switch-role history: marked so a person can tell it from what they added.
        el('td', { text: r.origin === 'console' ? 'learned' : r.origin, cls: r.origin === 'console' ? 'swr-origin swr-learned' : 'swr-origin', attrs: r.origin === 'console' ? { title: "Learned from the console's own switch-role history" } : {} }),
        checks.cell(r),
        el('td', {}, [...checks.actions(r), edit, document.createTextNode(' '), del]),
      ]);
    });
    $('swr-rows').replaceChildren(...rows);
    $('swr-count').textContent = query.trim() ? `${matches.length} of ${roles.length} entries` : `${roles.length} ${roles.length === 1 ? 'entry' : 'entries'}`;
    const more = $('swr-more');
    more.hidden = matches.length <= MAX_ROWS;
    more.textContent = `Showing the first ${MAX_ROWS} of ${matches.length}; search to narrow the list.`;
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
    $('swr-form').hidden = false;
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
      closeForm();
      setStatus($('swr-notice'), `${what} ${result.role.displayName ?? result.role.roleName}.`, 'ok');
    } catch (e) {
      const field = typeof e.field === 'string' ? e.field.replace(/^roles?(\[\d+\])?\./, '') : null;
      if (field && FORM_FIELDS.includes(field)) showFieldError(field, e.message.replace(/^[^:]*: /, ''));
      setStatus($('swr-form-status'), `Not saved: ${e.message}`, 'error');
      $('swr-save').disabled = false;
    }
  }

  function wire() {
    $('swr-search').addEventListener('input', render);
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
  }

  return { wire, render, get editing() { return editing; } };
}
