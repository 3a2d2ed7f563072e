/**
 * The numeric loops behind `dropna`, `interpolate`, `convolve` and `smooth`, on plain row-major
 * Float64Arrays and row ranges, so the classes only pick rows and wrap results. Rows are read
 * through a callback, one epoch at a time, so lazy data is never read whole for these.
 * @module
 */
import { rangesLength, type RowRange } from "./time_index.ts";
import { convolveFull, gaussianWindow, trimBounds } from "./convolve.ts";

/** Reads rows `[a, b)` as row-major float64 values. */
export type RowReader = (a: number, b: number) => Float64Array;

/** Which convolution output is kept: pynapple's `trim`. */
export type Trim = "both" | "left" | "right";

/** One flag per row: 1 when any value of the row is NaN. */
export function nanRows(data: Float64Array, rowSize: number): Uint8Array {
  const n = rowSize ? data.length / rowSize : 0;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < rowSize; j++) {
      if (Number.isNaN(data[i * rowSize + j])) {
        out[i] = 1;
        break;
      }
    }
  }
  return out;
}

/**
 * pynapple's `jitremove_nan`: the runs of rows without NaN as [first time, last time]
 * intervals; a run of a single sample gets 1 µs of length so it survives as an interval.
 */
export function nanFreeRuns(
  t: Float64Array,
  isNan: Uint8Array,
): { start: number[]; end: number[] } {
  const n = t.length;
  const start: number[] = [];
  const end: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!isNan[i] && (i === 0 || isNan[i - 1])) start.push(t[i]);
    if (!isNan[i] && (i === n - 1 || isNan[i + 1])) end.push(t[i]);
  }
  for (let k = 0; k < start.length; k++) if (start[k] === end[k]) end[k] += 1e-6;
  return { start, end };
}

/**
 * numpy `interp` of every column, epoch by epoch: values of the source rows `srcRanges[k]` at
 * the target times `tgtRanges[k]`. Outside an epoch's samples the edge values are used unless
 * `left`/`right` are given; epochs without source samples give NaN.
 */
export function interpolateEpochs(
  srcT: Float64Array,
  read: RowReader,
  rowSize: number,
  tgtT: Float64Array,
  srcRanges: readonly RowRange[],
  tgtRanges: readonly RowRange[],
  left?: number,
  right?: number,
): Float64Array {
  const total = rangesLength(tgtRanges);
  const out = new Float64Array(total * rowSize).fill(NaN);
  let o = 0;
  for (let k = 0; k < tgtRanges.length; k++) {
    const [a, b] = tgtRanges[k];
    const [c, d] = srcRanges[k];
    if (b > a && d > c) {
      const xp = srcT.subarray(c, d);
      const fp = read(c, d);
      const m = d - c;
      let j = 0;
      for (let i = a; i < b; i++) {
        const x = tgtT[i];
        while (j < m - 1 && xp[j + 1] <= x) j++;
        for (let col = 0; col < rowSize; col++) {
          let v: number;
          if (x < xp[0]) v = left ?? fp[col];
          else if (x > xp[m - 1]) v = right ?? fp[(m - 1) * rowSize + col];
          else if (j === m - 1 || xp[j] === x) v = fp[j * rowSize + col];
          else {
            const f0 = fp[j * rowSize + col];
            const f1 = fp[(j + 1) * rowSize + col];
            v = f0 + (f1 - f0) * (x - xp[j]) / (xp[j + 1] - xp[j]);
          }
          out[(o + i - a) * rowSize + col] = v;
        }
      }
    }
    o += b - a;
  }
  return out;
}

/** Convolution of every column with `kernel`, epoch by epoch, trimmed as pynapple's. */
export function convolveEpochs(
  read: RowReader,
  rowSize: number,
  ranges: readonly RowRange[],
  kernel: Float64Array,
  trim: Trim,
): Float64Array {
  const total = rangesLength(ranges);
  const out = new Float64Array(total * rowSize);
  let o = 0;
  for (const [a, b] of ranges) {
    const n = b - a;
    if (n === 0) continue;
    const rows = read(a, b);
    const [c0] = trimBounds(n, kernel.length, trim);
    const col = new Float64Array(n);
    for (let j = 0; j < rowSize; j++) {
      for (let i = 0; i < n; i++) col[i] = rows[i * rowSize + j];
      const full = convolveFull(col, kernel);
      for (let i = 0; i < n; i++) out[(o + i) * rowSize + j] = full[c0 + i] ?? 0;
    }
    o += n;
  }
  return out;
}

/**
 * pynapple `smooth`'s window: scipy `gaussian(M, stdSize)` with `M` = window size in samples,
 * normalised to sum 1 when `norm`.
 */
export function smoothingWindow(size: number, stdSize: number, norm: boolean): Float64Array {
  const w = gaussianWindow(size, stdSize);
  if (norm) {
    let sum = 0;
    for (const v of w) sum += v;
    for (let i = 0; i < w.length; i++) w[i] /= sum;
  }
  return w;
}
