// Which hosts are AWS consoles and sign-in endpoints, per partition. Every redirect and every switch
// request target passes through here.

export const PARTITIONS = Object.freeze({
  aws: { consoleSuffix: 'console.aws.amazon.com', signIn: 'signin.aws.amazon.com' },
  'aws-us-gov': { consoleSuffix: 'console.amazonaws-us-gov.com', signIn: 'signin.amazonaws-us-gov.com' },
  'aws-cn': { consoleSuffix: 'console.amazonaws.cn', signIn: 'signin.amazonaws.cn' },
});

/** Match patterns of console pages (the manifest's host permissions), for tabs.query. */
export const CONSOLE_MATCHES = Object.freeze(Object.values(PARTITIONS).map((p) => `https://*.${p.consoleSuffix}/*`));

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const CONSOLE_HOST = new RegExp(
  `^(?:${LABEL}\\.)*console\\.(?:aws\\.amazon\\.com|amazonaws-us-gov\\.com|amazonaws\\.cn)$`,
);
const SIGNIN_HOST = new RegExp(`^(?:${LABEL}\\.)?signin\\.(?:aws\\.amazon\\.com|amazonaws-us-gov\\.com|amazonaws\\.cn)$`);

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
  return 'aws';
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
export function resolveSignInEndpoint({ sessionData = null, signinEndpointMeta = null, pageHost = null } = {}) {
  const fromSession = signInHostOf(sessionData?.signInEndpoint);
  if (fromSession) return { host: fromSession, source: 'awsc-session-data' };
  const fromMeta = signInHostOf(signinEndpointMeta);
  if (fromMeta) return { host: fromMeta, source: 'awsc-signin-endpoint' };
  const region = typeof sessionData?.infrastructureRegion === 'string' ? sessionData.infrastructureRegion : '';
  if (region.startsWith('us-gov-')) return { host: PARTITIONS['aws-us-gov'].signIn, source: 'infrastructureRegion' };
  if (region.startsWith('cn-')) return { host: PARTITIONS['aws-cn'].signIn, source: 'infrastructureRegion' };
  const partition = partitionOfHost(pageHost);
  if (partition && partition !== 'aws') return { host: PARTITIONS[partition].signIn, source: 'page host' };
  return { host: PARTITIONS.aws.signIn, source: 'default' };
}
