import type { RunningSandbox } from './start-sandbox.js';

/** Shows the start of a key or password the user supplied, enough to recognise it, never all of it. */
export function mask(secret: string): string {
  return secret.length <= 8 ? '********' : `${secret.slice(0, 4)}…${secret.slice(-2)} (as configured)`;
}

/**
 * The text printed on start: where the sandbox is, the account to use and a three-step curl tour of the
 * guide's flow. A generated key or password is shown in full (it exists only in this sandbox and the
 * user has no other way to learn it); one the user configured is masked.
 */
export function banner(
  sandbox: RunningSandbox,
  shown: { apiKeyProvided: boolean; passwordProvided: boolean; dataFile?: string | undefined },
): string {
  const key = shown.apiKeyProvided ? mask(sandbox.apiKey) : sandbox.apiKey;
  const keyRef = shown.apiKeyProvided ? '$INBOX_HUB_API_KEY' : sandbox.apiKey;
  const password = shown.passwordProvided ? mask(sandbox.account.password) : sandbox.account.password;
  const h = `-H "X-API-Key: ${keyRef}"`;
  return [
    `Inbox Hub sandbox listening on ${sandbox.url}`,
    `  API key:   ${key}`,
    `  Login:     ${sandbox.account.email} / ${password}`,
    `  Storage:   ${shown.dataFile ? `SQLite ${shown.dataFile}` : 'memory (use --data FILE to keep state)'}`,
    `  Phone:     POST ${sandbox.url}/sandbox/phone/scan (see the README)`,
    '',
    'Client config:',
    `  export INBOX_HUB_BASE_URL=${sandbox.url}`,
    `  export INBOX_HUB_API_KEY=${keyRef}`,
    '',
    "Try the guide's flow:",
    `  curl -s ${h} -H 'Content-Type: application/json' -d '{"sessionId":"cliente_001","phoneNumber":"34612345678"}' ${sandbox.url}/api/sessions`,
    `  curl -s ${h} -X POST ${sandbox.url}/api/sessions/cliente_001/connect && curl -s ${h} ${sandbox.url}/api/sessions/cliente_001/qr`,
    `  curl -s ${h} -H 'Content-Type: application/json' -d '{"sessionId":"cliente_001"}' ${sandbox.url}/sandbox/phone/scan && curl -s ${h} ${sandbox.url}/api/sessions`,
    '',
    'Ctrl-C stops it.',
  ].join('\n');
}
