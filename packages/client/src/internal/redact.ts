/**
 * Removes known secrets from text before it reaches an error, a log line or a caller. The client knows
 * its own API key, password and current token; a server (or proxy) that echoes one back must not make
 * the client leak it.
 */
export class Redactor {
  readonly #secrets = new Set<string>();

  /** Remembers a secret to scrub. Very short values are ignored: they would scrub ordinary words. */
  add(secret: string | undefined): void {
    if (secret && secret.length >= 6) this.#secrets.add(secret);
  }

  /** Forgets a secret (for example a token that was replaced). */
  delete(secret: string | undefined): void {
    if (secret) this.#secrets.delete(secret);
  }

  /** Returns `text` with every known secret replaced by `[redacted]`. */
  text(text: string): string {
    let out = text;
    for (const secret of this.#secrets) {
      if (out.includes(secret)) out = out.split(secret).join('[redacted]');
    }
    return out;
  }

  /** Returns a deep copy of a JSON value with every known secret scrubbed from its strings. */
  json<T>(value: T): T {
    if (value === undefined || this.#secrets.size === 0) return value;
    try {
      return JSON.parse(this.text(JSON.stringify(value))) as T;
    } catch {
      return value;
    }
  }
}

/** Removes `Bearer ...` tokens and JWT-shaped strings, whoever they belong to. */
export function scrubTokens(text: string): string {
  return text
    .replace(/Bearer\s+[A-Za-z0-9._~+/-]+=*/gi, 'Bearer [redacted]')
    .replace(/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g, '[redacted-jwt]');
}
