/**
 * Bounded-memory reading for the analysis functions. pynapple loads a lazy dataset whole when an
 * analysis touches it; napple reads it in batches of a fixed byte size instead, so peak memory
 * stays flat however large the data is. In-memory values are used directly (no copy).
 * @module
 */
import type { OptionKeys } from "../options.ts";
import { getBatchSize } from "../array/batch_size.ts";
import { asFloat64, itemSize } from "../array/dtype.ts";
import { isLazy, type LazyArray, readRowsReusing } from "../array/lazy.ts";
import { type NDArray, shapeSize } from "../array/ndarray.ts";
import type { RowRange } from "../core/time_index.ts";
import { Progress } from "./progress.ts";
import { NanMinMax } from "./numeric.ts";

/** Values an analysis reads: in memory (NDArray) or on storage (LazyArray). */
export type RowSource = NDArray | LazyArray;

/** Options shared by the functions that may stream lazy data. */
export interface BatchOptions {
  /** Bytes read per batch for lazy inputs; defaults to {@linkcode getBatchSize}. */
  batchSize?: number;
  /** Show a progress indicator for batched work (default true; see `setProgressEnabled`). */
  progress?: boolean;
}

/** Keys of {@linkcode BatchOptions}, spread into the key lists of the options extending it. */
export const BATCH_KEYS: OptionKeys<BatchOptions> = { batchSize: true, progress: true };

/** Rows per batch for rows of `rowBytes` bytes (at least one). */
export function rowsPerBatch(rowBytes: number, bytes: number = getBatchSize()): number {
  return Math.max(1, Math.floor(bytes / Math.max(1, rowBytes)));
}

/** Elements per row of a source (1 for 1-D). */
export function rowSizeOf(source: RowSource): number {
  return shapeSize(source.shape.slice(1));
}

/** Largest single storage read made while filling a batch. */
const READ_PIECE_BYTES = 4 * 1024 * 1024;

/** Copies `d` (any numeric typed array) as float64 into `out` at `at`; returns the end. */
export function copyInto(out: Float64Array, at: number, d: ArrayLike<number | bigint>): number {
  if (d instanceof Float64Array) out.set(d, at);
  else for (let i = 0; i < d.length; i++) out[at + i] = Number(d[i]);
  return at + d.length;
}

/**
 * Rows of a source seen through a list of row ranges (a restriction), renumbered 0..n-1 as if
 * concatenated: the index space pynapple's jitted loops work in after `restrict`. Reads happen
 * in contiguous batches as callers walk forward; in-memory sources are gathered once.
 */
export class RowWindow {
  /** Elements per row. */
  readonly rowSize: number;
  /** Number of virtual rows. */
  readonly length: number;
  /** Whether the source is lazy (batched) or in memory. */
  readonly lazy: boolean;
  /** First virtual row held in `data`. */
  base = 0;
  /** Rows held, as float64, row-major, starting at virtual row `base`. */
  data: Float64Array = new Float64Array(0);
  private held = 0;
  private buffer: Float64Array = new Float64Array(0);
  private piece?: ArrayBuffer;
  private readonly offsets: number[];
  private readonly batchRows: number;
  private readonly rowBytes: number;

  /**
   * @param source the values.
   * @param ranges source row ranges making up the view (default: all rows).
   * @param bytes batch size in bytes for lazy sources.
   * @param progress reports rows read (lazy sources only).
   */
  constructor(
    private readonly source: RowSource,
    private readonly ranges: readonly RowRange[] = [[0, source.shape[0] ?? 0]],
    bytes: number = getBatchSize(),
    private readonly progress?: Progress,
  ) {
    this.rowSize = rowSizeOf(source);
    this.offsets = [0];
    for (const [s, e] of ranges) this.offsets.push(this.offsets[this.offsets.length - 1] + e - s);
    this.length = this.offsets[this.offsets.length - 1];
    this.lazy = isLazy(source);
    this.rowBytes = this.rowSize * itemSize(source.dtype);
    this.batchRows = rowsPerBatch(this.rowSize * Math.max(8, itemSize(source.dtype)), bytes);
    if (!this.lazy) {
      const arr = source as NDArray;
      // One range of float64 data: a view, no copy.
      const one = ranges.length === 1 && arr.data instanceof Float64Array;
      this.data = one
        ? asFloat64(arr.data).subarray(ranges[0][0] * this.rowSize, ranges[0][1] * this.rowSize)
        : this.gather(0, this.length);
      this.held = this.length;
    }
  }

