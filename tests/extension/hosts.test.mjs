import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isConsoleUrl, isSignInHost, resolveSignInEndpoint, partitionOfHost, sessionOfHost, consoleHostPattern, CONSOLE_MATCHES } from '../../extension/src/lib/hosts.js';

test('isConsoleUrl accepts console hosts of every partition over https', () => {
  for (const u of [
    'https://console.aws.amazon.com/console/home',
    'https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#Instances:',
    'https://123456789012-abcd1234.eu-west-1.console.aws.amazon.com/s3/',
    'https://console.amazonaws-us-gov.com/',
    'https://cn-north-1.console.amazonaws.cn/',
  ]) assert.equal(isConsoleUrl(u), true, u);
});

test('isConsoleUrl refuses everything else (the redirect check)', () => {
  for (const u of [
    'http://console.aws.amazon.com/',
    'https://console.aws.amazon.com.evil.example/',
    'https://evilconsole.aws.amazon.com/',
    'https://evil.example/?x=console.aws.amazon.com',
    'https://user:pw@console.aws.amazon.com/',
    'https://console.aws.amazon.com:8443/',
    'javascript:alert(1)',
    'https://signin.aws.amazon.com/switchrole',
    '',
    null,
  ]) assert.equal(isConsoleUrl(u), false, String(u));
});

test('isSignInHost accepts global and regional sign-in hosts only', () => {
  assert.equal(isSignInHost('signin.aws.amazon.com'), true);
  assert.equal(isSignInHost('eu-west-1.signin.aws.amazon.com'), true);
  assert.equal(isSignInHost('signin.amazonaws-us-gov.com'), true);
  assert.equal(isSignInHost('signin.amazonaws.cn'), true);
  assert.equal(isSignInHost('signin.aws.amazon.com.evil.example'), false);
  assert.equal(isSignInHost('a.b.signin.aws.amazon.com'), false);
});

test('resolveSignInEndpoint prefers session data, then the meta tag, then partition rules, then the default', () => {
  assert.deepEqual(resolveSignInEndpoint({ sessionData: { signInEndpoint: 'https://us-east-1.signin.aws.amazon.com' }, signinEndpointMeta: 'signin.aws.amazon.com' }),
    { host: 'us-east-1.signin.aws.amazon.com', source: 'awsc-session-data' });
  assert.deepEqual(resolveSignInEndpoint({ sessionData: {}, signinEndpointMeta: 'eu-west-1.signin.aws.amazon.com' }),
    { host: 'eu-west-1.signin.aws.amazon.com', source: 'awsc-signin-endpoint' });
  assert.equal(resolveSignInEndpoint({ sessionData: { infrastructureRegion: 'us-gov-west-1' } }).host, 'signin.amazonaws-us-gov.com');
  assert.equal(resolveSignInEndpoint({ sessionData: { infrastructureRegion: 'cn-north-1' } }).host, 'signin.amazonaws.cn');
  assert.equal(resolveSignInEndpoint({ pageHost: 'console.amazonaws.cn' }).host, 'signin.amazonaws.cn');
  assert.deepEqual(resolveSignInEndpoint({}), { host: 'signin.aws.amazon.com', source: 'default' });
});

test('resolveSignInEndpoint ignores endpoints that are not AWS sign-in hosts', () => {
  assert.equal(resolveSignInEndpoint({ sessionData: { signInEndpoint: 'https://evil.example' }, signinEndpointMeta: 'signin.aws.amazon.com.evil.example' }).source, 'default');
});

test('partitionOfHost names the partition of a console host', () => {
  assert.equal(partitionOfHost('us-east-1.console.aws.amazon.com'), 'aws');
  assert.equal(partitionOfHost('console.amazonaws-us-gov.com'), 'aws-us-gov');
  assert.equal(partitionOfHost('console.amazonaws.cn'), 'aws-cn');
  assert.equal(partitionOfHost('example.com'), null);
});

test('European Sovereign Cloud: console hosts, the regional sign-in host, matches (AESR 6.2.0, #407/#412)', () => {
  assert.equal(isConsoleUrl('https://eusc-de-east-1.console.amazonaws-eusc.eu/console/home'), true);
  assert.equal(partitionOfHost('console.amazonaws-eusc.eu'), 'aws-eusc');
  assert.equal(isSignInHost('eusc-de-east-1.signin.amazonaws-eusc.eu'), true);
  assert.ok(CONSOLE_MATCHES.includes('https://*.console.amazonaws-eusc.eu/*'));
  // No meta: the region decides, never the bare host (which does not take a switch).
  assert.deepEqual(resolveSignInEndpoint({ sessionData: { infrastructureRegion: 'eusc-de-east-1' } }), { host: 'eusc-de-east-1.signin.amazonaws-eusc.eu', source: 'infrastructureRegion' });
  assert.deepEqual(resolveSignInEndpoint({ pageHost: 'eusc-de-east-1.console.amazonaws-eusc.eu', pageRegion: 'eusc-de-east-1' }), { host: 'eusc-de-east-1.signin.amazonaws-eusc.eu', source: 'page host' });
  assert.equal(resolveSignInEndpoint({ pageHost: 'console.amazonaws-eusc.eu' }).host, 'eusc-de-east-1.signin.amazonaws-eusc.eu');
  assert.equal(resolveSignInEndpoint({ sessionData: { signInEndpoint: 'signin.amazonaws-eusc.eu' }, pageHost: 'console.amazonaws-eusc.eu', pageRegion: 'eusc-de-east-1' }).host, 'eusc-de-east-1.signin.amazonaws-eusc.eu');
  // The other partitions are unchanged.
  assert.equal(resolveSignInEndpoint({ pageHost: 'console.amazonaws-us-gov.com' }).host, 'signin.amazonaws-us-gov.com');
});

test('sessionOfHost reads the multi-session label <12 digits>-<8 characters> and the region; nothing else', () => {
  assert.deepEqual(sessionOfHost('111122223333-abcd1234.eu-west-1.console.aws.amazon.com'), { sessionDifferentiator: '111122223333-abcd1234', region: 'eu-west-1' });
  assert.equal(sessionOfHost('eu-west-1.console.aws.amazon.com'), null);
  assert.equal(sessionOfHost('111122223333-abcd1234.eu-west-1.console.aws.amazon.com.evil.example'), null);
  assert.equal(sessionOfHost('11112222333-abcd1234.eu-west-1.console.aws.amazon.com'), null);
});

test('consoleHostPattern hides the session and region labels (diagnostics carry no account id)', () => {
  assert.equal(consoleHostPattern('111122223333-abcd1234.eu-west-1.console.aws.amazon.com'), '{session}.{region}.console.aws.amazon.com');
  assert.equal(consoleHostPattern('us-east-1.console.aws.amazon.com'), '{region}.console.aws.amazon.com');
  assert.equal(consoleHostPattern('eusc-de-east-1.console.amazonaws-eusc.eu'), '{region}.console.amazonaws-eusc.eu');
  assert.equal(consoleHostPattern('console.aws.amazon.com'), 'console.aws.amazon.com');
  assert.equal(consoleHostPattern('evil.example'), null);
});
