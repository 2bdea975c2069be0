/** One benchmark's figure, its baseline from the same run, and the goal. */
export interface BenchResult {
  id: number;
  what: string;
  baseline: string;
  ours: string;
  /** ours ÷ baseline (or the figure the goal is about), as printed. */
  ratio: string;
  goal: string;
  /** Whether the goal was met; `null` when there is no goal (a figure that is only reported). */
  met: boolean | null;
  /** Overrides the verdict column, for a goal that allows a stated trade-off. */
  verdict?: string | undefined;
  notes?: string;
}

/** Formats milliseconds. */
export function ms(value: number): string {
  return value < 1
    ? `${(value * 1000).toFixed(0)} µs`
    : value < 1000
      ? `${value.toFixed(2)} ms`
      : `${(value / 1000).toFixed(2)} s`;
}

/** Formats bytes. */
export function bytes(value: number): string {
  return value < 1024
    ? `${value} B`
    : value < 1024 * 1024
      ? `${(value / 1000).toFixed(2)} kB`
      : `${(value / 1e6).toFixed(2)} MB`;
}
