import type { MiddlewareHandler } from 'hono';

/**
 * Headers on every response. The CSP allows only this origin's scripts and styles and `data:` images (the
 * QR codes), so injected markup could not run or send anything anywhere. `same-origin` keeps a connect
 * link's token out of any other site's logs
 * (`no-referrer` would also make Chromium send `Origin: null` on same-site form posts, defeating the origin check).
 */
export function securityHeaders(secure: boolean): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set(
      'Content-Security-Policy',
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('Referrer-Policy', 'same-origin');
    h.set('X-Frame-Options', 'DENY');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    if (secure) h.set('Strict-Transport-Security', 'max-age=31536000');
    if (!h.has('Cache-Control')) h.set('Cache-Control', 'no-store');
  };
}
