import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSwitchForm, buildSwitchBackForm, buildMultiSessionRequest, parseMultiSessionResponse, redirectTarget, SwitchError, switchRolePageUrl, multiSessionProblem } from '../../extension/src/lib/switch-request.js';
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
  assert.throws(() => parseMultiSessionResponse(403, '{"message":"not allowed"}'), /not allowed to switch to that role: the role's trust policy or your permissions do not allow it \(AWS said HTTP 403\)/);
  assert.throws(() => parseMultiSessionResponse(200, 'garbage'), /refused the switch \(HTTP 200\)/);
});

test('a multi-session tab never gets a classic form, even when the session meta is missing (AESR #372)', () => {
  const ctx = buildConsoleContext({ url: 'https://111122223333-abcd1234.eu-west-1.console.aws.amazon.com/console/home' });
  assert.equal(ctx.prism, true);
  assert.equal(ctx.modeSource, 'host-name');
  assert.equal(ctx.sessionDifferentiator, '111122223333-abcd1234');
  assert.throws(() => buildSwitchForm(role, ctx, 'tok'), (e) => e instanceof SwitchError && e.kind === 'multi-session');
  assert.throws(() => buildSwitchBackForm(ctx, 'tok'), (e) => e.kind === 'multi-session');
  const req = buildMultiSessionRequest(role, ctx);
  assert.equal(req.url, 'https://signin.aws.amazon.com/sessions/111122223333-abcd1234/v1/switchrole');
  assert.equal(JSON.parse(req.body).redirectUri, 'https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1');
});

test('no CSRF token: the error says so and names the way out', () => {
  assert.throws(() => buildSwitchForm(role, classic, null), (e) => e.kind === 'no-csrf' && /switch-role page/.test(e.message));
});

test("switchRolePageUrl is the console's own prefilled switch-role page, on the page's sign-in host", () => {
  const url = new URL(switchRolePageUrl(role, classic));
  assert.equal(url.origin, 'https://signin.aws.amazon.com');
  assert.equal(url.pathname, '/switchrole');
  assert.deepEqual([...url.searchParams], [
    ['account', '444455556666'],
    ['roleName', 'ops/Admin'],
    ['displayName', 'Prod admin'],
    ['color', 'ff9900'],
    ['redirect_uri', 'https://us-east-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:'],
  ]);
  // Multi-session: the redirect without the session label; EUSC: the regional sign-in host.
  const prism = buildConsoleContext({ url: 'https://111122223333-abcd1234.us-east-1.console.aws.amazon.com/console/home' });
  assert.equal(new URL(switchRolePageUrl(role, prism)).searchParams.get('redirect_uri'), 'https://us-east-1.console.aws.amazon.com/console/home?region=eu-west-1');
  const eusc = buildConsoleContext({ url: 'https://eusc-de-east-1.console.amazonaws-eusc.eu/console/home?region=eusc-de-east-1' });
  assert.equal(new URL(switchRolePageUrl({ ...role, region: null }, eusc)).host, 'eusc-de-east-1.signin.amazonaws-eusc.eu');
});

test('multi-session refusals in plain words: the five-session limit, an open session, a permission error', () => {
  assert.match(multiSessionProblem(400, 'Maximum number of sessions reached'), /at most 5 sessions at once/);
  assert.match(multiSessionProblem(429, ''), /at most 5 sessions/);
  assert.match(multiSessionProblem(409, '', role), /A session for ops\/Admin in 444455556666 is already open.*sign its open tabs out/);
  assert.match(multiSessionProblem(400, 'Session already exists'), /already open/);
  assert.match(multiSessionProblem(403, 'AccessDenied', role), /not allowed to switch to ops\/Admin in 444455556666/);
  assert.match(multiSessionProblem(500, 'x'), /refused the switch \(HTTP 500: x\)/);
  assert.throws(() => parseMultiSessionResponse(400, '{"message":"You have reached the maximum of 5 sessions"}'), /at most 5 sessions/);
});
