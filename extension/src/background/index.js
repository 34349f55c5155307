// Background entry (Chromium: module service worker; Firefox: module event page). Creates the one background
// (background.js: its state object, its broadcast, its message handlers) over the browser's APIs and the one
// native client; no state lives at module level.
import { NativeClient } from './native-client.js';
import { createBackground } from './background.js';

const api = globalThis.browser ?? globalThis.chrome;
const browser = typeof globalThis.browser?.runtime?.getBrowserInfo === 'function' ? 'firefox' : 'chromium';

const background = createBackground({
  api,
  client: new NativeClient({
    connect: (name) => api.runtime.connectNative(name),
    hello: { browser, extensionVersion: api.runtime.getManifest().version },
  }),
  storage: api.storage.local,
  browser,
});
background.listen();
background.start();
