// A compact copy of the entries for the browser's own sync storage (storage.sync), so a new machine can get its
// list back before anything else is set up. Pure: packing, unpacking and what to write; background/sync-copy.js
// does the storage calls.
//
// Layout: `swr.meta` = { v: 1, keys: [chunk keys in order], count, total, savedAt } and chunks
// `swr.c.<hash>` = [line, ...], one line per entry:
//   account \t role \t displayName \t color \t region \t group \t baseAccount   (trailing empty fields dropped;
//   an empty display name means the default "<role> @ <account>")
// A chunk's key is the hash of its content, so an unchanged chunk keeps its key and is never rewritten, a reader
// can tell a chunk that has not arrived yet (sync is per item), and chunk boundaries depend on the entries around
// them only (content-defined), so one edit rewrites about one chunk.
import { normalizeAccountId } from './account.js';
import { normalizeRoleName, normalizeColor, normalizeRegion, cleanText, roleNameWithoutPath } from './validate.js';

/** chrome.storage.sync quotas (Firefox's are the same). */
export const SYNC_QUOTA = Object.freeze({ QUOTA_BYTES: 102400, QUOTA_BYTES_PER_ITEM: 8192, MAX_ITEMS: 512 });
export const META_KEY = 'swr.meta';
export const CHUNK_PREFIX = 'swr.c.';
export const FORMAT_VERSION = 1;

/** Bytes one chunk may use: the per-item quota less a margin for how the browser measures. */
export const CHUNK_BUDGET = SYNC_QUOTA.QUOTA_BYTES_PER_ITEM - 256;
/**
 * Bytes all chunks may use: the total quota less room for the meta item and for writing changed chunks before the
 * old ones are removed.
 */
export const TOTAL_BUDGET = 88 * 1024;
/** About one chunk boundary per this many entries (chosen by each entry's key hash). */
const BOUNDARY_EVERY = 24;

/** FNV-1a, 32 bits, as 8 hex digits. */
export function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * Bytes a value takes in sync storage, over-estimated: its JSON with every non-ASCII character counted as a
 * 6-byte escape (browsers measure the JSON of the value plus the key).
 */
export function jsonBytes(value) {
  const json = JSON.stringify(value);
  let n = 0;
  for (let i = 0; i < json.length; i++) n += json.charCodeAt(i) < 0x80 ? 1 : 6;
  return n;
}

export function itemBytes(key, value) {
  return key.length + jsonBytes(value);
}

function defaultName(role) {
  return `${roleNameWithoutPath(role.roleName)} @ ${role.accountId}`;
}

/** One entry as one line (see the layout above). */
export function encodeEntry(role) {
  const fields = [
    role.accountId,
    role.roleName,
    role.displayName && role.displayName !== defaultName(role) ? role.displayName : '',
    role.color ?? '',
    role.region ?? '',
    role.group ?? '',
    role.baseAccountId ?? '',
  ];
  while (fields.length > 2 && fields[fields.length - 1] === '') fields.pop();
  return fields.join('\t');
}

/** A line back into an entry (checked with the same rules as the host), or null when it is not one. */
export function decodeEntry(line) {
  if (typeof line !== 'string') return null;
  const [account, role, name, color, region, group, base] = line.split('\t');
  const accountId = normalizeAccountId(account);
  const roleName = normalizeRoleName(role);
  if (!accountId || !roleName) return null;
  const entry = { accountId, roleName };
  const displayName = cleanText(name ?? '');
  if (displayName) entry.displayName = displayName;
  if (normalizeColor(color ?? '')) entry.color = normalizeColor(color);
  if (normalizeRegion(region ?? '')) entry.region = normalizeRegion(region);
  if (cleanText(group ?? '', 128)) entry.group = cleanText(group, 128);
  if (normalizeAccountId(base ?? '')) entry.baseAccountId = normalizeAccountId(base);
  return entry;
}

function keyOf(role) {
  return `${role.accountId}\t${role.roleName}`;
}

/** Most recently used first (never used last), then most used, then by key: which entries to keep when not all fit. */
export function byRecentUse(a, b) {
  const ua = a.lastUsedAt ?? '';
  const ub = b.lastUsedAt ?? '';
  if (ua !== ub) return ua < ub ? 1 : -1;
  const ca = a.useCount ?? 0;
  const cb = b.useCount ?? 0;
  if (ca !== cb) return cb - ca;
  return keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0;
}

/** Whether a chunk ends after this entry: about one in BOUNDARY_EVERY, decided by the key alone. */
function boundaryAfter(key) {
  // FNV's low bits mix poorly; a murmur3 finaliser spreads every bit before taking the remainder.
  let h = parseInt(fnv1a(key), 16);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  return h % BOUNDARY_EVERY === 0;
}

