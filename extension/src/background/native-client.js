// The only module that talks to the SwitchRole host. One long-lived connectNative port; every request has an
// id and a timeout; answers are matched by id (roles.list answers arrive in parts and are reassembled);
// a lost port rejects what was pending and reconnects with backoff; the hello check decides whether the host
// is usable ("update SwitchRole" for a host that is too old, never a crash).
import { ACTIONS, HOST_NAME, ERROR_CODES, HostError, hostErrorFrom, checkHello, ListAssembler, TextAssembler, TEXT_PART_ACTIONS } from '../lib/protocol.js';

export const DEFAULT_TIMEOUT_MS = 10000;
export const BACKOFF_MS = [500, 1000, 2000, 5000, 15000, 30000, 60000];

/**
 * @param {object} opts
 * @param {() => object} opts.connect returns a Port (runtime.connectNative(HOST_NAME) in the browser)
 * @param {(event: object) => void} [opts.onEvent] host events ({ event: 'changed', revision })
 * @param {(status: object) => void} [opts.onStatus] { state: 'connecting'|'ready'|'outdated'|'unavailable', message, hello }
 * @param {object} [opts.hello] members sent with hello (browser, extensionVersion)
 * @param {(where: string, error: unknown) => void} [opts.onError] a listener that threw (the background records it)
 * @param {object} [opts.timers] { setTimeout, clearTimeout } (tests)
 */
export class NativeClient {
  constructor({ connect, onEvent = () => {}, onStatus = () => {}, onError = () => {}, hello = {}, timeoutMs = DEFAULT_TIMEOUT_MS, timers = globalThis }) {
    this.connectFn = connect;
    this.onEvent = onEvent;
    this.onStatus = onStatus;
    this.onError = onError;
    this.helloParams = hello;
    this.timeoutMs = timeoutMs;
    this.timers = timers;
    this.port = null;
    this.nextId = 1;
    this.pending = new Map();
    this.attempt = 0;
    this.reconnectTimer = null;
    this.status = { state: 'idle', message: null, hello: null };
    this.ready = null;
    this.stopped = false;
  }

  /** Sets the listeners after construction (the background creates the client before the state that listens). */
  listen({ onStatus = this.onStatus, onEvent = this.onEvent, onError = this.onError } = {}) {
    this.onStatus = onStatus;
    this.onEvent = onEvent;
    this.onError = onError;
  }

  setStatus(state, message = null, hello = this.status.hello) {
    this.status = { state, message, hello };
    try {
      this.onStatus(this.status);
    } catch (e) {
      // A listener's bug must not break the client; it is reported, not dropped.
      this.onError('status listener', e);
    }
  }

  /** Connects (if needed) and resolves when hello has been checked; rejects with HostError otherwise. */
  start() {
    if (this.ready) return this.ready;
    this.stopped = false;
    this.ready = this.open();
    // Leave no unhandled rejection behind: callers that care await start() themselves.
    this.ready.catch(() => {});
    return this.ready;
  }

  open() {
    this.setStatus('connecting');
    let port;
    try {
      port = this.connectFn(HOST_NAME);
    } catch (e) {
      const err = new HostError(ERROR_CODES.HostUnavailable, `connectNative failed: ${e?.message ?? e}`);
      this.lost(err);
      return Promise.reject(err);
    }
    this.port = port;
    port.onMessage.addListener((msg) => this.receive(port, msg));
    port.onDisconnect.addListener((p) => {
      if (this.port !== port) return;
      const why = p?.error?.message ?? globalThis.chrome?.runtime?.lastError?.message ?? 'the host exited';
      this.lost(new HostError(ERROR_CODES.HostUnavailable, `The SwitchRole host is not available: ${why}`));
    });
    return this.send(port, ACTIONS.hello, this.helloParams).then((hello) => {
      const check = checkHello(hello);
      if (!check.ok) {
        this.setStatus('outdated', check.reason, hello);
        throw new HostError(ERROR_CODES.HostOutdated, check.reason);
      }
      this.attempt = 0;
      this.setStatus('ready', null, hello);
      return hello;
    }, (e) => {
      // No usable answer to hello (timeout, error frame): treat the port as lost and retry later.
      if (e?.code !== ERROR_CODES.HostOutdated && this.port === port) this.lost(e);
      throw e;
    });
  }

  lost(err) {
    const port = this.port;
    this.port = null;
    this.ready = null;
    try {
      port?.disconnect();
    } catch {
      // Already gone.
    }
    for (const p of this.pending.values()) {
      this.timers.clearTimeout(p.timer);
      p.reject(err);
    }
    this.pending.clear();
    if (this.status.state !== 'outdated') this.setStatus('unavailable', err.message);
    this.scheduleReconnect();
  }

  scheduleReconnect() {
    if (this.stopped || this.reconnectTimer) return;
    const delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
    this.attempt += 1;
    this.reconnectTimer = this.timers.setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.stopped && !this.port) this.start();
    }, delay);
  }

  stop() {
    this.stopped = true;
    if (this.reconnectTimer) this.timers.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const port = this.port;
    this.port = null;
    this.ready = null;
    try {
      port?.disconnect();
    } catch {
      // Already gone.
    }
    for (const p of this.pending.values()) {
      this.timers.clearTimeout(p.timer);
      p.reject(new HostError(ERROR_CODES.Disconnected, 'The connection to the host was closed.'));
    }
    this.pending.clear();
  }

  send(port, action, params, timeoutMs = this.timeoutMs) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = this.timers.setTimeout(() => {
        this.pending.delete(id);
        reject(new HostError(ERROR_CODES.Timeout, `The SwitchRole host did not answer ${action} within ${timeoutMs} ms.`));
      }, timeoutMs);
      this.pending.set(id, {
        action,
        resolve,
        reject,
        timer,
        assembler: action === ACTIONS.rolesList ? new ListAssembler() : TEXT_PART_ACTIONS.includes(action) ? new TextAssembler() : null,
      });
      try {
        port.postMessage({ ...params, id, action });
      } catch (e) {
        this.timers.clearTimeout(timer);
        this.pending.delete(id);
        reject(new HostError(ERROR_CODES.HostUnavailable, `Could not send to the host: ${e?.message ?? e}`));
      }
    });
  }

  receive(port, msg) {
    if (port !== this.port || msg === null || typeof msg !== 'object') return;
    if (typeof msg.event === 'string') {
      try {
        this.onEvent(msg);
      } catch (e) {
        // A listener's bug must not break the client; it is reported, not dropped.
        this.onError('event listener', e);
      }
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.ok !== true) {
      this.finish(msg.id, p, null, hostErrorFrom(msg.error));
      return;
    }
    if (p.assembler) {
      try {
        const whole = p.assembler.push(msg.result);
        if (whole) this.finish(msg.id, p, whole, null);
      } catch (e) {
        this.finish(msg.id, p, null, e);
      }
      return;
    }
    this.finish(msg.id, p, msg.result, null);
  }

  finish(id, p, result, error) {
    this.timers.clearTimeout(p.timer);
    this.pending.delete(id);
    if (error) p.reject(error);
    else p.resolve(result);
  }

  /** Sends one request once the host is ready. */
  async request(action, params = {}, timeoutMs = this.timeoutMs) {
    await this.start();
    if (!this.port) throw new HostError(ERROR_CODES.HostUnavailable, 'The SwitchRole host is not available.');
    return this.send(this.port, action, params, timeoutMs);
  }
}
