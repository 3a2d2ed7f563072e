/**
 * The numeric loops of pynapple's `derivative` (numpy `gradient`), `time_diff`, `get_slice`,
 * `to_trial_tensor` and `trial_count`, on plain Float64Arrays and row ranges so the classes only
 * pick rows and wrap results. Values are read epoch by epoch through a {@linkcode RowReader}, so
 * lazy data is never read whole.
 * @module
 */
import { NappleError } from "../errors.ts";
import { allocate } from "../array/dtype.ts";
import { NDArray, shapeSize } from "../array/ndarray.ts";
import { Metadata } from "./metadata.ts";
import type { RowReader } from "./series_ops.ts";
import { getRange, rangesLength, type RowRange } from "./time_index.ts";

/**
 * numpy `gradient(f, t, axis=0)` (edge_order 1) of every column, epoch by epoch over `ranges`:
 * second-order central differences inside, one-sided at the ends; numpy's uniform-spacing
 * formula when the timestamps of an epoch are evenly spaced. An epoch of one sample is numpy's
 * error.
 */
export function gradientEpochs(
  t: Float64Array,
  read: RowReader,
  rowSize: number,
  ranges: readonly RowRange[],
): Float64Array {
  const total = rangesLength(ranges);
  const out = new Float64Array(total * rowSize);
  let o = 0;
  for (const [a, b] of ranges) {
    const n = b - a;
    if (n === 0) continue;
    if (n < 2) {
      throw new NappleError(
        "SHAPE_MISMATCH",
        `the epoch holding t=${t[a]} has a single sample: a numerical gradient needs at least 2 ` +
          "(numpy's error; restrict to longer epochs)",
      );
    }
    const f = read(a, b);
    const x = t.subarray(a, b);
    const h = new Float64Array(n - 1);
    for (let i = 0; i < n - 1; i++) h[i] = x[i + 1] - x[i];
    const uniform = h.every((d) => d === h[0]);
    const base = o * rowSize;
    for (let j = 0; j < rowSize; j++) {
      const at = (i: number) => f[i * rowSize + j];
      for (let i = 1; i < n - 1; i++) {
        let v: number;
        if (uniform) v = (at(i + 1) - at(i - 1)) / (2 * h[0]);
        else {
          const dx1 = h[i - 1], dx2 = h[i];
          const ca = -dx2 / (dx1 * (dx1 + dx2));
          const cb = (dx2 - dx1) / (dx1 * dx2);
          const cc = dx1 / (dx2 * (dx1 + dx2));
          v = ca * at(i - 1) + cb * at(i) + cc * at(i + 1);
        }
        out[base + i * rowSize + j] = v;
      }
      out[base + j] = (at(1) - at(0)) / h[0];
      out[base + (n - 1) * rowSize + j] = (at(n - 1) - at(n - 2)) / h[n - 2];
    }
    o += n;
  }
  return out;
}

/** Where `timeDiff` puts each difference: at the earlier timestamp, the middle or the later one. */
export type TimeDiffAlign = "start" | "center" | "end";

/**
 * pynapple `time_diff`: the differences between consecutive timestamps of each epoch (`ranges`),
 * timed at `t[i] + alpha * diff` with alpha 0, 0.5 or 1 for `align` start, center or end.
 */
export function timeDiffs(
  t: Float64Array,
  ranges: readonly RowRange[],
  align: TimeDiffAlign,
): { t: Float64Array; d: Float64Array } {
  if (align !== "start" && align !== "center" && align !== "end") {
    throw new NappleError("INVALID_ARGUMENT", "align should be 'start', 'center' or 'end'");
  }
  const alpha = align === "start" ? 0 : align === "center" ? 0.5 : 1;
  let total = 0;
  for (const [a, b] of ranges) total += Math.max(0, b - a - 1);
  const times = new Float64Array(total);
  const d = new Float64Array(total);
  let o = 0;
  for (const [a, b] of ranges) {
    for (let i = a; i < b - 1; i++, o++) {
      d[o] = t[i + 1] - t[i];
      times[o] = t[i] + alpha * d[o];
    }
  }
  return { t: times, d };
}

/**
 * pynapple `get_slice(start, end)`: the row positions `[a, b)` of `start <= t <= end` (both in
 * seconds), as a {@linkcode RowRange}; a timestamp repeated at `end` counts once (its first copy),
 * as in `get(start, end)`, `to_trial_tensor` and every pynapple function cutting epochs with it.
 */
export function sliceRange(t: Float64Array, start: number, end: number): RowRange {
  if (!(start <= end)) {
    throw new NappleError("INVALID_ARGUMENT", "'start' should not precede 'end'.");
  }
  return getRange(t, start, end);
}

/** How trials of unequal length are aligned in a trial tensor. */
export type TrialAlign = "start" | "end";

