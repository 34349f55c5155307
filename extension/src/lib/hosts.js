// Which hosts are AWS consoles and sign-in endpoints, per partition. Every redirect and every switch
// request target passes through here.

export const PARTITIONS = Object.freeze({
  aws: { consoleSuffix: 'console.aws.amazon.com', signIn: 'signin.aws.amazon.com' },
  'aws-us-gov': { consoleSuffix: 'console.amazonaws-us-gov.com', signIn: 'signin.amazonaws-us-gov.com' },
  'aws-cn': { consoleSuffix: 'console.amazonaws.cn', signIn: 'signin.amazonaws.cn' },
  // AWS European Sovereign Cloud (AESR 6.2.0, #407/#412): its sign-in service is regional only,
  // `<region>.signin.amazonaws-eusc.eu`; the bare host does not take a switch.
  'aws-eusc': { consoleSuffix: 'console.amazonaws-eusc.eu', signIn: 'signin.amazonaws-eusc.eu', defaultRegion: 'eusc-de-east-1', regionalOnly: true },
});

/** Match patterns of console pages (the manifest's host permissions), for tabs.query. */
export const CONSOLE_MATCHES = Object.freeze(Object.values(PARTITIONS).map((p) => `https://*.${p.consoleSuffix}/*`));

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const DOMAINS = '(?:aws\\.amazon\\.com|amazonaws-us-gov\\.com|amazonaws\\.cn|amazonaws-eusc\\.eu)';
const CONSOLE_HOST = new RegExp(`^(?:${LABEL}\\.)*console\\.${DOMAINS}$`);
const SIGNIN_HOST = new RegExp(`^(?:${LABEL}\\.)?signin\\.${DOMAINS}$`);
// Multi-session console hosts: `<12-digit account>-<8 characters>.<region>.console.<partition domain>` (AWS docs,
// saml2aws #1485); the first label is the session differentiator.
const SESSION_HOST = new RegExp(`^([0-9]{12}-[a-z0-9]{8})\\.([a-z0-9-]+)\\.console\\.${DOMAINS}$`);

export function isConsoleHost(host) {
  return typeof host === 'string' && CONSOLE_HOST.test(host.toLowerCase());
}

export function isSignInHost(host) {
  return typeof host === 'string' && SIGNIN_HOST.test(host.toLowerCase());
}

function parseUrl(value) {
  if (typeof value !== 'string' || value.length > 8192) return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** A redirect target we accept: https, a console host, default port, no credentials in the URL. */
export function isConsoleUrl(value) {
  const url = parseUrl(value);
  return (
    url !== null && url.protocol === 'https:' && url.port === '' && url.username === '' && url.password === '' &&
    isConsoleHost(url.hostname)
  );
}

/** The partition a console host belongs to, or null. */
export function partitionOfHost(host) {
  const h = String(host ?? '').toLowerCase();
  if (!isConsoleHost(h)) return null;
  if (h.endsWith('amazonaws-us-gov.com')) return 'aws-us-gov';
  if (h.endsWith('amazonaws.cn')) return 'aws-cn';
  if (h.endsWith('amazonaws-eusc.eu')) return 'aws-eusc';
  return 'aws';
}

/**
 * The multi-session facts a console host name carries, or null: `{ sessionDifferentiator, region }`.
 * Used when the `awsc-session-data` meta is missing (it vanished on eu-west-1 in October 2025, AESR #372).
 */
export function sessionOfHost(host) {
  const m = SESSION_HOST.exec(String(host ?? '').toLowerCase());
  return m ? { sessionDifferentiator: m[1], region: m[2] } : null;
}

/** The host a console host name is shown as in diagnostics: region and session labels replaced by placeholders. */
export function consoleHostPattern(host) {
  const h = String(host ?? '').toLowerCase();
  if (!isConsoleHost(h)) return null;
  const labels = h.split('.');
  const at = labels.indexOf('console');
  const prefix = labels.slice(0, at).map((l) => (/^[0-9]{12}-[a-z0-9]+$/.test(l) ? '{session}' : /^[a-z]{2,4}(-[a-z]{2,4})?-[a-z]+-[0-9]{1,2}$/.test(l) ? '{region}' : '{other}'));
  return [...prefix, ...labels.slice(at)].join('.');
}

/** The sign-in host of a partition for a region; regional where the partition has no global host (EUSC). */
export function partitionSignInHost(partition, region = null) {
  const p = PARTITIONS[partition] ?? PARTITIONS.aws;
  if (!p.regionalOnly) return p.signIn;
  const r = typeof region === 'string' && region.startsWith('eusc-') && /^[a-z0-9-]{1,32}$/.test(region) ? region : p.defaultRegion;
  return `${r}.${p.signIn}`;
}

/** `signin.aws.amazon.com` or `https://signin.aws.amazon.com/...` gives the host if it is a sign-in host. */
function signInHostOf(value) {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const text = value.trim();
  const url = parseUrl(text.includes('://') ? text : `https://${text}`);
  if (url === null || url.protocol !== 'https:' || url.port !== '' || url.username !== '') return null;
  return isSignInHost(url.hostname) ? url.hostname.toLowerCase() : null;
}

/**
 * The sign-in endpoint (host name) a switch request goes to. Order, as the console has changed over the years:
 * awsc-session-data.signInEndpoint, the #awsc-signin-endpoint meta, the infrastructure region's partition,
 * the page host's partition, then signin.aws.amazon.com.
 * @returns {{ host: string, source: string }}
 */
export function resolveSignInEndpoint({ sessionData = null, signinEndpointMeta = null, pageHost = null, pageRegion = null } = {}) {
  const partition = partitionOfHost(pageHost);
  // A bare EUSC sign-in host does not take a switch (AESR #407): make it regional.
  const regional = (host) => (host === PARTITIONS['aws-eusc'].signIn ? partitionSignInHost('aws-eusc', pageRegion ?? sessionData?.infrastructureRegion) : host);
  const fromSession = signInHostOf(sessionData?.signInEndpoint);
  if (fromSession) return { host: regional(fromSession), source: 'awsc-session-data' };
  const fromMeta = signInHostOf(signinEndpointMeta);
  if (fromMeta) return { host: regional(fromMeta), source: 'awsc-signin-endpoint' };
  const region = typeof sessionData?.infrastructureRegion === 'string' ? sessionData.infrastructureRegion : '';
  if (region.startsWith('us-gov-')) return { host: PARTITIONS['aws-us-gov'].signIn, source: 'infrastructureRegion' };
  if (region.startsWith('cn-')) return { host: PARTITIONS['aws-cn'].signIn, source: 'infrastructureRegion' };
  if (region.startsWith('eusc-')) return { host: partitionSignInHost('aws-eusc', region), source: 'infrastructureRegion' };
  if (partition && partition !== 'aws') return { host: partitionSignInHost(partition, pageRegion), source: 'page host' };
  return { host: PARTITIONS.aws.signIn, source: 'default' };
}
