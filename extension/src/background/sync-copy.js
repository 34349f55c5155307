// Keeps the compact copy of the entries in the browser's sync storage (lib/sync-pack.js has the format): written
// a few seconds after the list changes, only the chunks that changed, and never replaced by an empty list (a new
// machine's empty host must not erase the copy it could restore from).
import { packEntries, unpackEntries, planWrite, META_KEY, CHUNK_PREFIX } from '../lib/sync-pack.js';

export const WRITE_DELAY_MS = 3000;

export class SyncCopy {
  /**
   * @param {object} opts
   * @param {object|null} opts.area storage.sync (null when the browser has none: the copy is off)
   * @param {number} [opts.delayMs]
   * @param {object} [opts.timers]
   * @param {(where: string, error: unknown) => void} [opts.onError] a failure handled here (the background records it)
   */
  constructor({ area, delayMs = WRITE_DELAY_MS, timers = globalThis, onError = () => {} }) {
    this.onError = onError;
    this.area = area ?? null;
    this.delayMs = delayMs;
    this.timers = timers;
    this.timer = null;
    this.pending = null;
    this.writing = Promise.resolve();
    this.status = { count: null, total: null, bytes: null, savedAt: null, error: null };
  }

  get available() {
    return this.area !== null;
  }

  /** Writes `roles` after a quiet period; a newer list replaces a pending one. */
  schedule(roles) {
    if (!this.area || !Array.isArray(roles) || roles.length === 0) return;
    this.pending = roles;
    if (this.timer) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.flush();
    }, this.delayMs);
  }

  flush() {
    const roles = this.pending;
    this.pending = null;
    if (!roles) return this.writing;
    this.writing = this.writing.then(() => this.write(roles)).catch((e) => this.onError('sync copy write', e));
    return this.writing;
  }

  async write(roles) {
    if (!this.area || roles.length === 0) return this.status;
    try {
      const all = await this.area.get(null);
      const packed = packEntries(roles);
      const plan = planWrite(all, packed);
      if (plan.changed) {
        try {
          await this.area.set(plan.set);
        } catch {
          // Over the quota with old and new chunks side by side: drop the old ones first, then write.
          if (plan.remove.length > 0) await this.area.remove(plan.remove);
          plan.remove = [];
          await this.area.set(plan.set);
        }
        if (plan.remove.length > 0) await this.area.remove(plan.remove);
      }
      const meta = plan.changed ? packed.meta : all[META_KEY];
      this.status = { count: meta.count, total: meta.total, bytes: packed.bytes, savedAt: meta.savedAt, error: null };
    } catch (e) {
      this.status = { ...this.status, error: String(e?.message ?? e) };
      this.onError('sync copy write', e);
    }
    return this.status;
  }

  /** The copy as stored now (see unpackEntries). */
  async read() {
    if (!this.area) return unpackEntries(null);
    try {
      return unpackEntries(await this.area.get(null));
    } catch (e) {
      this.onError('sync copy read', e);
      return unpackEntries(null);
    }
  }

  async clear() {
    if (!this.area) return;
    if (this.timer) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
    const all = await this.area.get(null);
    const keys = Object.keys(all).filter((k) => k === META_KEY || k.startsWith(CHUNK_PREFIX));
    if (keys.length > 0) await this.area.remove(keys);
    this.status = { count: null, total: null, bytes: null, savedAt: null, error: null };
  }
}
