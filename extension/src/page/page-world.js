// Runs in the console page's own JavaScript world (content_scripts world MAIN). It reads what only the page
// has (the CSRF token, ConsoleNavService.AccountInfo) and makes the multi-session switch request with the
// page's own origin, as the console itself does. It answers the content script through DOM events carrying
// JSON strings; the content script validates every member. No extension API is reachable from here.
(() => {
  'use strict';
  const SWITCH_URL =
    /^https:\/\/([a-z0-9-]+\.)?signin\.(aws\.amazon\.com|amazonaws-us-gov\.com|amazonaws\.cn|amazonaws-eusc\.eu)\/sessions\/[A-Za-z0-9-]{1,128}\/v1\/switchrole$/;
  const str = (v) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

  function readFacts() {
    let csrf = null;
    const accountInfo = {};
    try {
      csrf = str(window.AWSC?.Auth?.getMbtc?.());
    } catch {
      csrf = null;
    }
    try {
      const ai = window.ConsoleNavService?.AccountInfo;
      if (ai && typeof ai === 'object') {
        for (const k of ['loginDisplayNameAccount', 'loginDisplayNameUser', 'roleDisplayNameAccount', 'roleDisplayNameUser']) {
          accountInfo[k] = str(ai[k]);
        }
      }
    } catch {
      // A console without the global: the content script falls back to what the DOM shows.
    }
    return { source: 'swr-page', version: 1, csrf, accountInfo };
  }

  function nonceOf(e) {
    try {
      const v = JSON.parse(e.detail);
      return typeof v?.nonce === 'string' && v.nonce.length <= 64 ? v : null;
    } catch {
      return null;
    }
  }

  document.addEventListener('swr-page-request', (e) => {
    const req = nonceOf(e);
    if (!req) return;
    document.dispatchEvent(new CustomEvent('swr-page-facts', { detail: JSON.stringify({ ...readFacts(), nonce: req.nonce }) }));
  });

  document.addEventListener('swr-page-switch', (e) => {
    const req = nonceOf(e);
    if (!req) return;
    const reply = (v) =>
      document.dispatchEvent(new CustomEvent('swr-page-switch-result', { detail: JSON.stringify({ source: 'swr-page', version: 1, nonce: req.nonce, ...v }) }));
    if (typeof req.url !== 'string' || !SWITCH_URL.test(req.url) || typeof req.body !== 'string') {
      reply({ status: 0, text: '', error: 'refused: not a sign-in switch request' });
      return;
    }
    fetch(req.url, {
      method: 'POST',
      credentials: 'include',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-PROTECTION': '1' },
      body: req.body,
    })
      .then(async (res) => reply({ status: res.status, text: (await res.text()).slice(0, 65536) }))
      .catch((err) => reply({ status: 0, text: '', error: String(err?.message ?? err) }));
  });
})();
