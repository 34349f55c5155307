// What every section of the options page shares: element lookup and creation (ui/dom.js), status lines, and the
// one way to the host (a `host` message to the background, which alone talks to it). Every string from the host or
// a file is set with textContent.
import { el as makeEl } from '../ui/dom.js';
import { MESSAGES } from '../lib/messages.js';

export const api = globalThis.browser ?? globalThis.chrome;

export function $(id) {
  return document.getElementById(id);
}

/** ui/dom.js el() in this page's document. */
export function el(tag, opts = {}, children = []) {
  return makeEl(document, tag, opts, children);
}

export function setStatus(node, text, kind = null) {
  node.textContent = text ?? '';
  node.className = kind ? `swr-status-${kind}` : '';
}

/** One message to the background; its answer. */
export function send(message) {
  return api.runtime.sendMessage(message);
}

/** One host action through the background: its result, or an Error with the host's message and field. */
export async function host(action, params = {}) {
  const res = await send({ type: MESSAGES.host, action, params });
  if (!res?.ok) {
    const err = new Error(res?.error ?? 'No answer from the SwitchRole background.');
    err.field = res?.field ?? null;
    throw err;
  }
  return res.result;
}

/** The host (as the background last reported it) can do `action`. */
export function hasCapability(state, action) {
  return (state?.host?.capabilities ?? []).includes(action);
}