function chunkLines(lines, keys) {
  const chunks = [];
  let current = [];
  let size = 2 + CHUNK_PREFIX.length + 8;
  for (let i = 0; i < lines.length; i++) {
    const cost = jsonBytes(lines[i]) + 1;
    if (current.length > 0 && size + cost > CHUNK_BUDGET) {
      chunks.push(current);
      current = [];
      size = 2 + CHUNK_PREFIX.length + 8;
    }
    current.push(lines[i]);
    size += cost;
    if (boundaryAfter(keys[i])) {
      chunks.push(current);
      current = [];
      size = 2 + CHUNK_PREFIX.length + 8;
    }
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function chunkKey(lines, taken) {
  const base = `${CHUNK_PREFIX}${fnv1a(lines.join('\n'))}`;
  let key = base;
  for (let n = 1; taken.has(key); n++) key = `${base}.${n}`;
  taken.add(key);
  return key;
}

/**
 * Packs entries into sync items within the quotas. When they do not all fit, keeps the most recently used that do.
 * @returns {{ items: Record<string, string[]>, meta: object, count: number, total: number, bytes: number }}
 */
export function packEntries(roles, { savedAt = new Date().toISOString(), budget = TOTAL_BUDGET } = {}) {
  const valid = [];
  const seen = new Set();
  for (const r of roles ?? []) {
    const line = encodeEntry(r);
    const entry = decodeEntry(line);
    if (!entry || seen.has(keyOf(entry))) continue;
    seen.add(keyOf(entry));
    valid.push({ role: r, line, key: keyOf(entry) });
  }
  valid.sort((a, b) => byRecentUse(a.role, b.role));

  let keep = valid.length;
  // Estimate, then trim until the real packing fits (a few rounds at most).
  let estimate = 0;
  for (let i = 0; i < valid.length; i++) {
    estimate += jsonBytes(valid[i].line) + 1;
    if (estimate > budget * 0.97) {
      keep = i;
      break;
    }
  }
  for (;;) {
    const chosen = valid.slice(0, keep).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const chunks = chunkLines(chosen.map((c) => c.line), chosen.map((c) => c.key));
    const taken = new Set();
    const items = {};
    let bytes = 0;
    for (const lines of chunks) {
      const key = chunkKey(lines, taken);
      items[key] = lines;
      bytes += itemBytes(key, lines);
    }
    const keys = Object.keys(items);
    if ((bytes <= budget && keys.length < SYNC_QUOTA.MAX_ITEMS - 8) || keep === 0) {
      const meta = { v: FORMAT_VERSION, keys, count: keep, total: valid.length, savedAt };
      return { items, meta, count: keep, total: valid.length, bytes: bytes + itemBytes(META_KEY, meta) };
    }
    keep = Math.max(0, Math.floor(keep * 0.95) - 1);
  }
}

/**
 * Reads a sync copy from everything `storage.sync.get(null)` returned.
 * @returns {{ state: 'none'|'partial'|'ok', entries: object[], count: number, total: number, savedAt: string|null, missing: number }}
 */
export function unpackEntries(all) {
  const meta = all?.[META_KEY];
  if (!meta || meta.v !== FORMAT_VERSION || !Array.isArray(meta.keys)) {
    return { state: 'none', entries: [], count: 0, total: 0, savedAt: null, missing: 0 };
  }
  const entries = [];
  const seen = new Set();
  let missing = 0;
  for (const key of meta.keys) {
    const lines = all[key];
    // A chunk whose content does not match its key is an older or newer one still in transit.
    if (typeof key !== 'string' || !Array.isArray(lines) || !key.startsWith(`${CHUNK_PREFIX}${fnv1a(lines.join('\n'))}`)) {
      missing += 1;
      continue;
    }
    for (const line of lines) {
      const e = decodeEntry(line);
      if (e && !seen.has(keyOf(e))) {
        seen.add(keyOf(e));
        entries.push(e);
      }
    }
  }
  return {
    state: missing > 0 ? 'partial' : 'ok',
    entries,
    count: Number.isInteger(meta.count) ? meta.count : entries.length,
    total: Number.isInteger(meta.total) ? meta.total : entries.length,
    savedAt: typeof meta.savedAt === 'string' ? meta.savedAt : null,
    missing,
  };
}

/**
 * What to write to go from the stored copy (`all`) to `packed`: only chunks not stored already, the meta, and the
 * chunks no longer used. `changed` is false when the stored copy already holds exactly these entries.
 */
export function planWrite(all, packed) {
  const old = all?.[META_KEY];
  const oldKeys = Array.isArray(old?.keys) ? old.keys : Object.keys(all ?? {}).filter((k) => k.startsWith(CHUNK_PREFIX));
  const set = {};
  for (const [key, lines] of Object.entries(packed.items)) {
    if (!Array.isArray(all?.[key]) || all[key].join('\n') !== lines.join('\n')) set[key] = lines;
  }
  const sameKeys = old?.v === FORMAT_VERSION && JSON.stringify(old.keys) === JSON.stringify(packed.meta.keys) && old.total === packed.meta.total;
  const changed = !sameKeys || Object.keys(set).length > 0;
  if (changed) set[META_KEY] = packed.meta;
  const keep = new Set(packed.meta.keys);
  const stale = Object.keys(all ?? {}).filter((k) => k.startsWith(CHUNK_PREFIX) && !keep.has(k));
  for (const k of oldKeys) if (!keep.has(k) && !stale.includes(k)) stale.push(k);
  return { changed, set, remove: stale };
}
