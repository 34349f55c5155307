import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSwitchForm, buildSwitchBackForm, buildMultiSessionRequest, parseMultiSessionResponse, redirectTarget, SwitchError } from '../../extension/src/lib/switch-request.js';
import { buildConsoleContext } from '../../extension/src/lib/console-context.js';

const role = { accountId: '444455556666', roleName: 'ops/Admin', displayName: 'Prod admin', color: 'ff9900', region: 'eu-west-1' };
const classic = buildConsoleContext({
  url: 'https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#Instances:',
  sessionDataJson: JSON.stringify({ signInEndpoint: 'signin.aws.amazon.com' }),
  accountInfo: { loginDisplayNameAccount: '111122223333', loginDisplayNameUser: 'alice' },
});

test('buildSwitchForm posts exactly the console\'s fields to the sign-in endpoint', () => {
  const form = buildSwitchForm(role, classic, 'csrf-token-1');
  assert.equal(form.action, 'https://signin.aws.amazon.com/switchrole');
  assert.deepEqual(form.fields, [
    ['action', 'switchFromBasis'],
    ['src', 'nav'],
    ['mfaNeeded', '0'],
    ['csrf', 'csrf-token-1'],
    ['account', '444455556666'],
    ['roleName', 'ops/Admin'],
    ['displayName', 'Prod admin'],
    ['color', 'ff9900'],
    ['redirect_uri', encodeURIComponent('https://us-east-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:')],
  ]);
});

test('buildSwitchForm cuts the display name to 64 characters, strips # and defaults the colour', () => {
  const form = buildSwitchForm({ ...role, displayName: 'x'.repeat(80), color: null, region: null }, classic, 't');
  const f = Object.fromEntries(form.fields);
  assert.equal(f.displayName.length, 64);
  assert.equal(f.color, 'aaaaaa');
  assert.equal(decodeURIComponent(f.redirect_uri), classic.url);
  assert.equal(Object.fromEntries(buildSwitchForm({ ...role, color: '#ABCDEF' }, classic, 't').fields).color, 'abcdef');
});

test('buildSwitchForm refuses to switch without a CSRF token', () => {
  assert.throws(() => buildSwitchForm(role, classic, null), SwitchError);
});

test('buildSwitchBackForm asks for switchToBasis', () => {
  const f = buildSwitchBackForm(classic, 'tok');
  assert.equal(f.action, 'https://signin.aws.amazon.com/switchrole');
  assert.deepEqual(f.fields.map(([k]) => k), ['action', 'src', 'csrf', 'redirect_uri']);
  assert.equal(f.fields[0][1], 'switchToBasis');
});

test('redirectTarget replaces or adds region= and keeps the rest of the URL as it is', () => {
  assert.equal(redirectTarget('https://console.aws.amazon.com/s3/buckets?region=us-east-1&bucketType=general#x', 'eu-west-2'),
    'https://console.aws.amazon.com/s3/buckets?region=eu-west-2&bucketType=general#x');
  assert.equal(redirectTarget('https://console.aws.amazon.com/iam/home#/roles', 'eu-west-2'), 'https://console.aws.amazon.com/iam/home?region=eu-west-2#/roles');
  assert.equal(redirectTarget('https://console.aws.amazon.com/iam/home', null), 'https://console.aws.amazon.com/iam/home');
});

test('redirectTarget never sends the user off the console', () => {
  assert.equal(redirectTarget('https://evil.example/phish', null), 'https://console.aws.amazon.com/console/home');
  assert.equal(redirectTarget('https://evil.example/', 'cn-north-1', 'aws-cn'), 'https://console.amazonaws.cn/console/home?region=cn-north-1');
});

test('buildMultiSessionRequest builds the JSON POST with the CSRF header and a session-free redirect', () => {
  const ctx = buildConsoleContext({
    url: 'https://111122223333-abcd1234.us-east-1.console.aws.amazon.com/console/home?region=us-east-1',
    sessionDataJson: JSON.stringify({ prismModeEnabled: true, sessionDifferentiator: '111122223333-abcd1234', signInEndpoint: 'us-east-1.signin.aws.amazon.com' }),
  });
  const req = buildMultiSessionRequest(role, ctx);
  assert.equal(req.url, 'https://us-east-1.signin.aws.amazon.com/sessions/111122223333-abcd1234/v1/switchrole');
  assert.deepEqual(req.headers, { 'Content-Type': 'application/json', 'X-CSRF-PROTECTION': '1' });
  assert.deepEqual(JSON.parse(req.body), {
    account: '444455556666',
    color: 'ff9900',
    displayName: 'Prod admin',
    redirectUri: 'https://us-east-1.console.aws.amazon.com/console/home?region=eu-west-1',
    roleName: 'ops/Admin',
  });
});

test('buildMultiSessionRequest needs the session id', () => {
  const ctx = buildConsoleContext({ url: 'https://us-east-1.console.aws.amazon.com/', sessionDataJson: '{"prismModeEnabled":true}' });
  assert.throws(() => buildMultiSessionRequest(role, ctx), /sessionDifferentiator/);
});

test('parseMultiSessionResponse follows only console destinations and explains failures', () => {
  assert.equal(parseMultiSessionResponse(200, '{"destination":"https://444455556666-x.us-east-1.console.aws.amazon.com/?login_hint=1"}'),
    'https://444455556666-x.us-east-1.console.aws.amazon.com/?login_hint=1');
  assert.throws(() => parseMultiSessionResponse(200, '{"destination":"https://evil.example/"}'), /outside the AWS console/);
  assert.throws(() => parseMultiSessionResponse(403, '{"message":"not allowed"}'), /HTTP 403 \(not allowed\)/);
  assert.throws(() => parseMultiSessionResponse(200, 'garbage'), /Switch failed/);
});
