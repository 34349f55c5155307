// Mirror of host/PROTOCOL.md: protocol version, host name, actions and error codes.
// A change to the contract changes host/PROTOCOL.md, the C# mirror and this file in one commit.

export const PROTOCOL_VERSION = 1;
export const HOST_NAME = 'dev.switchrole.host';

export const ACTIONS = Object.freeze({
  hello: 'hello',
  rolesList: 'roles.list',
  rolesUpsert: 'roles.upsert',
  rolesDelete: 'roles.delete',
  rolesTouch: 'roles.touch',
  importPreview: 'import.preview',
  importApply: 'import.apply',
  restorePreview: 'restore.preview',
  restoreApply: 'restore.apply',
  export: 'export',
  backup: 'backup',
  awsCheck: 'aws.check',
  awsSigninUrl: 'aws.signinUrl',
  ssoAccounts: 'sso.accounts',
  ssoSessions: 'sso.sessions',
  ssoSigninUrl: 'sso.signinUrl',
  sourcesList: 'sources.list',
  sourcesAdd: 'sources.add',
  sourcesSync: 'sources.sync',
  sourcesRemove: 'sources.remove',
});

/** Capabilities beyond actions (PROTOCOL.md "hello"): `roles.list` answers `sinceRevision` with only the changes. */
export const CAPABILITIES = Object.freeze({ rolesListSince: 'roles.list.since' });

/** Actions whose answer is text in parts (PROTOCOL.md "export"): reassembled by TextAssembler. */
export const TEXT_PART_ACTIONS = Object.freeze([ACTIONS.export, ACTIONS.backup]);

/** The inbound frame cap of the host (PROTOCOL.md "Framing"): a bigger request makes the host exit. */
export const MAX_REQUEST_BYTES = 8 * 1024 * 1024;

/** Error codes from the host (never renumbered), plus the extension's own (negative: never sent by a host). */
export const ERROR_CODES = Object.freeze({
  InternalError: 1,
  FrameTooLarge: 2,
  InvalidJson: 3,
  MissingId: 4,
  UnknownAction: 5,
  InvalidField: 6,
  NotFound: 7,
  DatabaseBusy: 8,
  DatabaseUnavailable: 9,
  CallerNotAllowed: 10,
  AwsError: 11,
  // Extension side only.
  Timeout: -1,
  HostUnavailable: -2,
  HostOutdated: -3,
  Disconnected: -4,
});

const NAMES_BY_CODE = new Map(Object.entries(ERROR_CODES).map(([name, code]) => [code, name]));

export function errorName(code) {
  return NAMES_BY_CODE.get(code) ?? 'InternalError';
}

/** A failed request: a host error response, a timeout, or a port that went away. */
export class HostError extends Error {
  constructor(code, message, field = null) {
    super(message);
    this.name = 'HostError';
    this.code = code;
    this.codeName = errorName(code);
    this.field = field;
  }

  toJSON() {
    return { code: this.code, name: this.codeName, message: this.message, field: this.field };
  }
}

/** Turns an `error` member of a response into a HostError, tolerating malformed ones. */
export function hostErrorFrom(error) {
  const code = Number.isInteger(error?.code) ? error.code : ERROR_CODES.InternalError;
  const message = typeof error?.message === 'string' ? error.message : 'the host reported an error';
  const field = typeof error?.field === 'string' ? error.field : null;
  return new HostError(code, message, field);
}

/**
 * Compares a hello result with what this extension needs.
 * @returns {{ ok: true } | { ok: false, reason: string }}
 */
export function checkHello(result, required = [ACTIONS.rolesList, ACTIONS.rolesUpsert, ACTIONS.rolesTouch]) {
  const version = result?.protocolVersion;
  if (!Number.isInteger(version)) {
    return { ok: false, reason: 'The SwitchRole host did not say which protocol it speaks: update SwitchRole.' };
  }
  if (version < PROTOCOL_VERSION) {
    return {
      ok: false,
      reason: `The SwitchRole host ${String(result.hostVersion ?? '')} speaks protocol ${version}; this extension needs ${PROTOCOL_VERSION}: update SwitchRole.`,
    };
  }
  const caps = Array.isArray(result.capabilities) ? result.capabilities : [];
  const missing = required.filter((a) => !caps.includes(a));
  if (missing.length > 0) {
    return { ok: false, reason: `The SwitchRole host lacks ${missing.join(', ')}: update SwitchRole.` };
  }
  return { ok: true };
}

/**
 * Collects the frames of a multi-part roles.list answer (PROTOCOL.md: parts arrive in order, same id,
 * same revision). push() returns the whole result once the last part is in, else null.
 */
export class ListAssembler {
  constructor() {
    this.roles = [];
    this.expected = 0;
    this.revision = null;
    this.parts = null;
    this.deleted = [];
  }

  push(result) {
    const { part, parts, roles, revision, deleted } = result ?? {};
    if (!Number.isInteger(part) || !Number.isInteger(parts) || parts < 1 || !Array.isArray(roles)) {
      throw new HostError(ERROR_CODES.InternalError, 'roles.list: a part lacks part/parts/roles');
    }
    if (part !== this.expected) {
      throw new HostError(ERROR_CODES.InternalError, `roles.list: expected part ${this.expected}, got ${part}`);
    }
    if (this.parts !== null && (parts !== this.parts || revision !== this.revision)) {
      throw new HostError(ERROR_CODES.InternalError, 'roles.list: parts disagree on parts or revision');
    }
    this.parts = parts;
    this.revision = revision;
    for (const r of roles) this.roles.push(r);
    if (Array.isArray(deleted)) for (const k of deleted) this.deleted.push(k);
    this.expected += 1;
    if (this.expected < parts) return null;
    const whole = { revision, total: result.total ?? this.roles.length, roles: this.roles };
    // An answer to sinceRevision (PROTOCOL.md "roles.list"): the changes, not the list.
    if (Number.isInteger(result.since)) return { ...whole, since: result.since, live: result.live, deleted: this.deleted };
    return whole;
  }
}

/**
 * Collects the frames of an answer in text parts (export, backup): parts arrive in order with the same id; the
 * text is the concatenation. push() returns the result (header members plus the whole `text`) after the last part.
 */
export class TextAssembler {
  constructor() {
    this.chunks = [];
    this.expected = 0;
    this.parts = null;
  }

  push(result) {
    const { part, parts, text } = result ?? {};
    if (!Number.isInteger(part) || !Number.isInteger(parts) || parts < 1 || typeof text !== 'string') {
      throw new HostError(ERROR_CODES.InternalError, 'a text part lacks part/parts/text');
    }
    if (part !== this.expected || (this.parts !== null && parts !== this.parts)) {
      throw new HostError(ERROR_CODES.InternalError, `expected text part ${this.expected} of ${this.parts ?? parts}, got ${part} of ${parts}`);
    }
    this.parts = parts;
    this.chunks.push(text);
    this.expected += 1;
    if (this.expected < parts) return null;
    const { part: _p, parts: _n, text: _t, ...header } = result;
    return { ...header, text: this.chunks.join('') };
  }
}
