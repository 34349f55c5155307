// Chromium runs this as a service worker, Firefox as an event page. It is the only caller of the host.
const api = globalThis.browser ?? globalThis.chrome;
const HOST = 'dev.switchrole.host';

api.runtime.onMessage.addListener((message, _sender, sendResponse) => {
  if (message?.type !== 'hello') return false;
  let port;
  try {
    port = api.runtime.connectNative(HOST);
  } catch (e) {
    sendResponse({ error: `connectNative threw: ${e}` });
    return false;
  }
  let answered = false;
  port.onMessage.addListener((reply) => {
    if (reply?.id !== 1 || answered) return;
    answered = true;
    sendResponse({ reply });
    port.disconnect();
  });
  port.onDisconnect.addListener(() => {
    const error = api.runtime.lastError?.message ?? port.error?.message ?? 'disconnected';
    if (!answered) sendResponse({ error });
  });
  port.postMessage({ id: 1, action: 'hello', browser: message.browser, extensionVersion: '0.0.1' });
  return true; // sendResponse is called later
});
