// Styles for the role list, scoped by the shadow root (content script) or the popup document.
export const ROLE_LIST_CSS = `
:host { all: initial; }
.swr-panel { font: 14px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #16191f;
  background: #fff; box-sizing: border-box; width: 100%; min-width: 300px; display: flex; flex-direction: column;
  gap: 6px; padding: 8px; border-top: 1px solid #d5dbdb; text-align: left; }
.swr-panel * { box-sizing: border-box; }
.swr-title { display: flex; justify-content: space-between; align-items: baseline; font-weight: 600; }
.swr-who { font-weight: 400; color: #5f6b7a; font-size: 12px; }
.swr-banner { background: #fff7e0; border: 1px solid #e0a800; border-radius: 4px; padding: 6px 8px; font-size: 12px; }
.swr-banner code { font-family: ui-monospace, Menlo, Consolas, monospace; background: #f2f3f3; padding: 0 3px; }
.swr-error { background: #fdf3f1; border: 1px solid #d13212; border-radius: 4px; padding: 6px 8px; font-size: 12px; color: #a11; }
.swr-search { width: 100%; padding: 6px 8px; border: 1px solid #8d99a8; border-radius: 4px; font: inherit; }
.swr-back { align-self: flex-start; background: none; border: 1px solid #8d99a8; border-radius: 4px; padding: 3px 8px;
  cursor: pointer; font: inherit; font-size: 12px; }
.swr-empty { color: #5f6b7a; font-size: 13px; padding: 4px 2px; }
.swr-scroll { position: relative; overflow-y: auto; max-height: 360px; outline: none; }
.swr-spacer { position: relative; width: 100%; }
.swr-row, .swr-header { position: absolute; left: 0; right: 0; height: 36px; display: flex; align-items: center; gap: 8px;
  padding: 0 6px; white-space: nowrap; overflow: hidden; }
.swr-header { font-size: 11px; font-weight: 700; color: #5f6b7a; text-transform: uppercase; letter-spacing: .04em; }
.swr-row { cursor: pointer; border-radius: 4px; }
.swr-row:hover, .swr-row.swr-selected { background: #f1faff; outline: 1px solid #0972d3; }
.swr-swatch { flex: 0 0 14px; height: 14px; border-radius: 3px; border: 1px solid rgba(0,0,0,.25); }
.swr-text { display: flex; flex-direction: column; min-width: 0; flex: 1; }
.swr-name { overflow: hidden; text-overflow: ellipsis; font-weight: 500; line-height: 17px; }
.swr-meta { overflow: hidden; text-overflow: ellipsis; color: #5f6b7a; font-size: 11px; line-height: 14px; }
.swr-current-mark { font-size: 11px; color: #037f0c; font-weight: 700; }
.swr-count { color: #5f6b7a; font-size: 11px; }
.swr-page-link { font-size: 11px; color: #0972d3; }
.swr-error-link { color: #0972d3; }
`;
