import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildConsoleContext, parseSessionData, validatePageFacts, regionOfUrl } from '../../extension/src/lib/console-context.js';

const URL_CLASSIC = 'https://us-east-1.console.aws.amazon.com/console/home?region=us-east-1';

test('parseSessionData reads the meta JSON and refuses anything that is not an object', () => {
  assert.deepEqual(parseSessionData('{"prismModeEnabled":true}'), { prismModeEnabled: true });
  assert.equal(parseSessionData('[1]'), null);
  assert.equal(parseSessionData('not json'), null);
  assert.equal(parseSessionData(null), null);
});

test('validatePageFacts keeps well-formed members and drops the rest', () => {
  const ok = validatePageFacts(JSON.stringify({ source: 'swr-page', version: 1, csrf: 'tok-123', accountInfo: { loginDisplayNameAccount: '1111-2222-3333', loginDisplayNameUser: 7 } }));
  assert.equal(ok.csrf, 'tok-123');
  assert.equal(ok.accountInfo.loginDisplayNameAccount, '1111-2222-3333');
  assert.equal(ok.accountInfo.loginDisplayNameUser, null);
  assert.equal(validatePageFacts(JSON.stringify({ source: 'other', version: 1 })), null);
  assert.equal(validatePageFacts('{'), null);
  assert.equal(validatePageFacts({}), null);
  assert.equal(validatePageFacts(JSON.stringify({ source: 'swr-page', version: 1, csrf: 'has space' })).csrf, null);
});

test('regionOfUrl reads ?region=, then the regional host, then the infrastructure region', () => {
  assert.equal(regionOfUrl('https://console.aws.amazon.com/ec2/home?region=eu-west-1'), 'eu-west-1');
  assert.equal(regionOfUrl('https://eu-central-1.console.aws.amazon.com/s3/'), 'eu-central-1');
  assert.equal(regionOfUrl('https://console.aws.amazon.com/iam/', { infrastructureRegion: 'us-west-2' }), 'us-west-2');
  assert.equal(regionOfUrl('https://console.aws.amazon.com/iam/'), null);
});

test('buildConsoleContext: signed in to a base account, not switched', () => {
  const c = buildConsoleContext({
    url: URL_CLASSIC,
    sessionDataJson: JSON.stringify({ signInEndpoint: 'signin.aws.amazon.com', infrastructureRegion: 'us-east-1' }),
    accountInfo: { loginDisplayNameAccount: '1111-2222-3333', loginDisplayNameUser: 'alice' },
  });
  assert.equal(c.onConsole, true);
  assert.equal(c.prism, false);
  assert.equal(c.switched, false);
  assert.equal(c.baseAccountId, '111122223333');
  assert.equal(c.login.user, 'alice');
  assert.equal(c.region, 'us-east-1');
  assert.equal(c.signIn.host, 'signin.aws.amazon.com');
  assert.equal(c.current, null);
});

test('buildConsoleContext: switched, the base stays the login account and the current role is known', () => {
  const c = buildConsoleContext({
    url: URL_CLASSIC,
    accountInfo: { loginDisplayNameAccount: '1111-2222-3333', loginDisplayNameUser: 'alice', roleDisplayNameAccount: '4444-5555-6666', roleDisplayNameUser: 'Admin' },
  });
  assert.equal(c.switched, true);
  assert.equal(c.baseAccountId, '111122223333');
  assert.deepEqual(c.current, { accountId: '444455556666', roleName: 'Admin' });
});

test('buildConsoleContext: an alias login takes the id from the account tile, else from the history cookie', () => {
  const fromTile = buildConsoleContext({ url: URL_CLASSIC, accountInfo: { loginDisplayNameAccount: 'corp-root', loginDisplayNameUser: 'alice' }, accountLabel: 'corp-root (1111-2222-3333)' });
  assert.equal(fromTile.baseAccountId, '111122223333');
  assert.equal(fromTile.login.alias, 'corp-root');
  const fromCookie = buildConsoleContext({ url: URL_CLASSIC, accountInfo: { loginDisplayNameAccount: 'corp-root' }, cookieBaseAccount: '111122223333' });
  assert.equal(fromCookie.baseAccountId, '111122223333');
  const unknown = buildConsoleContext({ url: URL_CLASSIC, accountInfo: { loginDisplayNameAccount: 'corp-root' } });
  assert.equal(unknown.baseAccountId, null);
  assert.equal(unknown.baseAlias, 'corp-root');
});

test('buildConsoleContext: IAM Identity Center login exposes the permission set', () => {
  const c = buildConsoleContext({ url: URL_CLASSIC, accountInfo: { loginDisplayNameAccount: '111122223333', loginDisplayNameUser: 'AWSReservedSSO_Admin_0123456789abcdef/alice@example.com' } });
  assert.equal(c.login.sso, true);
  assert.equal(c.login.permissionSet, 'Admin');
  assert.equal(c.baseAccountId, '111122223333');
});

test('buildConsoleContext: multi-session uses the session id and this tab\'s identity as the base', () => {
  const c = buildConsoleContext({
    url: 'https://111122223333-abcd1234.us-east-1.console.aws.amazon.com/console/home?region=us-east-1',
    sessionDataJson: JSON.stringify({ prismModeEnabled: true, sessionDifferentiator: '111122223333-abcd1234', signInEndpoint: 'us-east-1.signin.aws.amazon.com' }),
    accountInfo: { loginDisplayNameAccount: '111122223333', loginDisplayNameUser: 'alice', roleDisplayNameAccount: '444455556666', roleDisplayNameUser: 'Ops' },
  });
  assert.equal(c.prism, true);
  assert.equal(c.sessionDifferentiator, '111122223333-abcd1234');
  assert.equal(c.baseAccountId, '444455556666');
  assert.equal(c.signIn.host, 'us-east-1.signin.aws.amazon.com');
});

test('buildConsoleContext: a bad session id or a page off the console is treated as absent', () => {
  const c = buildConsoleContext({ url: URL_CLASSIC, sessionDataJson: JSON.stringify({ prismModeEnabled: true, sessionDifferentiator: '../x' }) });
  assert.equal(c.sessionDifferentiator, null);
  const off = buildConsoleContext({ url: 'https://example.com/' });
  assert.equal(off.onConsole, false);
  assert.equal(off.host, null);
});
