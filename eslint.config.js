// ESLint (flat config) for every JavaScript file in the repository: the extension (browser globals), its build
// script, and the tests and benches (Node). The packages live in tests/node_modules (tests/package.json), so they are
// resolved from there. Run: npm --prefix tests run lint
import { createRequire } from 'node:module';

const require = createRequire(new URL('./tests/package.json', import.meta.url));
const js = require('@eslint/js');

const readonly = (names) => Object.fromEntries(names.map((n) => [n, 'readonly']));
const common = ['console', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'structuredClone',
  'URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder', 'AbortController', 'performance', 'crypto', 'fetch', 'Blob', 'atob', 'btoa'];
const browser = ['window', 'document', 'location', 'navigator', 'chrome', 'browser', 'globalThis', 'Element', 'HTMLElement', 'Node',
  'CustomEvent', 'Event', 'KeyboardEvent', 'MouseEvent', 'MutationObserver', 'DOMParser', 'getComputedStyle', 'requestAnimationFrame', 'ShadowRoot'];
const node = ['process', 'Buffer', 'setImmediate', 'clearImmediate', 'globalThis', '__dirname'];

export default [
  { ignores: ['**/node_modules/**', 'extension/dist/**', 'artifacts/**', '**/bin/**', '**/obj/**'] },
  js.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: readonly([...common, ...node]) },
    rules: {
      eqeqeq: ['error', 'always'],
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-var': 'error',
      'prefer-const': 'error',
      // `let v = null; try { v = parse() } catch { v = null }` says what a failure leaves; kept on purpose.
      'no-useless-assignment': 'off',
    },
  },
  {
    files: ['extension/src/**/*.js'],
    languageOptions: { globals: readonly([...common, ...browser]) },
  },
  {
    // Functions passed to page.evaluate run in the browser page.
    files: ['tests/e2e/**/*.mjs', 'tests/bench/**/*.mjs'],
    languageOptions: { globals: readonly([...common, ...node, ...browser]) },
  },
];
