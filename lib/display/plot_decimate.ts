/**
 * Per-pixel reduction of long series before plotting. A line drawn with more points than the plot
 * has horizontal pixels looks the same as one drawn through each pixel's minimum and maximum, so
 * a series of any length is reduced to at most two points per pixel and column. Rows are read in
 * bounded batches, which keeps a 10M-sample lazy series plottable with a small, fixed footprint.
 * @module
 */
import type { NDArray } from "../array/ndarray.ts";
import { NappleError } from "../errors.ts";
import { lowerBound, upperBound } from "../core/time_index.ts";

/** Something whose value rows can be read by range (a LazyArray, or a view over an NDArray). */
export interface RowReader {
  /** Dimensions, time first. */
  readonly shape: readonly number[];
  /** Reads rows `[start, end)`. */
  readRows(start: number, end: number): NDArray;
}

/** A {@linkcode RowReader} over an in-memory NDArray. */
export function ndarrayReader(a: NDArray): RowReader {
  return { shape: a.shape, readRows: (start, end) => a.sliceRows(start, end) };
}

/** One decimated line: the sample times kept and their values. */
export interface DecimatedLine {
  /** Times of the kept samples, increasing. */
  t: Float64Array;
  /** Values of the kept samples (NaN where the source is NaN only if a pixel is all NaN). */
  y: Float64Array;
}

/** Options of {@linkcode decimateMinMax}. */
export interface DecimateOptions {
  /** First row to consider (inclusive). */
  startRow: number;
  /** Last row to consider (exclusive). */
  endRow: number;
  /** Number of horizontal pixels (bins) across `[x0, x1]`. */
  pixels: number;
  /** Left edge of the time range. */
  x0: number;
  /** Right edge of the time range. */
  x1: number;
  /** Rows read per storage call (default 65 536). */
  batchRows?: number;
  /** Below this many rows per pixel nothing is dropped (default 2: min and max are all there is). */
  minRowsPerPixel?: number;
}

/** Numbers of the flattened row-major data of an NDArray (bigint and bool widened). */
export function numericData(a: NDArray): ArrayLike<number> {
  const d = a.data as ArrayLike<number | bigint>;
  if (d instanceof Float64Array || d instanceof Float32Array) return d;
  if (typeof (d as ArrayLike<bigint>)[0] === "bigint" || d instanceof BigInt64Array) {
    const out = new Float64Array(d.length);
    for (let i = 0; i < d.length; i++) out[i] = Number(d[i]);
    return out;
  }
  return d as ArrayLike<number>;
}

function checkPixels(pixels: number): number {
  if (!Number.isFinite(pixels) || pixels < 1) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      `plot width must be a positive number, got ${pixels}`,
    );
  }
  return Math.floor(pixels);
}

/**
 * Reduces each column of `values` (rows aligned with `t`) to the minimum and maximum of every
 * pixel, kept in time order. Returns one line per column (the trailing axes flattened). When there
 * are few rows per pixel, every row is kept.
 */
export function decimateMinMax(
  t: Float64Array,
  values: RowReader,
  options: DecimateOptions,
): DecimatedLine[] {
  const pixels = checkPixels(options.pixels);
  const { startRow, endRow, x0, x1 } = options;
  const batch = Math.max(1, options.batchRows ?? 65536);
  const ncol = values.shape.slice(1).reduce((a, b) => a * b, 1);
  const n = Math.max(0, endRow - startRow);
  if (n <= pixels * (options.minRowsPerPixel ?? 2)) {
    return keepAll(t, values, startRow, endRow, ncol);
  }

  // Per pixel and column: min/max values and the rows they came from. Rows fit in a Float64Array.
  const cells = pixels * ncol;
  const minV = new Float64Array(cells).fill(Infinity);
  const maxV = new Float64Array(cells).fill(-Infinity);
  const minR = new Float64Array(cells).fill(-1);
  const maxR = new Float64Array(cells).fill(-1);
  const scale = x1 > x0 ? pixels / (x1 - x0) : 0;
  for (let b0 = startRow; b0 < endRow; b0 += batch) {
    const b1 = Math.min(endRow, b0 + batch);
    const block = numericData(values.readRows(b0, b1));
    for (let r = b0; r < b1; r++) {
      let p = Math.floor((t[r] - x0) * scale);
      if (p < 0) p = 0;
      else if (p >= pixels) p = pixels - 1;
      const base = (r - b0) * ncol;
      for (let c = 0; c < ncol; c++) {
        const v = block[base + c];
        if (v !== v) continue; // NaN: skipped, like a line mark skips it
        const k = p * ncol + c;
        if (v < minV[k]) {
          minV[k] = v;
          minR[k] = r;
        }
        if (v > maxV[k]) {
          maxV[k] = v;
          maxR[k] = r;
        }
      }
    }
  }
  const lines: DecimatedLine[] = [];
  for (let c = 0; c < ncol; c++) {
    const tt = new Float64Array(2 * pixels);
    const yy = new Float64Array(2 * pixels);
    let m = 0;
    for (let p = 0; p < pixels; p++) {
      const k = p * ncol + c;
      if (minR[k] < 0) continue;
      const a = minR[k] <= maxR[k];
      const r1 = a ? minR[k] : maxR[k];
      const v1 = a ? minV[k] : maxV[k];
      const r2 = a ? maxR[k] : minR[k];
      const v2 = a ? maxV[k] : minV[k];
      tt[m] = t[r1];
      yy[m++] = v1;
      if (r2 !== r1) {
        tt[m] = t[r2];
        yy[m++] = v2;
      }
    }
    lines.push({ t: tt.slice(0, m), y: yy.slice(0, m) });
  }
  return lines;
}

