// The one element helper for every view (popup, options page, the console menu in its shadow root). Text goes in
// through textContent only; nothing from data is ever parsed as markup.

/**
 * @param {Document} doc the document to create in (a shadow root's ownerDocument, or `document`)
 * @param {string} tag
 * @param {{ text?: string|null, cls?: string|null, attrs?: Record<string, string> }} [opts]
 * @param {(Node|string)[]} [children]
 * @returns {HTMLElement}
 */
export function el(doc, tag, { text = null, cls = null, attrs = {} } = {}, children = []) {
  const e = doc.createElement(tag);
  if (cls) e.className = cls;
  if (text !== null && text !== undefined) e.textContent = text;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}
