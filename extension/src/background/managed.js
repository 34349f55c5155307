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
 * Applies the preset each time the client's connection becomes ready, and again when the policy changes.
 * Wraps the client's status listener, so the background needs one line to start it.
 */
export function startManagedPreset({ api, client }) {
  const managed = api.storage?.managed;
  if (!managed) return;
  let running = null;
  const apply = () => {
    if (running) return running;
    running = applyManagedSources({ managed, request: (action, params, timeoutMs) => client.request(action, params, timeoutMs) })
      .then((r) => {
        for (const f of r.failed) console.warn(`SwitchRole: managed team source ${f.name} was not added: ${f.error}`);
        for (const s of r.skipped) console.warn(`SwitchRole: managed ${MANAGED_KEY}[${s.index}] skipped: ${s.reason}`);
        return r;
      })
      .catch(() => null)
      .finally(() => {
        running = null;
      });
    return running;
  };
  const previous = client.onStatus;
  client.onStatus = (status) => {
    previous(status);
    if (status.state === 'ready') apply();
  };
  api.storage.onChanged?.addListener((changes, area) => {
    if (area === 'managed' && MANAGED_KEY in changes && client.status?.state === 'ready') apply();
  });
}
