/**
 * The zero-phase Butterworth filter of a lazy series, itself lazy: rows are computed when read,
 * from states saved at batch boundaries, so filtering a recording of any length holds states,
 * not its result.
 *
 * Building it runs scipy's `sosfiltfilt` per epoch once without keeping outputs: the forward
 * pass saves the forward cascade's state at the start of every batch; the backward pass (from
 * the padded end, recomputing each batch's forward output from its saved state, last batch
 * first) saves the backward cascade's state at the end of every batch. Reading rows then
 * recomputes, for each batch they overlap, the forward output from the batch's start state and
 * the backward output from its end state: the same operations in the same order as the
 * in-memory filter, so the same numbers to the last bit. The last computed batch is kept, so
 * reading the result in order filters each batch once.
 *
 * Memory: `2 · sections · 2 · columns` float64 per batch boundary, one batch of input as stored
 * and one float64 batch. The input is read twice to build, once more per read of the result.
 * @module
 */
import { type DType, itemSize } from "../array/dtype.ts";
import { type LazyArray, readRowsReusing, type ReadStats } from "../array/lazy.ts";
import { NDArray } from "../array/ndarray.ts";
import { getBatchSize } from "../array/batch_size.ts";
import type { RowRange } from "../core/time_index.ts";
import { type BatchOptions, copyInto, rowSizeOf, rowsPerBatch } from "./batching.ts";
import { Progress } from "./progress.ts";
import { type Sos, sosfiltZi, sosPadLength } from "./iir.ts";
import { Cascade } from "./sos_cascade.ts";
import {
  checkEpochLength,
  leftOddExtension,
  nanInputError,
  rightOddExtension,
} from "./sosfiltfilt.ts";

/** Saved cascade states of one epoch `[a, b)`, one per batch of `step` rows. */
interface EpochStates {
  readonly a: number;
  readonly b: number;
  /** Forward state before the batch's first row. */
  readonly forward: Float64Array[];
  /** Backward state before the batch's last row (the backward pass runs from the end). */
  readonly backward: Float64Array[];
}

/**
 * scipy `sosfiltfilt(sos, x[a:b], axis=0)` of every epoch `[a, b)` of a lazy array, as a lazy
 * array of the same shape (float64, or float32 for float32 input, rounded once as the in-memory
 * filter does); rows outside the epochs are 0. Throws at construction, as the in-memory filter
 * does, on NaN input and on epochs not longer than the pad length.
 */
export class FiltfiltLazyArray implements LazyArray {
  /** Always true. */
  readonly isLazy = true as const;
  /** Reads of the input made to compute rows (building and reading the result). */
  readonly stats: ReadStats = { reads: 0, bytesRead: 0 };
  /** The input's shape. */
  readonly shape: readonly number[];
  /** "float64", or "float32" for float32 input. */
  readonly dtype: DType;
  /** What was filtered, for display. */
  readonly source: string;
  private readonly m: number;
  private readonly step: number;
  private readonly epochs: EpochStates[] = [];
  private readonly fwd: Cascade;
  private readonly bwd: Cascade;
  private readonly scratch: ArrayBuffer;
  private readonly buf: Float64Array;
  private cached: [number, number] = [-1, -1];

  /**
   * Runs both passes over `ranges` of `src` (`label` names the progress indicator) and keeps
   * their states.
   */
  constructor(
    sos: Sos,
    private readonly src: LazyArray,
    ranges: readonly RowRange[],
    private readonly float32: boolean,
    label: string,
    options: BatchOptions = {},
  ) {
    this.shape = src.shape;
    this.dtype = float32 ? "float32" : "float64";
    this.source = `${label} of ${src.source}`;
    const m = this.m = rowSizeOf(src);
    const edge = sosPadLength(sos);
    const bytes = options.batchSize ?? getBatchSize();
    this.step = rowsPerBatch(m * Math.max(8, itemSize(src.dtype)), bytes);
    const rows = Math.max(this.step, edge + 1);
    this.scratch = new ArrayBuffer(rows * m * itemSize(src.dtype));
    this.buf = new Float64Array(rows * m);
    this.fwd = new Cascade(sos, m);
    this.bwd = new Cascade(sos, m);
    const used = ranges.filter(([a, b]) => b > a);
    for (const [a, b] of used) checkEpochLength(b - a, edge);
    const progress = Progress.start(label, options.progress);
    progress?.setTotal(2 * used.reduce((n, [a, b]) => n + b - a, 0));
    try {
      const zi = sosfiltZi(sos);
      const pad = new Float64Array(edge * m);
      for (const [a, b] of used) {
        const len = b - a;
        const { fwd, bwd, step } = this;
        leftOddExtension(pad, this.read(a, a + edge + 1).slice(), edge, m, float32);
        const tail = this.read(b - edge - 1, b).slice();
        fwd.reset(zi, pad.subarray(0, m));
        fwd.run(pad, 0, undefined, 0, edge, 1);
        const forward: Float64Array[] = [];
        for (let s = 0; s < len; s += step) {
          const e = Math.min(len, s + step);
          forward.push(fwd.state.slice());
          const d = this.read(a + s, a + e);
          for (let i = 0; i < d.length; i++) if (Number.isNaN(d[i])) throw nanInputError();
          fwd.run(d, 0, d, 0, e - s, 1);
          progress?.advance(e - s);
        }
        rightOddExtension(pad, tail, edge, m, float32);
        fwd.run(pad, 0, pad, 0, edge, 1);
        bwd.reset(zi, pad.subarray((edge - 1) * m, edge * m));
        bwd.run(pad, (edge - 1) * m, undefined, 0, edge, -1);
        const backward: Float64Array[] = new Array(forward.length);
        for (let k = forward.length - 1; k >= 0; k--) {
          backward[k] = bwd.state.slice();
          const s = k * step, e = Math.min(len, s + step);
          this.filterBatch(a + s, e - s, forward[k]);
          progress?.advance(e - s);
        }
        this.epochs.push({ a, b, forward, backward });
      }
    } finally {
      progress?.done();
    }
  }