function keepAll(
  t: Float64Array,
  values: RowReader,
  startRow: number,
  endRow: number,
  ncol: number,
): DecimatedLine[] {
  const n = Math.max(0, endRow - startRow);
  const data = n > 0 ? numericData(values.readRows(startRow, endRow)) : new Float64Array(0);
  const lines: DecimatedLine[] = [];
  for (let c = 0; c < ncol; c++) {
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) y[i] = data[i * ncol + c];
    lines.push({ t: t.slice(startRow, startRow + n), y });
  }
  return lines;
}

/**
 * Keeps at most one event per pixel: ticks that fall in the same pixel draw the same mark, so a
 * raster of millions of spikes stays as small as its picture.
 */
export function thinEvents(
  t: ArrayLike<number>,
  x0: number,
  x1: number,
  pixels: number,
): Float64Array {
  const w = checkPixels(pixels);
  const i0 = lowerBound(t, x0);
  const i1 = upperBound(t, x1);
  const scale = x1 > x0 ? w / (x1 - x0) : 0;
  const out: number[] = [];
  let last = -1;
  for (let i = i0; i < i1; i++) {
    const p = Math.min(w - 1, Math.floor((t[i] - x0) * scale));
    if (p !== last) {
      out.push(t[i]);
      last = p;
    }
  }
  return Float64Array.from(out);
}

/**
 * Merges intervals separated by less than one pixel so thousands of short epochs draw as the
 * bands they look like. Inputs are sorted, non-overlapping intervals.
 */
export function mergeBands(
  start: ArrayLike<number>,
  end: ArrayLike<number>,
  x0: number,
  x1: number,
  pixels: number,
): { start: Float64Array; end: Float64Array; source: Int32Array } {
  const w = checkPixels(pixels);
  const gap = x1 > x0 ? (x1 - x0) / w : 0;
  const s: number[] = [];
  const e: number[] = [];
  const src: number[] = [];
  for (let i = 0; i < start.length; i++) {
    if (end[i] < x0 || start[i] > x1) continue;
    const a = Math.max(start[i], x0);
    const b = Math.min(end[i], x1);
    if (s.length > 0 && start.length > 4 * w && a - e[e.length - 1] < gap) {
      e[e.length - 1] = Math.max(e[e.length - 1], b);
      continue;
    }
    s.push(a);
    e.push(b);
    src.push(i);
  }
  return { start: Float64Array.from(s), end: Float64Array.from(e), source: Int32Array.from(src) };
}

/**
 * Averages `rows` rows of `values` into `bins` time bins (for heatmaps): returns a
 * `bins × ncol` row-major Float64Array (NaN where a bin is empty) and the bin edges.
 */
export function binMean(
  t: Float64Array,
  values: RowReader,
  startRow: number,
  endRow: number,
  x0: number,
  x1: number,
  bins: number,
  batchRows = 65536,
): { edges: Float64Array; mean: Float64Array; ncol: number } {
  const w = checkPixels(bins);
  const ncol = values.shape.slice(1).reduce((a, b) => a * b, 1);
  const sum = new Float64Array(w * ncol);
  const cnt = new Float64Array(w * ncol);
  const scale = x1 > x0 ? w / (x1 - x0) : 0;
  for (let b0 = startRow; b0 < endRow; b0 += batchRows) {
    const b1 = Math.min(endRow, b0 + batchRows);
    const block = numericData(values.readRows(b0, b1));
    for (let r = b0; r < b1; r++) {
      const p = Math.max(0, Math.min(w - 1, Math.floor((t[r] - x0) * scale)));
      for (let c = 0; c < ncol; c++) {
        const v = block[(r - b0) * ncol + c];
        if (v !== v) continue;
        sum[p * ncol + c] += v;
        cnt[p * ncol + c]++;
      }
    }
  }
  for (let k = 0; k < sum.length; k++) sum[k] = cnt[k] > 0 ? sum[k] / cnt[k] : NaN;
  const edges = new Float64Array(w + 1);
  for (let i = 0; i <= w; i++) edges[i] = x0 + (x1 - x0) * (i / w);
  return { edges, mean: sum, ncol };
}
