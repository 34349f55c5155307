// A stand-in for AWS's own endpoints on loopback, speaking their wire format: console pages carrying the
// documented hooks (meta tags, page globals, data-testid menu), the classic sign-in form POST /switchrole
// (sets the console's noflush_awsc-roleInfo history cookie and redirects, as AWS does) and the multi-session
// JSON POST /sessions/<id>/v1/switchrole (with CORS for the console origin). Every request is recorded.
import http from 'node:http';
import https from 'node:https';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';

export const ROLE_INFO_COOKIE = 'noflush_awsc-roleInfo';
const PRISM_HOST = /^(\d{12}-[a-z0-9]+)\.([a-z0-9-]+)\.console\.aws\.amazon\.com$/;
// The AWS European Sovereign Cloud: consoles at *.console.amazonaws-eusc.eu, a regional sign-in service only.
const EUSC_CONSOLE = /^(?:([a-z0-9-]+)\.)?console\.amazonaws-eusc\.eu$/;
const SIGNIN_HOST = /^(?:[a-z0-9-]+\.)?signin\.aws\.amazon\.com$|^[a-z0-9-]+\.signin\.amazonaws-eusc\.eu$/;
const CONSOLE_TARGET = /^https:\/\/([a-z0-9-]+\.)*console\.(aws\.amazon\.com|amazonaws-eusc\.eu)\//;

/** A throwaway self-signed certificate for the AWS host names (generated per run; never committed). */
export function makeCert(dir) {
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=fake-aws',
    '-addext', 'subjectAltName=DNS:*.aws.amazon.com,DNS:*.console.aws.amazon.com,DNS:*.us-east-1.console.aws.amazon.com,DNS:*.signin.aws.amazon.com,DNS:signin.aws.amazon.com,DNS:*.console.amazonaws-eusc.eu,DNS:*.signin.amazonaws-eusc.eu,IP:127.0.0.1',
  ], { stdio: 'ignore' });
  return { key: fs.readFileSync(key), cert: fs.readFileSync(cert) };
}