/** Checks `align` of `toTrialTensor` / `trialCount`. */
export function checkTrialAlign(align: string): TrialAlign {
  if (align !== "start" && align !== "end") {
    throw new NappleError("INVALID_ARGUMENT", "align should be 'start' or 'end'");
  }
  return align;
}

/**
 * pynapple `to_trial_tensor`: the rows of each trial (`ranges`), aligned to the start or the end
 * of an array of the longest trial's length and padded with `padding`; shape `(trials, time)` for
 * 1-D values, `(...rowShape, trials, time)` otherwise (numpy's `moveaxis` of pynapple).
 */
export function trialTensor(
  read: RowReader,
  rowShape: readonly number[],
  ranges: readonly RowRange[],
  align: TrialAlign,
  padding: number,
): NDArray {
  const r = shapeSize(rowShape);
  const m = ranges.length;
  if (m === 0) throw new NappleError("INVALID_ARGUMENT", "toTrialTensor needs at least one trial");
  let nt = 0;
  for (const [a, b] of ranges) nt = Math.max(nt, b - a);
  const out = new Float64Array(r * m * nt).fill(padding);
  for (let i = 0; i < m; i++) {
    const [a, b] = ranges[i];
    const len = b - a;
    if (len === 0) continue;
    const rows = read(a, b);
    const k0 = align === "start" ? 0 : nt - len;
    for (let k = 0; k < len; k++) {
      for (let j = 0; j < r; j++) out[j * m * nt + i * nt + k0 + k] = rows[k * r + j];
    }
  }
  return new NDArray(out, [...rowShape, m, nt], "float64");
}

/**
 * pynapple `trial_count`: counts of `k` series in bins (`centers`, `counts` row-major `(bins, k)`
 * from `count(binSize, ep)`) laid out per trial as `(k, trials, bins)`, aligned and padded as
 * {@linkcode trialTensor}; the bin axis is pynapple's `ceil((end + binSize - start) / binSize)`
 * trimmed to the longest trial.
 */
export function trialCountTensor(
  centers: Float64Array,
  counts: Float64Array,
  k: number,
  starts: Float64Array,
  ends: Float64Array,
  binSize: number,
  align: TrialAlign,
  padding: number,
): NDArray {
  const m = starts.length;
  let nt = 0;
  for (let i = 0; i < m; i++) {
    nt = Math.max(nt, Math.ceil((ends[i] + binSize - starts[i]) / binSize));
  }
  const full = new Float64Array(k * m * nt).fill(padding);
  let longest = 0;
  for (let i = 0; i < m; i++) {
    const [a, b] = sliceRange(centers, starts[i], ends[i]);
    const len = Math.min(b - a, nt);
    longest = Math.max(longest, len);
    const k0 = align === "start" ? 0 : nt - len;
    for (let q = 0; q < len; q++) {
      for (let u = 0; u < k; u++) full[u * m * nt + i * nt + k0 + q] = counts[(a + q) * k + u];
    }
  }
  // pynapple keeps the first (start) or last (end) `longest` bins; `[-0:]` keeps them all
  const keep = align === "end" && longest === 0 ? nt : longest;
  const from = align === "start" ? 0 : nt - keep;
  const out = new Float64Array(k * m * keep);
  for (let row = 0; row < k * m; row++) {
    out.set(full.subarray(row * nt + from, row * nt + from + keep), row * keep);
  }
  return new NDArray(out, [k, m, keep], "float64");
}

/** `a` and `b` (same number of rows, 2-D) side by side; float64 unless both share a dtype. */
export function concatColumns(a: NDArray, b: NDArray): NDArray {
  const n = a.length;
  const ca = a.shape[1], cb = b.shape[1];
  const dtype = a.dtype === b.dtype ? a.dtype : "float64";
  const left = a.dtype === dtype ? a : a.astype(dtype);
  const right = b.dtype === dtype ? b : b.astype(dtype);
  const out = allocate(dtype, n * (ca + cb));
  for (let i = 0; i < n; i++) {
    // deno-lint-ignore no-explicit-any
    const o = out as any;
    o.set(left.data.subarray(i * ca, (i + 1) * ca), i * (ca + cb));
    o.set(right.data.subarray(i * cb, (i + 1) * cb), i * (ca + cb) + ca);
  }
  return new NDArray(out, [n, ca + cb], dtype);
}

/**
 * The per-column metadata of two frames joined side by side: the same fields on both sides
 * (their values concatenated), or none on either.
 */
export function joinMetadata(a: Metadata, b: Metadata): Metadata | undefined {
  const fa = a.columns, fb = b.columns;
  if (fa.length === 0 && fb.length === 0) return undefined;
  if (fa.length !== fb.length || fa.some((f) => !b.has(f))) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      `join needs the same metadata fields on both frames (${fa.join(", ") || "none"} and ${
        fb.join(", ") || "none"
      })`,
    );
  }
  const out = new Metadata(a.length + b.length);
  for (const f of fa) out.set(f, [...a.get(f).values, ...b.get(f).values]);
  return out;
}
