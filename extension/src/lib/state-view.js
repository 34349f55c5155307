// A view's copy of the background's state (popup, options page, content scripts). The background broadcasts the
// state without the list, plus the list's change (added, updated, removed) since its last broadcast; a view that
// holds the version the change applies to patches its copy, and a view that has just opened or lost track (another
// version, a background that restarted) asks for the whole list once. Entries are checked (sanitizeRole) on the way in.
import { applyRoleChanges, sortRoles, patchSorted, SMALL_CHANGE } from './roles.js';
import { sanitizeRole } from './validate.js';
import { MESSAGES } from './messages.js';

/** Whole loads in a row while broadcasts keep moving the list; the next broadcast starts another. */
const MAX_LOADS = 3;
/** The roles in an answer from the background: `rolesJson` (one string, cheap to pass between contexts) or `roles`. */
export function rolesOf(state) {
  if (Array.isArray(state?.roles)) return state.roles;
  if (typeof state?.rolesJson !== 'string') return [];
  try {
    const roles = JSON.parse(state.rolesJson);
    return Array.isArray(roles) ? roles : [];
  } catch {
    return [];
  }
}

function withoutList(full) {
  const { roles: _r, rolesJson: _j, ...meta } = full;
  return meta;
}

function keyOf(raw) {
  return { accountId: String(raw?.accountId ?? ''), roleName: String(raw?.roleName ?? '') };
}

/**
 * @param {object} opts
 * @param {(message: object) => Promise<object>} opts.ask sends a runtime message to the background, resolves with its answer
 * @param {(view: { state: object|null, roles: object[], version: string|null }, how: 'whole'|'patch'|'state') => void} opts.onChange
 *   called after every update: `roles` is sorted (lib/roles.js compareRoles) and sanitized
 * @returns {{ view: object, load: () => Promise<void>, receive: (message: object) => boolean }}
 */
export function createStateView({ ask, onChange }) {
  const view = { state: null, roles: [], version: null };
  let loading = null;
  // The list version the newest broadcast named: a whole load that answers an older one loads again.
  let latest = null;

  function take(full) {
    view.state = withoutList(full);
    view.roles = sortRoles(rolesOf(full).map(sanitizeRole).filter(Boolean));
    view.version = typeof full.listVersion === 'string' ? full.listVersion : null;
  }

  /** Asks for the whole list (at most one request at a time) and tells onChange. */
  function load() {
    if (loading) return loading;
    loading = (async () => {
      try {
        for (let n = 0; n < MAX_LOADS; n++) {
          const full = await ask({ type: MESSAGES.getState, json: true });
          if (!full || typeof full !== 'object') return;
          take(full);
          onChange(view, 'whole');
          if (latest === null || latest === view.version) return;
        }
      } finally {
        loading = null;
      }
    })();
    return loading;
  }

  /** Applies a broadcast; false for any other message. */
  function receive(message) {
    if (message?.type !== MESSAGES.state || !message.state || typeof message.state !== 'object') return false;
    const next = message.state;
    latest = typeof next.listVersion === 'string' ? next.listVersion : null;
    if (loading) {
      // A whole list is on its way; load() asks again if it turns out older than this.
      view.state = next;
      return true;
    }
    if (view.version !== null && next.listVersion === view.version) {
      view.state = next;
      onChange(view, 'state');
      return true;
    }
    const change = message.change;
    if (view.version !== null && change && change.base === view.version && change.version === next.listVersion) {
      const patched = patch(change);
      if (patched) {
        view.roles = patched;
        view.version = change.version;
        view.state = next;
        onChange(view, 'patch');
        return true;
      }
    }
    // Just opened, or lost track: the whole list, once.
    view.state = next;
    load();
    return true;
  }

  function patch(change) {
    const incoming = [...(Array.isArray(change.added) ? change.added : []), ...(Array.isArray(change.updated) ? change.updated : [])];
    const roles = [];
    const deleted = Array.isArray(change.removed) ? change.removed.map(keyOf) : [];
    for (const raw of incoming) {
      const role = sanitizeRole(raw);
      // An entry that fails the check leaves the list, as it would on a whole load.
      if (role) roles.push(role);
      else deleted.push(keyOf(raw));
    }
    const out = roles.length + deleted.length <= SMALL_CHANGE ? patchSorted(view.roles, roles, deleted) : applyRoleChanges(view.roles, { roles, deleted });
    // The background's count counts entries this view may have refused; only a longer list is certainly wrong.
    if (!out || (Number.isInteger(change.count) && out.length > change.count)) return null;
    return out;
  }

  return { view, load, receive };
}
