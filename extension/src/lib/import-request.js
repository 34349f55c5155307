// Builds the import.preview / import.apply / restore.* request from a chosen file or pasted text, and refuses
// what the host could not take (its inbound frame cap, PROTOCOL.md "Framing") before anything is sent.
import { MAX_REQUEST_BYTES } from './protocol.js';

/** Room kept in the frame for the envelope and the other members. */
const RESERVE = 64 * 1024;
/** The largest file that fits once base64-encoded (4 characters per 3 bytes). */
export const MAX_FILE_BYTES = Math.floor(((MAX_REQUEST_BYTES - RESERVE) * 3) / 4);

export function formatBytes(n) {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

export function base64FromBytes(bytes) {
  let binary = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) binary += String.fromCharCode(...bytes.subarray(i, i + step));
  return btoa(binary);
}

/** UTF-8 length of a string without allocating it twice. */
export function utf8Length(text) {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i += 1;
    } else n += 3;
  }
  return n;
}

/**
 * @param {{ text?: string, bytes?: Uint8Array, size?: number, fileName?: string, format?: string }} input
 *   `size` is the file's size, checked before its bytes are read.
 * @returns {{ params: object } | { error: string }}
 */
export function importRequest({ text = null, bytes = null, size = null, fileName = null, format = 'auto' }) {
  const tooBig = (n) =>
    `${fileName ? `"${fileName}"` : 'The text'} is ${formatBytes(n)}; through the browser SwitchRole takes at most ${formatBytes(MAX_FILE_BYTES)}. Import it at a terminal instead: switchrole import FILE`;
  const common = { ...(fileName ? { fileName } : {}), ...(format && format !== 'auto' ? { format } : {}) };
  if (size !== null && size > MAX_FILE_BYTES) return { error: tooBig(size) };
  if (bytes) {
    if (bytes.length > MAX_FILE_BYTES) return { error: tooBig(bytes.length) };
    if (bytes.length === 0) return { error: `"${fileName ?? 'The file'}" is empty.` };
    return { params: { ...common, data: base64FromBytes(bytes) } };
  }
  if (typeof text !== 'string' || text.trim() === '') return { error: 'Paste the text of a role file, or choose a file.' };
  const params = { ...common, text };
  const frame = utf8Length(JSON.stringify(params));
  if (frame > MAX_REQUEST_BYTES - RESERVE) return { error: tooBig(utf8Length(text)) };
  return { params };
}
