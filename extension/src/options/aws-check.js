// Options page, AWS check section: "Check roles with AWS" for every entry, and a Check button per row. Results are
// kept in this page only (they go stale, so they are never stored) and shown in each row's check cell.
import { ACTIONS } from '../lib/protocol.js';
import { checkKey, checkProgressText, readCheckReport, renderCheckResult, awsFailureText } from '../lib/aws-check.js';
import { $, el, setStatus, host, hasCapability } from './view.js';

/** @param {{ view: { roles: object[], state: object|null } }} opts */
export function createAwsCheck({ view }) {
  let results = new Map(); // entry key -> result view
  const checking = new Set(); // entries with a one-entry check running
  let checkingAll = false;
  let cells = new Map(); // entry key -> its result cell in the table

  const available = () => hasCapability(view.state, ACTIONS.awsCheck);

  function fill(key) {
    const cell = cells.get(key);
    if (!cell) return;
    if (checking.has(key)) {
      cell.replaceChildren(el('span', { text: 'Checking…', cls: 'swr-muted' }));
      return;
    }
    const result = results.get(key);
    cell.replaceChildren(...(result ? renderCheckResult(document, result) : []));
  }

  function profileParam() {
    const profile = $('swr-aws-profile').value.trim();
    return profile ? { profile } : {};
  }

  async function checkAll() {
    if (checkingAll) return;
    const status = $('swr-check-status');
    checkingAll = true;
    $('swr-check-all').disabled = true;
    setStatus(status, checkProgressText(view.roles.length));
    try {
      const read = readCheckReport(await host(ACTIONS.awsCheck, { all: true, ...profileParam() }));
      // A new run replaces every result: one from an earlier run could be stale.
      results = read.results;
      setStatus(status, read.summary, read.assumable === read.total ? 'ok' : null);
    } catch (e) {
      setStatus(status, awsFailureText(e), 'error');
    } finally {
      checkingAll = false;
      $('swr-check-all').disabled = false;
      for (const key of cells.keys()) fill(key);
    }
  }

  async function checkOne(r) {
    const key = checkKey(r.accountId, r.roleName);
    if (checking.has(key)) return;
    checking.add(key);
    fill(key);
    try {
      const read = readCheckReport(await host(ACTIONS.awsCheck, { accountId: r.accountId, roleName: r.roleName, ...profileParam() }));
      const result = read.results.get(key);
      if (result) results.set(key, result);
      else results.delete(key);
    } catch (e) {
      results.delete(key);
      setStatus($('swr-check-status'), awsFailureText(e), 'error');
    } finally {
      checking.delete(key);
      fill(key);
    }
  }

  return {
    /** Shows or hides the section as the host can or cannot check. */
    render() {
      const can = available();
      $('swr-aws').hidden = !can;
      $('swr-aws-note').hidden = !can;
      $('swr-entries').classList.toggle('swr-no-aws', !can);
      $('swr-check-all').disabled = checkingAll;
    },
    /** The rows are about to be drawn again. */
    reset() {
      cells = new Map();
    },
    /** A row's result cell. */
    cell(r) {
      const key = checkKey(r.accountId, r.roleName);
      const cell = el('td', { cls: 'swr-aws-col swr-check-result' });
      cells.set(key, cell);
      fill(key);
      return cell;
    },
    /** A row's Check button (none when the host cannot check). */
    actions(r) {
      if (!available()) return [];
      const check = el('button', { text: 'Check', cls: 'swr-check', attrs: { type: 'button' } });
      check.addEventListener('click', () => checkOne(r));
      return [check, document.createTextNode(' ')];
    },
    wire() {
      $('swr-check-all').addEventListener('click', checkAll);
    },
  };
}