  /**
   * Makes virtual rows `[a, b)` available in `data` (rows at `(r - base) * rowSize`); true when
   * that took a read from storage (a new batch).
   */
  ensure(a: number, b: number): boolean {
    if (a >= this.base && b <= this.base + this.held) return false;
    const end = Math.min(this.length, Math.max(b, a + this.batchRows));
    const need = (end - a) * this.rowSize;
    // One buffer reused for every batch: steady memory instead of a fresh array per batch.
    if (this.buffer.length < need) {
      this.data = new Float64Array(0);
      this.buffer = new Float64Array(need);
    }
    this.data = this.buffer.subarray(0, need);
    this.gather(a, end, this.data);
    this.base = a;
    this.held = end - a;
    this.progress?.advance(end - a);
    return true;
  }

  /** Element `c` of virtual row `r` (call `ensure` first). */
  at(r: number, c = 0): number {
    return this.data[(r - this.base) * this.rowSize + c];
  }

  /** Reads virtual rows `[a, b)` into `out` (a new array when not given). */
  private gather(a: number, b: number, out?: Float64Array): Float64Array {
    out ??= new Float64Array(Math.max(0, b - a) * this.rowSize);
    let at = 0;
    for (let k = 0; k < this.ranges.length && a < b; k++) {
      const lo = this.offsets[k];
      const hi = this.offsets[k + 1];
      if (hi <= a) continue;
      if (lo >= b) break;
      const from = this.ranges[k][0] + (Math.max(a, lo) - lo);
      const to = this.ranges[k][0] + (Math.min(b, hi) - lo);
      if (!this.lazy) {
        at = copyInto(out, at, (this.source as NDArray).sliceRows(from, to).data);
        continue;
      }
      // Storage reads in pieces of at most READ_PIECE_BYTES, each into one reused piece buffer
      // where the backend allows (readRowsInto; h5wasm still copies through its heap): copied
      // out at once, so a long stream leaves no garbage behind it.
      const piece = Math.max(1, Math.floor(READ_PIECE_BYTES / Math.max(1, this.rowBytes)));
      this.piece ??= new ArrayBuffer(piece * this.rowBytes);
      for (let r = from; r < to; r += piece) {
        const end = Math.min(to, r + piece);
        const part = readRowsReusing(this.source as LazyArray, r, end, this.piece);
        at = copyInto(out, at, part.data);
      }
    }
    return out;
  }
}

/**
 * Calls `fn` on consecutive batches of the virtual rows of `source` restricted to `ranges`:
 * `fn(data, firstRow, rowCount)` with float64 row-major data. In-memory sources give one batch.
 */
export function forEachBatch(
  source: RowSource,
  ranges: readonly RowRange[],
  fn: (data: Float64Array, first: number, count: number) => void,
  options: BatchOptions = {},
  label = "reading",
): void {
  const bytes = options.batchSize ?? getBatchSize();
  const progress = isLazy(source) ? Progress.start(label, options.progress) : undefined;
  const win = new RowWindow(source, ranges, bytes, progress);
  progress?.setTotal(win.length);
  if (!win.lazy) {
    fn(win.data, 0, win.length);
    return;
  }
  const step = rowsPerBatch(win.rowSize * Math.max(8, itemSize(source.dtype)), bytes);
  try {
    for (let a = 0; a < win.length; a += step) {
      const b = Math.min(win.length, a + step);
      win.ensure(a, b);
      fn(win.data, a, b - a);
    }
  } finally {
    progress?.done();
  }
}

/**
 * numpy `nanmin` / `nanmax` of column `col` of `source` over `ranges`, streamed in batches (the
 * default range of a feature in the tuning-curve and mutual-information functions).
 */
export function columnNanRange(
  source: RowSource,
  ranges: readonly RowRange[],
  col: number,
  options: BatchOptions = {},
): [number, number] {
  const mm = new NanMinMax();
  forEachBatch(
    source,
    ranges,
    (d, _first, count) => {
      const f = d.length / Math.max(1, count);
      if (f === 1) mm.add(d);
      else {
        const c = new Float64Array(count);
        for (let i = 0; i < count; i++) c[i] = d[i * f + col];
        mm.add(c);
      }
    },
    options,
    "feature range",
  );
  return [mm.min, mm.max];
}
