// The team preset an administrator sets through browser policy (storage.managed; schema in managed-schema.json,
// how to set it in docs/deploy.md): team sources the extension hands to the host (sources.add) when it connects,
// so a fleet gets its roles with no one typing anything. A source the host already has (same name, any case) is
// left as it is; one that fails to add is tried again at the next connection. The policy value is untrusted
// input like any other: entries of the wrong shape are skipped, and the host validates the rest again.
import { ACTIONS } from '../lib/protocol.js';

export const MANAGED_KEY = 'teamSources';
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

/** The well-formed entries of the policy value, and why each other one was skipped. */
export function managedSources(value) {
  const sources = [];
  const skipped = [];
  if (value === undefined || value === null) return { sources, skipped };
  if (!Array.isArray(value)) return { sources, skipped: [{ index: null, reason: `${MANAGED_KEY} is not a list` }] };
  value.forEach((entry, index) => {
    const reason =
      entry === null || typeof entry !== 'object' || Array.isArray(entry) ? 'not an object'
        : typeof entry.name !== 'string' || !NAME.test(entry.name) ? 'name: 1 to 40 letters, digits, ".", "_" or "-", starting with a letter or digit'
          : typeof entry.location !== 'string' || entry.location.length === 0 || entry.location.length > 2048 ? 'location: a file path or https:// URL is needed'
            : entry.format !== undefined && typeof entry.format !== 'string' ? 'format: a format name is needed'
              : entry.intervalMinutes !== undefined && !(Number.isInteger(entry.intervalMinutes) && entry.intervalMinutes >= 1 && entry.intervalMinutes <= 10080) ? 'intervalMinutes: a whole number from 1 to 10080'
                : null;
    if (reason) {
      skipped.push({ index, reason });
      return;
    }
    const source = { name: entry.name, location: entry.location };
    if (entry.format !== undefined) source.format = entry.format;
    if (entry.intervalMinutes !== undefined) source.intervalMinutes = entry.intervalMinutes;
    sources.push(source);
  });
  return { sources, skipped };
}

/**
 * Adds the managed sources the host does not have yet.
 * @param {{ get: (key: string) => Promise<object> }} managed storage.managed
 * @param {(action: string, params: object, timeoutMs?: number) => Promise<object>} request the background's host client
 * @returns {Promise<{ added: string[], present: string[], failed: {name: string, error: string}[], skipped: object[] }>}
 */
export async function applyManagedSources({ managed, request }) {
  const result = { added: [], present: [], failed: [], skipped: [] };
  let value;
  try {
    value = (await managed.get(MANAGED_KEY))?.[MANAGED_KEY];
  } catch {
    return result; // No policy for this extension (Firefox rejects then); nothing to do.
  }
  const { sources, skipped } = managedSources(value);
  result.skipped = skipped;
  if (sources.length === 0) return result;
  const { sources: existing } = await request(ACTIONS.sourcesList, {});
  const names = new Set(existing.map((s) => s.name.toLowerCase()));
  for (const source of sources) {
    if (names.has(source.name.toLowerCase())) {
      result.present.push(source.name);
      continue;
    }
    try {
      // The host reads the source once before storing it; a URL can take up to 30 s.
      await request(ACTIONS.sourcesAdd, source, 60000);
      names.add(source.name.toLowerCase());
      result.added.push(source.name);
    } catch (e) {
      result.failed.push({ name: source.name, error: e?.message ?? String(e) });
    }
  }
  return result;
}

/**
 * Applies the preset once, unless a run is still going (then that run's promise). createBackground calls it each
 * time the host connection becomes ready and when the policy changes; `slot` (in the background's state object)
 * holds the run in progress. Failures and skipped entries go to `onError` (the background's log and diagnostics).
 * @returns {Promise<object|null>} applyManagedSources' result, or null when there is no policy storage or it failed
 */
export function applyManagedPreset({ managed, request, slot, onError }) {
  if (!managed) return Promise.resolve(null);
  if (slot.running) return slot.running;
  slot.running = applyManagedSources({ managed, request })
    .then((r) => {
      for (const f of r.failed) onError(`managed team source ${f.name} was not added`, new Error(f.error));
      for (const s of r.skipped) onError(`managed ${MANAGED_KEY}[${s.index ?? ''}] skipped`, new Error(s.reason));
      return r;
    })
    .catch((e) => {
      onError('apply the managed team sources', e);
      return null;
    })
    .finally(() => {
      slot.running = null;
    });
  return slot.running;
}
