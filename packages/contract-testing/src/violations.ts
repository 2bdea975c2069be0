/** A contract violation Prism reported in its `sl-violations` header. */
export interface Violation {
  method: string;
  url: string;
  status: number;
  violations: string;
}

/**
 * Wraps `fetch` so that every response is checked for Prism's `sl-violations` header. Violations are
 * recorded (not thrown, so the code under test sees the real response) and `assertNone()` fails the test.
 */
export function violationCheckingFetch(inner: typeof fetch = globalThis.fetch): {
  fetch: typeof fetch;
  violations: Violation[];
  assertNone(): void;
} {
  const violations: Violation[] = [];
  const wrapped: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const response = await inner(request);
    const header = response.headers.get('sl-violations');
    if (header) {
      violations.push({
        method: request.method,
        url: request.url,
        status: response.status,
        violations: header,
      });
    }
    return response;
  };
  return {
    fetch: wrapped,
    violations,
    assertNone() {
      if (violations.length > 0) {
        throw new Error(
          `Prism reported ${violations.length} contract violation(s):\n${violations
            .map((v) => `${v.method} ${v.url} -> ${v.status}: ${v.violations}`)
            .join('\n')}`,
        );
      }
    },
  };
}
