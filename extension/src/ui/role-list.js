// The role list: search box, groups, swatches, keyboard, and a virtual scroller that renders only the
// visible rows (5,000 entries must open in well under 100 ms and filter within a frame).
// All text goes through textContent; no markup from data is ever parsed.
import { indexRoles, filterIndex, buildMenuRows, applicableRoles, sortRoles } from '../lib/roles.js';
import { formatAccountId } from '../lib/account.js';
import { ROLE_LIST_CSS } from './styles.js';
import { el } from './dom.js';
import { shownNames } from '../lib/shown-name.js';

export const ROW_HEIGHT = 36;
const VIEW_ROWS = 10;
const OVERSCAN = 4;

/**
 * Mounts the list into `root` (a shadow root or a popup container).
 * @param {object} opts
 * @param {ShadowRoot|HTMLElement} opts.root
 * @param {(role: object) => void} opts.onSwitch
 * @param {() => void} [opts.onSwitchBack]
 * @param {() => void} [opts.onClose]
 */
export function createRoleList({ root, onSwitch, onSwitchBack = null, onClose = null }) {
  const doc = root.ownerDocument ?? root;
  const style = el(doc, 'style');
  style.textContent = ROLE_LIST_CSS;
  const panel = el(doc, 'div', { cls: 'swr-panel' });
  panel.id = 'swr-panel';
  const title = el(doc, 'div', { cls: 'swr-title' });
  title.append(el(doc, 'span', { cls: 'swr-brand', text: 'SwitchRole' }));
  const who = el(doc, 'span', { cls: 'swr-who' });
  title.append(who);
  const banner = el(doc, 'div', { cls: 'swr-banner' });
  banner.id = 'swr-banner';
  banner.hidden = true;
  banner.setAttribute('role', 'status');
  const search = el(doc, 'input', { cls: 'swr-search' });
  search.id = 'swr-search';
  search.type = 'search';
  search.placeholder = 'Search roles: name, account, role, group';
  search.setAttribute('aria-label', 'Search roles');
  search.autocomplete = 'off';
  const back = el(doc, 'button', { cls: 'swr-back' });
  back.id = 'swr-switch-back';
  back.type = 'button';
  back.hidden = true;
  const error = el(doc, 'div', { cls: 'swr-error' });
  error.id = 'swr-error';
  error.hidden = true;
  error.setAttribute('role', 'alert');
  const empty = el(doc, 'div', { cls: 'swr-empty' });
  empty.id = 'swr-empty';
  empty.hidden = true;
  const scroll = el(doc, 'div', { cls: 'swr-scroll' });
  scroll.id = 'swr-list';
  scroll.setAttribute('role', 'listbox');
  scroll.tabIndex = -1;
  const spacer = el(doc, 'div', { cls: 'swr-spacer' });
  scroll.append(spacer);
  const count = el(doc, 'div', { cls: 'swr-count' });
  count.id = 'swr-count';
  panel.append(title, banner, search, back, error, empty, scroll, count);
  root.append(style, panel);

  let index = null; // search text per shown entry, made when a search needs it
  const hayCache = new WeakMap(); // search text per entry object, kept across patches
  let applicable = { roles: [], hidden: 0, reason: null };
  let context = null;
  let rows = [];
  let roleRowIdx = []; // positions in `rows` of role rows, for keyboard movement
  let selected = -1; // index into roleRowIdx
  let rowLink = null; // role -> URL of the console's own switch-role page, when one click cannot switch
  let shown = { of: null, name: (role) => role.displayName }; // the shown name per entry (lib/shown-name.js), per list
  const rendered = new Map(); // row index -> element

  function setBanner(b) {
    banner.replaceChildren();
    if (!b) {
      banner.hidden = true;
      return;
    }
    banner.append(doc.createTextNode(b.message));
    if (b.command) {
      banner.append(doc.createTextNode(' Fix: run '));
      banner.append(el(doc, 'code', { text: b.command }));
    }
    banner.dataset.kind = b.kind ?? 'warning';
    banner.hidden = false;
  }

  /** @param {string|null} message @param {{ href: string, text: string }|null} [link] somewhere to go instead */
  function showError(message, link = null) {
    error.replaceChildren();
    if (message) error.append(doc.createTextNode(message));
    if (message && link?.href) {
      const a = el(doc, 'a', { cls: 'swr-error-link', text: link.text });
      a.id = 'swr-error-link';
      a.href = link.href;
      a.target = '_top';
      a.rel = 'noopener';
      error.append(doc.createTextNode(' '), a);
    }
    error.hidden = !message;
  }

  function rowElement(i) {
    const r = rows[i];
    if (r.kind === 'header') {
      const h = el(doc, 'div', { cls: 'swr-header', text: r.label });
      h.style.top = `${i * ROW_HEIGHT}px`;
      return h;
    }
    const role = r.role;
    const row = el(doc, 'div', { cls: 'swr-row' });
    row.setAttribute('role', 'option');
    row.style.top = `${i * ROW_HEIGHT}px`;
    row.dataset.accountId = role.accountId;
    row.dataset.roleName = role.roleName;
    row.dataset.row = String(i);
    const sw = el(doc, 'span', { cls: 'swr-swatch' });
    sw.style.backgroundColor = `#${role.color ?? 'aaaaaa'}`;
    const text = el(doc, 'span', { cls: 'swr-text' });
    text.append(
      el(doc, 'span', { cls: 'swr-name', text: shown.name(role) }),
      el(doc, 'span', { cls: 'swr-meta', text: `${formatAccountId(role.accountId)} · ${role.roleName}` }),
    );
    row.append(sw, text);
    const href = rowLink ? rowLink(role) : null;
    if (href) {
      const a = el(doc, 'a', { cls: 'swr-page-link', text: 'switch page' });
      a.href = href;
      a.target = '_top';
      a.rel = 'noopener';
      a.title = "No CSRF token on this page: opens the console's own switch-role page, prefilled";
      row.append(a);
    }
    if (r.current) {
      row.classList.add('swr-current');
      row.setAttribute('aria-current', 'true');
      row.append(el(doc, 'span', { cls: 'swr-current-mark', text: 'current' }));
    }
    if (selected >= 0 && roleRowIdx[selected] === i) {
      row.classList.add('swr-selected');
      row.setAttribute('aria-selected', 'true');
    }
    return row;
  }

  function renderWindow() {
    const viewTop = scroll.scrollTop;
    const first = Math.max(0, Math.floor(viewTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(rows.length - 1, Math.ceil((viewTop + VIEW_ROWS * ROW_HEIGHT) / ROW_HEIGHT) + OVERSCAN);
    for (const [i, node] of rendered) {
      if (i < first || i > last) {
        node.remove();
        rendered.delete(i);
      }
    }
    for (let i = first; i <= last; i++) {
      if (!rendered.has(i)) {
        const node = rowElement(i);
        rendered.set(i, node);
        spacer.append(node);
      }
    }
  }

  function rerenderAll() {
    for (const node of rendered.values()) node.remove();
    rendered.clear();
    renderWindow();
  }

  function applyFilter() {
    const q = search.value;
    // The search index is made on the first search after a change: an update to an open list does not pay for it.
    if (q.trim() !== '' && index === null) index = indexRoles(applicable.roles, hayCache);
    const matches = q.trim() !== '' ? filterIndex(index, q) : applicable.roles;
    rows = buildMenuRows(matches, { context, searching: q.trim() !== '' });
    roleRowIdx = [];
    rows.forEach((r, i) => {
      if (r.kind === 'role') roleRowIdx.push(i);
    });
    selected = roleRowIdx.length > 0 ? 0 : -1;
    spacer.style.height = `${rows.length * ROW_HEIGHT}px`;
    scroll.style.height = `${Math.min(rows.length, VIEW_ROWS) * ROW_HEIGHT}px`;
    scroll.scrollTop = 0;
    const reason = applicable.reason ?? (matches.length === 0 && q.trim() !== '' ? `No role matches "${q.trim()}".` : null);
    empty.textContent = reason ?? '';
    empty.hidden = !reason;
    scroll.hidden = rows.length === 0;
    const hiddenNote = applicable.hidden > 0 ? ` (${applicable.hidden} for other base accounts hidden)` : '';
    count.textContent = `${matches.length} of ${applicable.roles.length} roles${hiddenNote}`;
    rerenderAll();
  }

  function moveSelection(delta) {
    if (roleRowIdx.length === 0) return;
    selected = Math.max(0, Math.min(roleRowIdx.length - 1, selected + delta));
    const i = roleRowIdx[selected];
    const top = i * ROW_HEIGHT;
    if (top < scroll.scrollTop) scroll.scrollTop = top;
    else if (top + ROW_HEIGHT > scroll.scrollTop + scroll.clientHeight) scroll.scrollTop = top + ROW_HEIGHT - scroll.clientHeight;
    rerenderAll();
  }

  function selectedRole() {
    return selected >= 0 ? rows[roleRowIdx[selected]].role : null;
  }

  search.addEventListener('input', applyFilter);
  scroll.addEventListener('scroll', renderWindow, { passive: true });
  panel.addEventListener('keydown', (e) => {
    // Keys typed here are ours; the console's own shortcuts must not see them.
    e.stopPropagation();
    // Only a person's keys switch roles; a synthetic event from a page script does nothing.
    if (!e.isTrusted) return;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      moveSelection(1);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      moveSelection(-1);
    } else if (e.key === 'Enter') {
      const role = selectedRole();
      if (role) {
        e.preventDefault();
        onSwitch(role);
      }
    } else if (e.key === 'Escape' && onClose) {
      e.preventDefault();
      onClose();
    }
  });
  spacer.addEventListener('click', (e) => {
    if (!e.isTrusted) return;
    // The "switch page" link navigates by itself.
    if (e.target instanceof Element && e.target.closest('a')) return;
    const row = e.target instanceof Element ? e.target.closest('.swr-row') : null;
    if (!row) return;
    const r = rows[Number(row.dataset.row)];
    if (r?.kind === 'role') onSwitch(r.role);
  });
  back.addEventListener('click', (e) => {
    if (e.isTrusted) onSwitchBack?.();
  });

  return {
    panel,
    /**
     * @param {{ roles: object[], sorted?: boolean, context: object|null, banner: object|null }} state
     */
    setState(state) {
      context = state.context ?? null;
      rowLink = typeof state.rowLink === 'function' ? state.rowLink : null;
      // A team entry named like the person's own is shown with its source; made again only for another list.
      if (shown.of !== state.roles) shown = { of: state.roles, name: shownNames(state.roles ?? []) };
      // `sorted`: the caller's list is already in compareRoles order (lib/state-view.js keeps it so).
      applicable = applicableRoles(state.sorted ? state.roles ?? [] : sortRoles(state.roles ?? []), context);
      index = null;
      const base = context?.login?.accountId ? formatAccountId(context.login.accountId) : (context?.login?.alias ?? '');
      who.textContent = base ? `signed in to ${base}` : '';
      const canBack = Boolean(context?.switched && !context?.prism && onSwitchBack);
      back.hidden = !canBack;
      back.textContent = canBack ? `Switch back to ${context.login.user ?? 'your base identity'}${base ? ` @ ${base}` : ''}` : '';
      setBanner(state.banner ?? null);
      applyFilter();
    },
    showError,
    focus() {
      search.focus();
    },
    get rowCount() {
      return rows.length;
    },
  };
}
