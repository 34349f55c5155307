import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  STATUS_LABELS, statusLabel, checkProgressText, checkResultView, readCheckReport, renderCheckResult, awsFailureText,
  awsCheckTimeout, AWS_TIMEOUTS, isOpenableSigninUrl, checkKey,
} from '../../extension/src/lib/aws-check.js';

test('every status the host sends (PROTOCOL.md aws.check) has its short label; an unknown one reads "error"', () => {
  assert.deepEqual(
    ['assumable', 'denied-by-trust-policy', 'denied-by-caller-policy', 'denied', 'not-found', 'mfa-required', 'throttled', 'error'].map(statusLabel),
    ['assumable', 'denied by trust policy', 'denied by caller policy', 'denied', 'not found', 'MFA required', 'throttled', 'error'],
  );
  assert.equal(Object.keys(STATUS_LABELS).length, 8);
  assert.equal(statusLabel('toString'), 'error');
  assert.equal(statusLabel(undefined), 'error');
});

test('progress says how many roles are being checked', () => {
  assert.equal(checkProgressText(120), 'Checking 120 roles…');
  assert.equal(checkProgressText(1), 'Checking 1 role…');
  assert.equal(checkProgressText(0), 'Checking 0 roles…');
  assert.equal(checkProgressText(undefined), 'Checking 0 roles…');
});

test('a report becomes results by entry and a summary; malformed results are dropped or read as error', () => {
  const read = readCheckReport({
    total: 3,
    assumable: 1,
    results: [
      { accountId: '123456789012', roleName: 'Admin', status: 'assumable', message: 'arn:aws:iam::123456789012:role/Admin: assumable.' },
      { accountId: '210987654321', roleName: 'ops/Deploy', status: 'denied-by-trust-policy', message: 'denied by the trust policy.' },
      { accountId: '333333333333', roleName: 'Odd', status: 'exploded', message: 42 },
      { roleName: 'NoAccount', status: 'assumable' },
    ],
  });
  assert.equal(read.summary, 'Checked 3 roles: 1 assumable, 2 not.');
  assert.deepEqual(read.results.get(checkKey('123456789012', 'Admin')), { status: 'assumable', label: 'assumable', kind: 'ok', message: 'arn:aws:iam::123456789012:role/Admin: assumable.' });
  assert.equal(read.results.get('210987654321:ops/Deploy').label, 'denied by trust policy');
  assert.equal(read.results.get('210987654321:ops/Deploy').kind, 'denied');
  assert.deepEqual(read.results.get('333333333333:Odd'), { status: 'error', label: 'error', kind: 'warning', message: '' });
  assert.equal(read.results.size, 3);
  assert.equal(readCheckReport({ total: 1, assumable: 0, results: [] }).summary, 'Checked 1 role: not assumable.');
  assert.equal(readCheckReport(null).summary, 'Checked 0 roles: 0 assumable, 0 not.');
});

/** A document whose elements take text only: setting innerHTML (markup parsing) fails the test. */
function textOnlyDocument() {
  return {
    createElement(tag) {
      const e = { tag, className: '', textContent: '' };
      Object.defineProperty(e, 'innerHTML', { set() { throw new Error('innerHTML used'); } });
      Object.defineProperty(e, 'outerHTML', { set() { throw new Error('outerHTML used'); } });
      e.insertAdjacentHTML = () => { throw new Error('insertAdjacentHTML used'); };
      return e;
    },
  };
}

test('a result renders as a label and the host message, both as text: markup in a message stays text', () => {
  const xss = '<img src=x onerror=alert(1)> arn:aws:iam::123456789012:role/<b>x</b>: denied.';
  const [label, message] = renderCheckResult(textOnlyDocument(), checkResultView({ status: 'denied-by-caller-policy', message: xss }));
  assert.equal(label.textContent, 'denied by caller policy');
  assert.equal(label.className, 'swr-check-label swr-check-denied');
  assert.equal(message.textContent, ` ${xss}`);
  const [, none] = renderCheckResult(textOnlyDocument(), checkResultView({ status: 'assumable' }));
  assert.equal(none.textContent, '');
});

test('an AWS failure shows the host sentence with its fix', () => {
  assert.equal(
    awsFailureText({ message: 'No AWS credentials found: run aws configure or aws sso login, or set AWS_PROFILE.' }),
    'The AWS check failed: No AWS credentials found: run aws configure or aws sso login, or set AWS_PROFILE.',
  );
  assert.equal(awsFailureText(null, 'Opening'), 'Opening failed: no answer from SwitchRole');
});

test('a check of every entry gets minutes; one entry a minute (the client default of 10 s is too short for both)', () => {
  assert.equal(awsCheckTimeout({ all: true }), 600000);
  assert.equal(awsCheckTimeout({ accountId: '123456789012', roleName: 'Admin' }), 60000);
  assert.equal(awsCheckTimeout({ all: 'true' }), AWS_TIMEOUTS.checkOne);
  assert.equal(awsCheckTimeout(undefined), AWS_TIMEOUTS.checkOne);
});

test('only https sign-in URLs (or http on loopback, the host\'s test override) may be opened', () => {
  assert.equal(isOpenableSigninUrl('https://signin.aws.amazon.com/federation?Action=login&SigninToken=abc'), true);
  assert.equal(isOpenableSigninUrl('http://127.0.0.1:4567/federation?Action=login&SigninToken=abc'), true);
  assert.equal(isOpenableSigninUrl('http://signin.aws.amazon.com/federation?Action=login'), false);
  assert.equal(isOpenableSigninUrl('javascript:alert(1)'), false);
  assert.equal(isOpenableSigninUrl('data:text/html,<b>x</b>'), false);
  assert.equal(isOpenableSigninUrl('https://user:pw@signin.aws.amazon.com/federation'), false);
  assert.equal(isOpenableSigninUrl(''), false);
  assert.equal(isOpenableSigninUrl(null), false);
});