function esc(s) {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** application/x-www-form-urlencoded, as a form would send it: spaces become `+`. */
function formEncode(text) {
  return new URLSearchParams({ x: text }).toString().slice(2);
}

function readCookies(req) {
  const out = {};
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

/**
 * @param {object} opts
 * @param {string} opts.dir a temp dir for the certificate
 * @param {object} [opts.identity] { loginAccount: '1111-2222-3333', loginUser: 'alice' }
 */
export async function startFakeAws({ dir, identity = {} }) {
  const { key, cert } = makeCert(dir);
  const state = {
    csrf: `csrf-${crypto.randomBytes(12).toString('hex')}`,
    loginAccount: identity.loginAccount ?? '1111-2222-3333',
    loginUser: identity.loginUser ?? 'alice',
    role: null, // { account, roleName, displayName, color } after a classic switch
    // History entries the console wrote earlier, kept in the cookie as they are (their `d` not encoded again).
    extraHistory: [],
    // The multi-session API's answer instead of a new session: { status, message }.
    prismRefusal: null,
    requests: [],
  };

  /** A console page after a redesign: none of the hooks, meta tags or globals the extension looks for. */
  function bareConsolePage(url) {
    return `<!doctype html><html><head><meta charset="utf-8"><title>Redesigned console</title></head>
<body><header class="new-nav"><button type="button" class="profile">alice</button></header>
<main><h1 id="page-path">${esc(url)}</h1></main></body></html>`;
  }

  /**
   * A console page. `?fake=` picks a shape (comma-separated):
   * - (none): the account menu as public evidence shows it (2024-2026): the dropdown #menu--account is in the DOM
   *   from page load, hidden, and toggled by the button; the account tile is inside the button;
   * - render-on-click: the older shape, a menu created on click and removed on the next;
   * - menu-open: the dropdown is already showing at load, and the console has put focus in its search box;
   * - nometa: no awsc-session-data meta and no #awsc-signin-endpoint (eu-west-1, October 2025: AESR #372);
   * - csrfform: no AWSC.Auth global; the CSRF token only in the console's own form;
   * - nocsrf: no CSRF token anywhere;
   * - nohooks: none of the hooks at all.
   */
  function consolePage(host, url) {
    const fake = new Set(String(url.searchParams.get('fake') ?? '').split(',').filter(Boolean));
    if (fake.has('nohooks')) return bareConsolePage(url.toString());
    const prism = PRISM_HOST.exec(host);
    const eusc = EUSC_CONSOLE.exec(host);
    const session = eusc
      // What the EUSC console's meta was found to hold when AESR 6.2.0 broke there (#407): no sign-in endpoint.
      ? { prismModeEnabled: false, infrastructureRegion: eusc[1] ?? 'eusc-de-east-1' }
      : {
          prismModeEnabled: Boolean(prism),
          signInEndpoint: prism ? `${prism[2]}.signin.aws.amazon.com` : 'signin.aws.amazon.com',
          infrastructureRegion: prism ? prism[2] : 'us-east-1',
          ...(prism ? { sessionDifferentiator: prism[1] } : {}),
        };
    const accountInfo = {
      loginDisplayNameAccount: state.loginAccount,
      loginDisplayNameUser: state.loginUser,
      // Shown the way the console prints account ids: 1234-5678-9012.
      roleDisplayNameAccount: state.role ? state.role.account.replace(/^(\d{4})(\d{4})(\d{4})$/, '$1-$2-$3') : null,
      // The console shows the role name without its path.
      roleDisplayNameUser: state.role ? state.role.roleName.split('/').pop() : null,
    };
    const shownAccount = state.role ? state.role.account : state.loginAccount;
    const identity = `${esc(state.role ? state.role.displayName ?? state.role.roleName : state.loginUser)} @ ${esc(shownAccount)}`;
    const metas = fake.has('nometa') ? '' : `<meta name="awsc-session-data" content="${esc(JSON.stringify(session))}">
${eusc ? '' : '<meta id="awsc-signin-endpoint" name="awsc-signin-endpoint" content="signin.aws.amazon.com">'}`;
    const csrfGlobal = fake.has('csrfform') || fake.has('nocsrf') ? '' : `window.AWSC = { Auth: { getMbtc: function () { return ${JSON.stringify(state.csrf)}; } } };`;
    const signInAction = eusc ? `https://${eusc[1] ?? 'eusc-de-east-1'}.signin.amazonaws-eusc.eu/switchrole` : 'https://signin.aws.amazon.com/switchrole';
    const renderOnClick = fake.has('render-on-click');
    const menuOpen = fake.has('menu-open');
    const menuItems = `<div data-testid="account-detail-menu"><span data-testid="account-label">${esc(`Account ID (${shownAccount})`)}</span></div><a data-testid="awsc-switch-roles" href="https://signin.aws.amazon.com/switchrole">Switch role</a>`;
    const menu = renderOnClick ? '' : `<div id="menu--account" role="menu"${menuOpen ? '' : ' hidden'}>${menuItems}</div>`;
    const toggle = renderOnClick
      ? `// The older console rendered its account menu on click and removed it on the next click.
    var open = document.getElementById('menu--account');
    if (open) { open.remove(); return; }
    var m = document.createElement('div');
    m.id = 'menu--account';
    m.setAttribute('role', 'menu');
    m.innerHTML = ${JSON.stringify(menuItems)};
    document.getElementById('nav-usernameMenu').appendChild(m);`
      : `// The dropdown stays in the DOM; the button shows and hides it.
    var m = document.getElementById(this.getAttribute('aria-controls'));
    m.hidden = !m.hidden;
    this.setAttribute('aria-expanded', String(!m.hidden));`;
    return `<!doctype html>
<html><head><meta charset="utf-8"><title>Fake AWS console</title>
${metas}
<script>
  // Page globals the real console defines (read by the extension's MAIN-world script).
  ${csrfGlobal}
  window.ConsoleNavService = { AccountInfo: ${JSON.stringify(accountInfo)} };
  window.__alerts = [];
  window.alert = function (m) { window.__alerts.push(String(m)); };
</script></head>
<body>
<header id="awsc-top-level-nav"><nav id="awsc-navigation">
  <div id="nav-usernameMenu"><button type="button" data-testid="awsc-nav-account-menu-button" aria-haspopup="true" aria-controls="menu--account" aria-expanded="${menuOpen}"><span data-testid="awsc-account-info-tile"><span data-testid="awsc-nav-account-menu-button__label">${identity}</span></span></button>${menu}</div>
</nav></header>
<main><h1 id="page-path">${esc(url.toString())}</h1><input id="console-search" type="search" aria-label="Search the console"></main>
<script>
  document.querySelector('[data-testid="awsc-nav-account-menu-button"]').addEventListener('click', function () {
    ${toggle}
  });
  // The console puts focus in its own search box; nobody else may take it at load.
  document.getElementById('console-search').focus();
</script>
<form id="native-switch" method="POST" action="${signInAction}" hidden>
  <input name="action" value="switchFromBasis"><input name="src" value="nav"><input name="mfaNeeded" value="0">
  ${fake.has('nocsrf') ? '' : `<input name="csrf" value="${esc(state.csrf)}">`}<input name="account" value=""><input name="roleName" value="">
  <input name="displayName" value=""><input name="color" value=""><input name="redirect_uri" value="">
</form>
</body></html>`;
  }

  /** The console's own switch-role page (GET /switchrole?account=…): its form prefilled from the query (AESR #340 ids). */
  function switchRolePage(url) {
    const q = url.searchParams;
    return `<!doctype html><html><head><meta charset="utf-8"><title>Switch Role</title></head><body>
<form id="switchrole-form" method="POST" action="/switchrole">
<input id="accountId" name="account" value="${esc(q.get('account') ?? '')}">
<input id="roleName" name="roleName" value="${esc(q.get('roleName') ?? '')}">
<input id="displayName" name="displayName" value="${esc(q.get('displayName') ?? '')}">
<input id="color" name="color" value="${esc(q.get('color') ?? '')}">
<input id="redirect_uri" name="redirect_uri" value="${esc(q.get('redirect_uri') ?? '')}">
<button type="submit">Switch Role</button></form></body></html>`;
  }

  function recordAndRoute(req, res, body) {
    const host = String(req.headers.host ?? '').replace(/:\d+$/, '');
    const url = new URL(req.url, `https://${host}`);
    const entry = { method: req.method, host, path: url.pathname, search: url.search, headers: req.headers, body, cookies: readCookies(req), at: Date.now() };
    state.requests.push(entry);

    if (SIGNIN_HOST.test(host) && url.pathname === '/switchrole' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(switchRolePage(url));
      return;
    }

    if (SIGNIN_HOST.test(host) && url.pathname === '/switchrole' && req.method === 'POST') {
      const form = new URLSearchParams(body);
      entry.form = Object.fromEntries(form);
      if (form.get('csrf') !== state.csrf) {
        res.writeHead(400, { 'content-type': 'text/html' });
        res.end('<h1>Bad request: csrf</h1>');
        return;
      }
      if (form.get('action') === 'switchToBasis') {
        state.role = null;
      } else {
        state.role = { account: form.get('account'), roleName: form.get('roleName'), displayName: form.get('displayName'), color: form.get('color') };
        // The console keeps its own history of switched roles in this cookie (URI-encoded JSON).
        const prev = (() => {
          try {
            return JSON.parse(decodeURIComponent((readCookies(req)[ROLE_INFO_COOKIE] ?? '').replace(/\+/g, ' ')));
          } catch {
            return null;
          }
        })();
        // As the console writes it (aws-role-editor's decoding): `d` form-encoded once more, the whole value
        // form-encoded, so a space arrives as `+` and `Team Ops Role` as `Team%2BOps%2BRole`.
        const rl = [...state.extraHistory, ...(prev?.rl ?? [])].filter((r) => !(r.a === form.get('account') && r.r === form.get('roleName')));
        state.extraHistory = [];
        rl.unshift({ a: form.get('account'), r: form.get('roleName'), d: formEncode(form.get('displayName') ?? ''), c: form.get('color') });
        const value = formEncode(JSON.stringify({ bn: state.loginUser, ba: state.loginAccount.replace(/-/g, ''), rl: rl.slice(0, 5) }));
        const domain = host.endsWith('amazonaws-eusc.eu') ? '.amazonaws-eusc.eu' : '.aws.amazon.com';
        res.setHeader('set-cookie', `${ROLE_INFO_COOKIE}=${value}; Domain=${domain}; Path=/; Secure; SameSite=Lax`);
      }
      // redirect_uri arrives encoded once more than a form field would be (the console's own convention).
      let target = form.get('redirect_uri') ?? '';
      try {
        target = decodeURIComponent(target);
      } catch {
        target = '';
      }
      if (!CONSOLE_TARGET.test(target)) target = 'https://console.aws.amazon.com/console/home';
      res.writeHead(302, { location: target });
      res.end();
      return;
    }

    const ms = /^\/sessions\/([A-Za-z0-9-]+)\/v1\/switchrole$/.exec(url.pathname);
    if (/(^|\.)signin\.aws\.amazon\.com$/.test(host) && ms) {
      const origin = req.headers.origin;
      const cors = origin && /^https:\/\/([a-z0-9-]+\.)*console\.aws\.amazon\.com$/.test(origin)
        ? { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'Origin' }
        : {};
      if (req.method === 'OPTIONS') {
        res.writeHead(204, { ...cors, 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'content-type, x-csrf-protection', 'access-control-max-age': '60' });
        res.end();
        return;
      }
      if (req.method === 'POST') {
        let json = null;
        try {
          json = JSON.parse(body);
        } catch {
          json = null;
        }
        entry.json = json;
        if (state.prismRefusal) {
          res.writeHead(state.prismRefusal.status, { ...cors, 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: state.prismRefusal.message }));
          return;
        }
        if (req.headers['x-csrf-protection'] !== '1' || !json?.account) {
          res.writeHead(400, { ...cors, 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: 'bad request' }));
          return;
        }
        const dest = new URL(json.redirectUri);
        dest.hostname = `${json.account}-n3wsess.${dest.hostname}`;
        dest.searchParams.set('login_hint', 'sess-1');
        res.writeHead(200, { ...cors, 'content-type': 'application/json' });
        res.end(JSON.stringify({ destination: dest.toString() }));
        return;
      }
    }

    if ((/(^|\.)console\.aws\.amazon\.com$/.test(host) || EUSC_CONSOLE.test(host)) && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(consolePage(host, url));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  }

  const server = https.createServer({ key, cert }, (req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => recordAndRoute(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: server.address().port,
    state,
    requests: state.requests,
    close: () => new Promise((r) => {
      server.closeAllConnections?.();
      server.close(() => r());
    }),
  };
}

// ---- STS and the console federation endpoint, for the host's AWS helpers -------------------------------------------
// Plain HTTP on 127.0.0.1, as tests/TestSupport/FakeAwsEndpoints.cs (the host allows http on loopback for
// AWS_ENDPOINT_URL_STS and SWITCHROLE_FEDERATION_ENDPOINT). STS speaks the Query API: a form-encoded POST, XML out,
// errors as <ErrorResponse>; the same documents the C# fake sends.

export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';
const STS_REQUEST_ID = '01234567-89ab-cdef-0123-456789abcdef';

function xmlText(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

function randomText(alphabet, length) {
  let out = '';
  for (const b of crypto.randomBytes(length)) out += alphabet[b % alphabet.length];
  return out;
}

/**
 * The federation sign-in endpoint as AWS answers it: getSigninToken for a session whose key this fake
 * issued (`issued`: access key id -> secret), else 400; login with a token, a console page; anything else, 400.
 * Each token handed out is recorded in `signinTokens` for leak scans. Shared by the STS and the SSO fakes.
 */
export function answerFederation(url, res, { issued, signinTokens }) {
  const action = url.searchParams.get('Action');
  if (action === 'getSigninToken') {
    let session = null;
    try {
      session = JSON.parse(url.searchParams.get('Session') ?? '');
    } catch {
      session = null;
    }
    if (!session || issued.get(session.sessionId) !== session.sessionKey || !session.sessionToken) {
      res.writeHead(400, { 'content-type': 'text/html' });
      res.end('<html><body>Bad Request</body></html>');
      return;
    }
    const signin = randomText('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', 400);
    signinTokens.push(signin);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ SigninToken: signin }));
    return;
  }
  if (action === 'login') {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html><head><title>AWS Console (fake)</title></head><body>signed in</body></html>');
    return;
  }
  res.writeHead(400, { 'content-type': 'text/html' });
  res.end('<html><body>Bad Request</body></html>');
}

function stsError(code, message) {
  return `<ErrorResponse xmlns="${STS_NAMESPACE}">
  <Error>
    <Type>Sender</Type>
    <Code>${code}</Code>
    <Message>${xmlText(message)}</Message>
  </Error>
  <RequestId>${STS_REQUEST_ID}</RequestId>
</ErrorResponse>`;
}

/**
 * @param {object} opts
 * @param {Record<string, 'allow'|'deny-trust'|'deny-caller'>} opts.roles role ARN to behaviour; others are denied by trust policy, as AWS denies a missing role
 * @param {string} [opts.accessKeyId] the caller's key: requests signed with another key get InvalidClientTokenId
 */
export async function startFakeSts({ roles, accessKeyId = 'AKIAE2EFAKECALLER001', callerArn = 'arn:aws:iam::111111111111:user/alice' }) {
  const issued = new Map(); // access key id -> secret, for getSigninToken
  // gate: a promise AssumeRole answers wait for (so a test can see the page while a check runs).
  const state = { requests: [], signinTokens: [], gate: null };

  function assumeRole(params) {
    const arn = params.get('RoleArn') ?? '';
    const sessionName = params.get('RoleSessionName') ?? '';
    const duration = Number(params.get('DurationSeconds') ?? '3600');
    const denied = `User: ${callerArn} is not authorized to perform: sts:AssumeRole on resource: ${arn}`;
    const kind = roles[arn] ?? 'deny-trust';
    if (kind === 'deny-trust') return [403, stsError('AccessDenied', `${denied} because no resource-based policy allows the sts:AssumeRole action`)];
    if (kind === 'deny-caller') return [403, stsError('AccessDenied', `${denied} because no identity-based policy allows the sts:AssumeRole action`)];
    const key = `ASIA${randomText('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`;
    const secret = randomText('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 40);
    const token = `IQoJb3JpZ2luX2Vj${randomText('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 300)}`;
    issued.set(key, secret);
    const roleName = arn.slice(arn.lastIndexOf('/') + 1);
    const [, partition = 'aws', , , account = '000000000000'] = arn.split(':');
    const expiration = new Date(Date.now() + duration * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    return [200, `<AssumeRoleResponse xmlns="${STS_NAMESPACE}">
  <AssumeRoleResult>
    <AssumedRoleUser>
      <AssumedRoleId>AROAEXAMPLEROLEID0001:${sessionName}</AssumedRoleId>
      <Arn>arn:${partition}:sts::${account}:assumed-role/${roleName}/${sessionName}</Arn>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>${key}</AccessKeyId>
      <SecretAccessKey>${secret}</SecretAccessKey>
      <SessionToken>${token}</SessionToken>
      <Expiration>${expiration}</Expiration>
    </Credentials>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>${STS_REQUEST_ID}</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>`];
  }

  function sts(req, body) {
    const params = new URLSearchParams(body);
    const auth = String(req.headers.authorization ?? '');
    const credential = /Credential=([^/,\s]+)\//.exec(auth)?.[1];
    if (!auth.startsWith('AWS4-HMAC-SHA256 ') || credential !== accessKeyId) {
      return [403, stsError('InvalidClientTokenId', 'The security token included in the request is invalid.')];
    }
    switch (params.get('Action')) {
      case 'GetCallerIdentity':
        return [200, `<GetCallerIdentityResponse xmlns="${STS_NAMESPACE}">
  <GetCallerIdentityResult>
    <Arn>${callerArn}</Arn>
    <UserId>AIDAEXAMPLEUSERID0001</UserId>
    <Account>${callerArn.split(':')[4]}</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata>
    <RequestId>${STS_REQUEST_ID}</RequestId>
  </ResponseMetadata>
</GetCallerIdentityResponse>`];
      case 'AssumeRole':
        return assumeRole(params);
      default:
        return [400, stsError('InvalidAction', `Could not find operation ${params.get('Action')} for version 2011-06-15`)];
    }
  }

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url, 'http://127.0.0.1');
      const entry = { method: req.method, path: url.pathname, search: url.search, body, at: Date.now() };
      state.requests.push(entry);
      if (url.pathname === '/' && req.method === 'POST') {
        entry.action = new URLSearchParams(body).get('Action');
        entry.roleArn = new URLSearchParams(body).get('RoleArn');
        const wait = entry.action === 'AssumeRole' ? Promise.resolve(state.gate) : Promise.resolve();
        wait.then(() => {
          const [status, xml] = sts(req, body);
          res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-RequestId': STS_REQUEST_ID });
          res.end(xml);
        });
        return;
      }
      if (url.pathname === '/federation' && req.method === 'GET') {
        answerFederation(url, res, { issued, signinTokens: state.signinTokens });
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}/`;
  return {
    stsUrl: base,
    federationUrl: `${base}federation`,
    state,
    requests: state.requests,
    roles,
    /** The environment the host needs to reach this fake with fake credentials (the browser passes it on). */
    env(dir) {
      return {
        AWS_ENDPOINT_URL_STS: base,
        SWITCHROLE_FEDERATION_ENDPOINT: `${base}federation`,
        AWS_ACCESS_KEY_ID: accessKeyId,
        AWS_SESSION_TOKEN: '',
        AWS_PROFILE: '',
        AWS_SECRET_ACCESS_KEY: 'e2eFakeSecretKeyForTheLoopbackStsOnly000',
        AWS_REGION: 'us-east-1',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_CONFIG_FILE: path.join(dir, 'aws-config'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'aws-credentials'),
      };
    },
    close: () => new Promise((r) => {
      server.closeAllConnections?.();
      server.close(() => r());
    }),
  };
}
