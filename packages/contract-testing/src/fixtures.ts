/**
 * Canary credentials. They are fake, unique strings: a test that finds one in an error message, log line,
 * tool result or node output has found a leak.
 */
export const canary = {
  apiKey: 'ihk_test_CANARY_apikey_7d1e2b9f4c',
  email: 'canary@example.com',
  password: 'CANARY_password_93b1f0e7',
  jwtSignature: 'CANARYjwtSIGNATURE0b7e1c',
} as const;

/** Every canary string, for leak assertions. */
export const canaryStrings: readonly string[] = [canary.apiKey, canary.password, canary.jwtSignature];

/** Builds an unsigned-looking JWT whose `exp` is `expSeconds` (epoch seconds) and whose signature is a canary. */
export function fakeJwt(expSeconds: number, subject = 'tenant-test'): string {
  const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: subject, exp: expSeconds })}.${canary.jwtSignature}`;
}

/** Throws when any canary appears in `text`. */
export function assertNoCanary(text: string, where: string): void {
  for (const secret of canaryStrings) {
    if (text.includes(secret)) throw new Error(`A canary secret leaked into ${where}.`);
  }
}
