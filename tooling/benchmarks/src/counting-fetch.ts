/** A `fetch` that counts requests by `METHOD /path` (paths with numbers folded), for request budgets. */
export function countingFetch(): {
  fetch: typeof fetch;
  count(match?: (key: string) => boolean): number;
  reset(): void;
} {
  const counts = new Map<string, number>();
  return {
    fetch: (input, init) => {
      const request = new Request(input, init);
      const key = `${request.method} ${new URL(request.url).pathname}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      return globalThis.fetch(request);
    },
    count(match = () => true) {
      let total = 0;
      for (const [key, n] of counts) if (match(key)) total += n;
      return total;
    },
    reset() {
      counts.clear();
    },
  };
}
