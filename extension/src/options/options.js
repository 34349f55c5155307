// Options page: the entries (add, edit, delete, AWS check), import and restore with the diff shown before anything
// is written, export and backup downloads, team sources (and the AWS Organizations form), and settings, one module per section over view.js. It talks
// only to the background; what it shows comes from the background's broadcasts alone (lib/state-view.js: patched
// with each change, loaded whole when the page opens or loses track).
import { createStateView } from '../lib/state-view.js';
import { $, api } from './view.js';
import { createEntries } from './entries.js';
import { createAwsCheck } from './aws-check.js';
import { wireImport } from './import.js';
import { wireExport } from './export.js';
import { createSources } from './sources.js';
import { wireAwsSources } from './aws-sources.js';
import { createSettings } from './settings.js';

function renderBanner(state) {
  const banner = $('swr-banner');
  const b = state?.banner;
  banner.hidden = !b;
  banner.textContent = b ? `${b.message}${b.command ? ` Fix: run ${b.command}` : ''}` : '';
  const h = state?.host;
  $('swr-host-status').textContent = h?.state === 'ready' ? `host ${h.version ?? ''}`.trim() : h?.state ?? '';
}

let hostState = null;
const stateView = createStateView({
  ask: (message) => api.runtime.sendMessage(message),
  onChange: (view, how) => {
    const host = view.state?.host?.state ?? null;
    renderBanner(view.state);
    checks.render();
    settings.render();
    // Rows: when the list changed, and when the host (re)connects (its capabilities decide the Check buttons).
    if (how !== 'state' || host !== hostState) entries.render();
    // Sources: when the page opens, when the host (re)connects, and after a change to the list (a re-synced source).
    if (how === 'whole' || host !== hostState) sources.render();
    else if (how === 'patch') sources.renderSoon();
    hostState = host;
  },
});
const view = stateView.view;
const checks = createAwsCheck({ view });
const entries = createEntries({ view, checks });
const sources = createSources({ view });
const settings = createSettings({ view });

api.runtime.onMessage.addListener((msg) => {
  stateView.receive(msg);
});
entries.wire();
checks.wire();
wireImport();
wireExport();
sources.wire();
wireAwsSources();
settings.wire();
stateView.load().catch((e) => {
  const banner = $('swr-banner');
  banner.hidden = false;
  banner.textContent = `SwitchRole: ${e?.message ?? e}`;
});
