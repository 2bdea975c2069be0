import { OPERATOR } from './stack.js';

/** Signs in over plain HTTP (no browser) and returns the session cookie header and a CSRF token. */
export async function signInHttp(base: string): Promise<{ cookie: string; csrf: string }> {
  const form = await fetch(`${base}/login`);
  const loginCookie = form.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const response = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Cookie: loginCookie, 'Content-Type': 'application/x-www-form-urlencoded', Origin: base },
    body: new URLSearchParams({ user: OPERATOR.user, password: OPERATOR.password, csrf }),
  });
  if (response.status !== 303) throw new Error(`Sign-in failed with ${response.status}.`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .filter((c) => c.includes('ihd_session='))
    .join('; ');
  const page = await fetch(`${base}/`, { headers: { Cookie: cookie } });
  const token = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  return { cookie, csrf: token };
}

/** Reads server-sent events from a response until `until` returns true for one; returns the events read. */
export async function readEvents(
  response: Response,
  until: (event: { event: string; data: string }) => boolean,
): Promise<Array<{ event: string; data: string }>> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: Array<{ event: string; data: string }> = [];
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = [...block.matchAll(/^data: ?(.*)$/gm)].map((m) => m[1]).join('\n');
      if (data) {
        events.push({ event, data });
        if (until({ event, data })) {
          await reader.cancel();
          return events;
        }
      }
      end = buffer.indexOf('\n\n');
    }
  }
  return events;
}