  /** See {@linkcode LazyArray.readRows}. */
  readRows(start: number, end: number, columns?: readonly number[]): NDArray {
    const [s, e] = this.clamp(start, end);
    const n = (e - s) * this.m;
    const rows = this.fill(s, e, this.float32 ? new Float32Array(n) : new Float64Array(n));
    return columns ? rows.takeColumns(columns) : rows;
  }

  /** See {@linkcode LazyArray.readRowsInto}. */
  readRowsInto(start: number, end: number, scratch: ArrayBuffer): NDArray {
    const [s, e] = this.clamp(start, end);
    const n = (e - s) * this.m;
    if (scratch.byteLength < n * (this.float32 ? 4 : 8)) return this.readRows(s, e);
    const out = this.float32 ? new Float32Array(scratch, 0, n) : new Float64Array(scratch, 0, n);
    out.fill(0);
    return this.fill(s, e, out);
  }

  private clamp(start: number, end: number): [number, number] {
    const len = this.shape[0] ?? 0;
    const s = Math.max(0, Math.min(len, start));
    return [s, Math.max(s, Math.min(len, end))];
  }

  /** Rows `[start, end)` of the result written into `out` (zeros outside the epochs). */
  private fill(start: number, end: number, out: Float32Array | Float64Array): NDArray {
    const { m, step } = this;
    this.epochs.forEach(({ a, b }, i) => {
      const lo = Math.max(start, a), hi = Math.min(end, b);
      for (let k = Math.floor((lo - a) / step); lo < hi && a + k * step < hi; k++) {
        const s = a + k * step;
        const d = this.batch(i, k);
        const r0 = Math.max(lo, s), r1 = Math.min(hi, s + step, b);
        out.set(d.subarray((r0 - s) * m, (r1 - s) * m), (r0 - start) * m);
      }
    });
    return new NDArray(out, [end - start, ...this.shape.slice(1)], this.dtype);
  }

  /** Batch `k` of epoch `i`, filtered both ways (the last one asked for is kept). */
  private batch(i: number, k: number): Float64Array {
    const { a, b, forward, backward } = this.epochs[i];
    const s = a + k * this.step, n = Math.min(b, s + this.step) - s;
    if (this.cached[0] === i && this.cached[1] === k) return this.buf.subarray(0, n * this.m);
    this.cached = [-1, -1];
    this.bwd.state.set(backward[k]);
    const d = this.filterBatch(s, n, forward[k]);
    this.cached = [i, k];
    return d;
  }

  /**
   * Rows `[s, s + n)` filtered forward from the forward state `start`, then backward from the
   * backward cascade's current state, in place in `buf`.
   */
  private filterBatch(s: number, n: number, start: Float64Array): Float64Array {
    const m = this.m;
    const d = this.read(s, s + n);
    this.fwd.state.set(start);
    this.fwd.run(d, 0, d, 0, n, 1);
    this.bwd.run(d, (n - 1) * m, d, (n - 1) * m, n, -1);
    return d;
  }

  /** Input rows `[s, e)` as float64 in `buf` (a view, valid until the next read). */
  private read(s: number, e: number): Float64Array {
    this.cached = [-1, -1];
    const rows = readRowsReusing(this.src, s, e, this.scratch);
    this.stats.reads++;
    this.stats.bytesRead += rows.data.byteLength;
    copyInto(this.buf, 0, rows.data);
    return this.buf.subarray(0, (e - s) * this.m);
  }
}
