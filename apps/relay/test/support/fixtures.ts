/**
 * Endpoint secrets for tests: fake, built at run time (so no whsec_ string sits in the repository), and
 * unique enough that finding one in a log line or CLI output is a leak.
 */
export const testSecret = (label: string): string =>
  `whsec_${Buffer.from(`CANARY-relay-${label}-signing-key-0123456789`.slice(0, 40)).toString('base64')}`;

/** The secret's key part: a leak may show the key without the prefix. */
export const secretKey = (secret: string): string => secret.slice('whsec_'.length);
