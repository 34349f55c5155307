// A loopback AWS Organizations endpoint speaking its JSON 1.1 protocol (POST / with X-Amz-Target, NextToken pages),
// for the Organizations team source. The signature is checked by the C# fake in the host's own tests; here the
// request must carry one (AWS4-HMAC-SHA256 with the test's key id), as AWS requires.
import http from 'node:http';

export async function startFakeOrganizations({ accounts, accessKeyId = 'AKIAE2EORGANIZATIONS1', pageSize = 2 }) {
  const state = { accounts, requests: [] };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const target = req.headers['x-amz-target'];
      state.requests.push({ target, body });
      const reply = (status, obj) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': '00000000-0000-0000-0000-000000000000' });
        res.end(JSON.stringify(obj));
      };
      if (!String(req.headers.authorization ?? '').startsWith(`AWS4-HMAC-SHA256 Credential=${accessKeyId}/`)) {
        reply(400, { __type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' });
        return;
      }
      if (target !== 'AWSOrganizationsV20161128.ListAccounts') {
        reply(400, { __type: 'UnknownOperationException' });
        return;
      }
      const start = JSON.parse(body || '{}').NextToken ? Number(JSON.parse(body).NextToken.slice(5)) : 0;
      const page = state.accounts.slice(start, start + pageSize).map((a) => ({
        Id: a.id, Arn: `arn:aws:organizations::111111111111:account/o-e2e/${a.id}`, Email: `aws+${a.id}@example.com`,
        Name: a.name, Status: a.state === 'CLOSED' ? 'SUSPENDED' : a.state, State: a.state, JoinedMethod: 'CREATED', JoinedTimestamp: 1.7e9,
      }));
      reply(200, start + pageSize < state.accounts.length ? { Accounts: page, NextToken: `page-${start + pageSize}` } : { Accounts: page });
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}/`;
  return {
    state,
    env: {
      AWS_ENDPOINT_URL_ORGANIZATIONS: base,
      AWS_ACCESS_KEY_ID: accessKeyId,
      AWS_SECRET_ACCESS_KEY: 'e2eFakeSecretForTheLoopbackOrganizations0',
      AWS_SESSION_TOKEN: '',
      AWS_PROFILE: '',
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    close: () => new Promise((r) => {
      server.closeAllConnections?.();
      server.close(() => r());
    }),
  };
}
