import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/** The operator's session cookie. */
export const SESSION_COOKIE = 'ihd_session';
/** The pre-login cookie that the login form's CSRF token is tied to. */
export const LOGIN_COOKIE = 'ihd_login';

/**
 * Reads and writes the dashboard's cookies: HttpOnly, SameSite=Lax, and with `Secure` plus the `__Host-`
 * prefix when served over https (the prefix forbids a `Domain`, so no sibling site can set or read them).
 */
export class Cookies {
  constructor(private readonly secure: boolean) {}

  get(c: Context, name: string): string | undefined {
    return this.secure ? getCookie(c, name, 'host') : getCookie(c, name);
  }

  set(c: Context, name: string, value: string, maxAgeSeconds: number): void {
    setCookie(c, name, value, {
      path: '/',
      httpOnly: true,
      sameSite: 'Lax',
      secure: this.secure,
      maxAge: maxAgeSeconds,
      ...(this.secure ? { prefix: 'host' as const } : {}),
    });
  }

  clear(c: Context, name: string): void {
    deleteCookie(c, name, {
      path: '/',
      secure: this.secure,
      ...(this.secure ? { prefix: 'host' as const } : {}),
    });
  }
}
