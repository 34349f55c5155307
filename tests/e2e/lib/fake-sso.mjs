// IAM Identity Center's portal (AWSSDK.SSO's REST-JSON wire format: GET /assignment/accounts, /assignment/roles and
// /federation/credentials with the x-amz-sso_bearer_token header, NextToken pages) and the console federation
// endpoint, on loopback over plain HTTP (the host allows http on loopback for AWS_ENDPOINT_URL_SSO and
// SWITCHROLE_FEDERATION_ENDPOINT), as tests/TestSupport/FakeAwsCatalogue.cs serves them to the .NET tests.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { answerFederation } from './fake-aws.mjs';

function random(length) {
  return crypto.randomBytes(length).toString('base64url').slice(0, length);
}

/**
 * @param {object} opts
 * @param {Record<string, { name: string, permissionSets: string[] }>} opts.accounts account id to what the person has there
 */
export async function startFakeSso({ accounts }) {
  const accessToken = `e2e-sso-access-token-${random(32)}`;
  const issued = new Map(); // role access key id -> secret, for getSigninToken
  const state = { requests: [], signinTokens: [], secrets: [accessToken] };

  function json(res, status, body, type) {
    res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-RequestId': '00000000-0000-0000-0000-000000000000', ...(type ? { 'x-amzn-ErrorType': type } : {}) });
    res.end(JSON.stringify(body));
  }

  function portal(req, url, res) {
    if (req.headers['x-amz-sso_bearer_token'] !== accessToken) {
      json(res, 401, { message: 'Session token not found or invalid' }, 'UnauthorizedException');
      return;
    }
    const ids = Object.keys(accounts).sort();
    if (url.pathname === '/assignment/accounts') {
      // Pages of one account, so the host has to follow nextToken.
      const start = Number(url.searchParams.get('next_token') ?? '0');
      const page = ids.slice(start, start + 1).map((id) => ({ accountId: id, accountName: accounts[id].name, emailAddress: `aws+${id}@example.com` }));
      json(res, 200, { accountList: page, ...(start + 1 < ids.length ? { nextToken: String(start + 1) } : {}) });
      return;
    }
    const account = accounts[url.searchParams.get('account_id') ?? ''];
    if (url.pathname === '/assignment/roles') {
      if (!account) json(res, 403, { message: 'No access' }, 'ForbiddenException');
      else json(res, 200, { roleList: account.permissionSets.map((p) => ({ roleName: p, accountId: url.searchParams.get('account_id') })) });
      return;
    }
    // /federation/credentials
    if (!account || !account.permissionSets.includes(url.searchParams.get('role_name'))) {
      json(res, 403, { message: 'No access' }, 'ForbiddenException');
      return;
    }
    const key = `ASIA${random(16).toUpperCase().replace(/[^A-Z0-9]/g, 'Q')}`;
    const secret = random(40);
    const token = `IQoJb3JpZ2luX2Vj${random(200)}`;
    issued.set(key, secret);
    state.secrets.push(secret, token);
    json(res, 200, { roleCredentials: { accessKeyId: key, secretAccessKey: secret, sessionToken: token, expiration: Date.now() + 3600 * 1000 } });
  }

  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const url = new URL(req.url, 'http://127.0.0.1');
      state.requests.push({ method: req.method, path: url.pathname, search: url.search, at: Date.now() });
      if (url.pathname === '/signin/federation') answerFederation(url, res, { issued, signinTokens: state.signinTokens });
      else if (url.pathname.startsWith('/assignment/') || url.pathname === '/federation/credentials') portal(req, url, res);
      else json(res, 404, { message: 'not found' });
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}/`;
  return {
    state,
    federationUrl: `${base}signin/federation`,
    /**
     * An [sso-session e2e] in an AWS config under `dir`, and the token cache `switchrole login` would have written in
     * `home` (0600 in a 0700 folder); returns the environment the host needs (the browser passes it on).
     */
    signIn(dir, home) {
      const config = path.join(dir, 'aws-sso-config');
      fs.writeFileSync(config, '[sso-session e2e]\nsso_start_url = https://e2e.awsapps.com/start\nsso_region = eu-central-1\n');
      const cache = path.join(home, '.aws', 'sso', 'cache');
      fs.mkdirSync(cache, { recursive: true, mode: 0o700 });
      const file = path.join(cache, `${crypto.createHash('sha1').update('e2e').digest('hex')}.json`);
      const expiresAt = new Date(Date.now() + 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      fs.writeFileSync(file, JSON.stringify({ startUrl: 'https://e2e.awsapps.com/start', region: 'eu-central-1', accessToken, expiresAt }), { mode: 0o600 });
      return {
        AWS_CONFIG_FILE: config,
        AWS_ENDPOINT_URL_SSO: base,
        AWS_ENDPOINT_URL_SSO_OIDC: base,
        SWITCHROLE_FEDERATION_ENDPOINT: `${base}signin/federation`,
        AWS_EC2_METADATA_DISABLED: 'true',
      };
    },
    close: () => new Promise((r) => {
      server.closeAllConnections?.();
      server.close(() => r());
    }),
  };
}
