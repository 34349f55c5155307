import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isConsoleUrl, isSignInHost, resolveSignInEndpoint, partitionOfHost } from '../../extension/src/lib/hosts.js';

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
