// Asks the background to say hello to the host and writes the outcome into the page for the test to read.
const api = globalThis.browser ?? globalThis.chrome;
(async () => {
  const el = document.createElement('pre');
  el.id = 'swr-e2e';
  document.body.appendChild(el);
  try {
    const res = await api.runtime.sendMessage({ type: 'hello', browser: navigator.userAgent.includes('Firefox') ? 'firefox' : 'chromium' });
    el.textContent = JSON.stringify(res);
    el.dataset.state = res?.error ? 'error' : 'ok';
  } catch (e) {
    el.textContent = JSON.stringify({ error: String(e) });
    el.dataset.state = 'error';
  }
})();
