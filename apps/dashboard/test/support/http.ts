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

/** One server-sent event. */
export interface ServerEvent {
  event: string;
  data: string;
}

/** Reads a server-sent event stream event by event. */
export function eventReader(response: Response): ReadableStreamDefaultReader<string> {
  return response.body!.pipeThrough(new TextDecoderStream()).getReader();
}

/**
 * Reads server-sent events until `until` returns true for one; returns the events read. The stream is
 * cancelled then, unless `keepOpen` (pass the same reader again to go on reading).
 */
export async function readEvents(
  source: Response | ReadableStreamDefaultReader<string>,
  until: (event: ServerEvent) => boolean,
  keepOpen = false,
): Promise<ServerEvent[]> {
  const reader = source instanceof Response ? eventReader(source) : source;
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
          if (!keepOpen) await reader.cancel();
          return events;
        }
      }
      end = buffer.indexOf('\n\n');
    }
  }
  return events;
}
