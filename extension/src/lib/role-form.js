// Validation as you type for the options page's entry form: the host's rules and messages
// (host/SwitchRole.Core/Model/RoleValidator.cs), field by field. The host checks again on save.
import { MAX_DISPLAY_NAME, MAX_ROLE_PATH_AND_NAME } from './validate.js';

export const MAX_GROUP = 128;
export const FORM_FIELDS = Object.freeze(['accountId', 'roleName', 'displayName', 'color', 'region', 'group', 'baseAccountId']);

const CLEARABLE = new Set(['color', 'region', 'group', 'baseAccountId']);
const ROLE_SEGMENT = /^[A-Za-z0-9+=,.@_-]+$/;
const HEX_COLOR = /^[0-9a-fA-F]{6}$/;
const REGION = /^[a-z]{2,4}(-[a-z]{3,4})?-[a-z]+-[0-9]{1,2}$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Untrusted input echoed in a message: control characters shown as ?, at most 80 characters (as the host does). */
export function printable(value) {
  const s = String(value);
  const cleaned = s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?'); // eslint-disable-line no-control-regex
  return s.length > 80 ? `${cleaned.slice(0, 80)}…` : cleaned;
}

function accountId(value, required) {
  const raw = String(value ?? '');
  if (raw.trim() === '') return required ? { error: 'is required (12 digits)' } : { value: null };
  const digits = raw.trim().replace(/[- ]/g, '');
  return /^[0-9]{12}$/.test(digits) ? { value: digits } : { error: `must be 12 digits, got '${printable(raw)}'` };
}

function roleName(value) {
  const raw = String(value ?? '');
  if (raw.trim() === '') return { error: 'is required' };
  const role = raw.trim().replace(/^\/+|\/+$/g, '');
  if (role.length > MAX_ROLE_PATH_AND_NAME) {
    return { error: `path and name must be at most ${MAX_ROLE_PATH_AND_NAME} characters, got ${role.length}` };
  }
  for (const segment of role.split('/')) {
    if (segment === '') return { error: `'${printable(raw)}' has an empty path segment` };
    if (!ROLE_SEGMENT.test(segment)) return { error: `'${printable(raw)}' may contain only letters, digits and +=,.@_- (and / between path segments)` };
  }
  return { value: role };
}

function optionalText(value, max) {
  const raw = String(value ?? '');
  if (raw.trim() === '') return { value: null };
  const text = raw.trim();
  if (CONTROL.test(text)) return { error: 'must not contain control characters' };
  return text.length <= max ? { value: text } : { error: `must be at most ${max} characters, got ${text.length}` };
}

function color(value) {
  const raw = String(value ?? '');
  if (raw.trim() === '') return { value: null };
  const c = raw.trim().replace(/^#/, '');
  return HEX_COLOR.test(c) ? { value: c.toLowerCase() } : { error: `must be 6 hex digits like ff9900 or #ff9900, got '${printable(raw)}'` };
}

function region(value) {
  const raw = String(value ?? '');
  if (raw.trim() === '') return { value: null };
  const r = raw.trim().toLowerCase();
  return REGION.test(r) ? { value: r } : { error: `'${printable(raw)}' is not an AWS region code (like eu-west-1)` };
}

/** Checks one field. @returns {{ value?: string|null, error?: string }} */
export function checkField(field, value) {
  switch (field) {
    case 'accountId': return accountId(value, true);
    case 'baseAccountId': return accountId(value, false);
    case 'roleName': return roleName(value);
    case 'displayName': return optionalText(value, MAX_DISPLAY_NAME);
    case 'group': return optionalText(value, MAX_GROUP);
    case 'color': return color(value);
    case 'region': return region(value);
    default: return { error: 'is not a field of an entry' };
  }
}

/**
 * Checks every field of the form.
 * @returns {{ ok: boolean, role: object|null, errors: Record<string, string> }} `role` holds the normalised values.
 * An emptied colour, region, group or base account is sent as '' (the host removes the stored value: a person who
 * clears a field means it); an empty display name is left out (the host keeps the stored name, or the default).
 */
export function checkForm(values) {
  const errors = {};
  const role = {};
  for (const field of FORM_FIELDS) {
    const r = checkField(field, values?.[field]);
    if (r.error) errors[field] = r.error;
    else if (r.value !== null && r.value !== undefined) role[field] = r.value;
    else if (CLEARABLE.has(field)) role[field] = '';
  }
  const ok = Object.keys(errors).length === 0;
  return { ok, role: ok ? role : null, errors };
}
