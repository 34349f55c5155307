// The background's Identity Center handling: sso.accounts is cleaned before a page sees it, and the sso.signinUrl
// answer goes to windows.create and nowhere else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listSsoAccounts, listSsoSessions, openSsoWithFederation } from '../../extension/src/background/aws.js';
import { HostError, ERROR_CODES } from '../../extension/src/lib/protocol.js';

const SECRET = 'SigninTokenSECRET0123456789abcdefghijklmnopqrstuvwxyz';
const SIGNIN_URL = `https://signin.aws.amazon.com/federation?Action=login&Issuer=switchrole&Destination=https%3A%2F%2Fconsole.aws.amazon.com%2F&SigninToken=${SECRET}`;

test('listSsoAccounts asks the host and drops accounts and permission sets that break the rules', async () => {
  const calls = [];
  const result = await listSsoAccounts({
    request: async (action, params, timeoutMs) => {
      calls.push({ action, params, timeoutMs });
      return {
        ssoSession: 'corp', startUrl: 'https://corp.awsapps.com/start', total: 3, truncated: false,
        accounts: [
          { accountId: '400000000001', accountName: 'Development', permissionSets: ['Developer', '<img src=x>', 7] },
          { accountId: 'not-an-id', accountName: 'Bad', permissionSets: ['ReadOnly'] },
          { accountId: '400000000002', accountName: null, permissionSets: null },
        ],
      };
    },
  });
  assert.deepEqual(calls, [{ action: 'sso.accounts', params: {}, timeoutMs: 60000 }]);
  assert.deepEqual(result, {
    ok: true, ssoSession: 'corp', startUrl: 'https://corp.awsapps.com/start', total: 3, truncated: false,
    accounts: [
      { accountId: '400000000001', accountName: 'Development', permissionSets: ['Developer'] },
      { accountId: '400000000002', accountName: '', permissionSets: [] },
    ],
  });
});

test('listSsoAccounts without a sign-in passes on the host\'s sentence naming switchrole login', async () => {
  const result = await listSsoAccounts({
    request: async () => { throw new HostError(ERROR_CODES.AwsError, 'You are not signed in to IAM Identity Center (sso-session corp): run `switchrole login --sso-session corp`.', 'no-credentials'); },
  });
  assert.deepEqual(result, { ok: false, error: 'You are not signed in to IAM Identity Center (sso-session corp): run `switchrole login --sso-session corp`.', code: 11, field: 'no-credentials' });
});

test('openSsoWithFederation opens the host\'s URL in a new window and returns no URL', async () => {
  const calls = [];
  const opened = [];
  const result = await openSsoWithFederation({
    request: async (action, params) => { calls.push({ action, params }); return { url: SIGNIN_URL, accountId: '400000000001', permissionSet: 'Developer' }; },
    windows: { create: async (o) => opened.push(o) },
    accountId: '400000000001',
    permissionSet: 'Developer',
  });
  assert.deepEqual(calls, [{ action: 'sso.signinUrl', params: { accountId: '400000000001', permissionSet: 'Developer' } }]);
  assert.deepEqual(opened, [{ url: SIGNIN_URL }]);
  assert.deepEqual(result, { ok: true, accountId: '400000000001', permissionSet: 'Developer' });
  assert.doesNotMatch(JSON.stringify(result), new RegExp(SECRET));
});

test('openSsoWithFederation refuses bad input without asking the host, and a non-https URL without opening it', async () => {
  let asked = 0;
  const opened = [];
  const bad = await openSsoWithFederation({ request: async () => { asked += 1; }, windows: { create: async (o) => opened.push(o) }, accountId: '4000', permissionSet: 'Developer' });
  assert.equal(bad.ok, false);
  assert.equal(asked, 0);
  const notHttps = await openSsoWithFederation({ request: async () => ({ url: 'javascript:alert(1)' }), windows: { create: async (o) => opened.push(o) }, accountId: '400000000001', permissionSet: 'Developer' });
  assert.equal(notHttps.ok, false);
  const failed = await openSsoWithFederation({
    request: async () => ({ url: SIGNIN_URL }),
    windows: { create: async (o) => { throw new Error(`Invalid url: ${o.url}`); } },
    accountId: '400000000001', permissionSet: 'Developer',
  });
  assert.equal(failed.ok, false);
  assert.doesNotMatch(JSON.stringify(failed), new RegExp(SECRET));
  assert.deepEqual(opened, []);
});

test('listSsoSessions lists the config\'s sso-sessions as text and drops a name the host could not be asked about', async () => {
  const calls = [];
  const result = await listSsoSessions({
    request: async (action, params) => {
      calls.push({ action, params });
      return {
        configFile: '/home/me/.aws/config', truncated: false,
        sessions: [
          { name: 'client-a', startUrl: 'https://client-a.awsapps.com/start', region: 'eu-west-1', problem: null },
          { name: 'a b', startUrl: 'https://x.awsapps.com/start', region: 'eu-west-1', problem: 'rename it' },
          { name: 'corp', startUrl: null, region: 7, problem: 'needs sso_start_url' },
          { name: '<img src=x>' },
          'corp',
        ],
      };
    },
  });
  assert.deepEqual(calls, [{ action: 'sso.sessions', params: {} }]);
  assert.deepEqual(result, {
    ok: true, configFile: '/home/me/.aws/config',
    sessions: [
      { name: 'client-a', startUrl: 'https://client-a.awsapps.com/start', region: 'eu-west-1', problem: null },
      { name: 'corp', startUrl: null, region: null, problem: 'needs sso_start_url' },
    ],
  });
});

test('the chosen sso-session goes to sso.accounts and sso.signinUrl; a name that cannot be one is refused without asking the host', async () => {
  const calls = [];
  const request = async (action, params) => {
    calls.push({ action, params });
    return action === 'sso.accounts' ? { ssoSession: 'client-a', accounts: [] } : { url: SIGNIN_URL };
  };
  const listed = await listSsoAccounts({ request, ssoSession: 'client-a' });
  assert.equal(listed.ssoSession, 'client-a');
  await openSsoWithFederation({ request, windows: { create: async () => {} }, accountId: '400000000001', permissionSet: 'Developer', ssoSession: 'client-a' });
  assert.deepEqual(calls, [
    { action: 'sso.accounts', params: { ssoSession: 'client-a' } },
    { action: 'sso.signinUrl', params: { accountId: '400000000001', permissionSet: 'Developer', ssoSession: 'client-a' } },
  ]);

  for (const bad of ['a b', '../x', 'x'.repeat(129), 7]) {
    assert.equal((await listSsoAccounts({ request, ssoSession: bad })).field, 'ssoSession');
    assert.equal((await openSsoWithFederation({ request, windows: { create: async () => {} }, accountId: '400000000001', permissionSet: 'Developer', ssoSession: bad })).field, 'ssoSession');
  }
  assert.equal(calls.length, 2);
});
