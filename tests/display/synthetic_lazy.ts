/**
 * A LazyArray whose values are computed on read (never held in memory), recording the largest
 * read: lets plot tests and the plot benchmark use series far larger than memory would allow.
 * @module
 */
import { NDArray } from "../../lib/array/ndarray.ts";
import type { LazyArray, ReadStats } from "../../lib/array/lazy.ts";

/** A 1-D float64 LazyArray with value `f(i)` at row `i`. */
export class SyntheticLazy implements LazyArray {
  /** Always true. */
  readonly isLazy = true as const;
  /** Reads and bytes produced so far. */
  readonly stats: ReadStats = { reads: 0, bytesRead: 0 };
  /** Always float64. */
  readonly dtype = "float64" as const;
  /** For display. */
  readonly source = "synthetic";
  /** The largest number of rows asked for in one read. */
  maxRows = 0;
  /** `shape[0]` rows computed by `f`. */
  constructor(readonly shape: readonly number[], readonly f: (i: number) => number) {}
  /** Computes rows `[start, end)` (clamped). */
  readRows(start: number, end: number): NDArray {
    const n = Math.max(0, Math.min(end, this.shape[0]) - start);
    this.maxRows = Math.max(this.maxRows, n);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.f(start + i);
    this.stats.reads++;
    this.stats.bytesRead += out.byteLength;
    return new NDArray(out, [n]);
  }
}
