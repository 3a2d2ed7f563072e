/**
 * Time-series kernels ported from pynapple's `_jitted_functions.py`: counting in bins, bin
 * averages, thresholding and nearest-value lookup. They work on plain Float64Arrays so the
 * classes (and the analysis code) can feed them restricted ranges of lazy data.
 * @module
 */
import { restrictRanges, roundTime, upperBound } from "./time_index.ts";
import { allocate, type DType, type TypedArray } from "../array/dtype.ts";
import { adviseHugePages } from "../array/huge_pages.ts";

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * Counts (non-negative integers held in a Float64Array) as a TypedArray of `dtype`. For int64 and
 * uint64 the 32-bit halves are written directly, which avoids creating one BigInt per count
 * (20M BigInts take seconds).
 */
export function countsAs(counts: Float64Array, dtype: DType): TypedArray {
  const out = allocate(dtype, counts.length);
  if ((dtype === "int64" || dtype === "uint64") && LITTLE_ENDIAN) {
    const words = new Uint32Array(out.buffer, out.byteOffset, counts.length * 2);
    for (let i = 0; i < counts.length; i++) {
      const v = counts[i];
      if (v === 0) continue; // the buffer starts zeroed
      if (v < 4294967296) words[2 * i] = v;
      else {
        words[2 * i] = v % 4294967296;
        words[2 * i + 1] = Math.floor(v / 4294967296);
      }
    }
    return out;
  }
  if (dtype === "int64" || dtype === "uint64") {
    for (let i = 0; i < counts.length; i++) (out as BigInt64Array)[i] = BigInt(counts[i]);
    return out;
  }
  for (let i = 0; i < counts.length; i++) (out as Float64Array)[i] = counts[i];
  return out;
}

/** Number of bins pynapple allocates for one epoch (`jitcount`'s `nb_bins`). */
function binsFor(start: number, end: number, binSize: number): number {
  return end - start > binSize ? Math.ceil((end + binSize - start) / binSize) : 1;
}

/**
 * pynapple's bin grid for `jitcount` / `_jitbin_array`: per epoch, bins of `binSize` from the
 * epoch start, each kept only if its center is at or before the epoch end; edges rounded to 9
 * decimals. Computed once and shared by every series counted on it.
 */
export interface BinGrid {
  /** Bin centers (the output timestamps). */
  centers: Float64Array;
  /** Rounded right edge of each bin (a bin holds `left <= t < right`). */
  rights: Float64Array;
  /** Bins of epoch `k` are `offsets[k] .. offsets[k + 1] - 1`. */
  offsets: Int32Array;
  /** The bin size the grid was built with. */
  binSize: number;
}

/** Builds the {@linkcode BinGrid} of `binSize` over the epochs. */
export function binGrid(starts: Float64Array, ends: Float64Array, binSize: number): BinGrid {
  const m = starts.length;
  let nb = 0;
  for (let k = 0; k < m; k++) nb += binsFor(starts[k], ends[k], binSize);
  const centers = new Float64Array(nb);
  const rights = new Float64Array(nb);
  const offsets = new Int32Array(m + 1);
  let b = 0;
  for (let k = 0; k < m; k++) {
    offsets[k] = b;
    const maxb = b + binsFor(starts[k], ends[k], binSize);
    let lbound = starts[k];
    while (b < maxb) {
      const xpos = lbound + binSize / 2;
      if (xpos > ends[k]) break;
      centers[b] = roundTime(xpos); // pynapple rounds every time index to 1 ns
      rights[b] = roundTime(lbound + binSize);
      lbound = roundTime(lbound + binSize);
      b++;
    }
  }
  offsets[m] = b;
  return { centers: centers.slice(0, b), rights: rights.slice(0, b), offsets, binSize };
}

/**
 * `jitcount` on a precomputed grid: adds the count of bin `b` into `out[b * stride + offset]`
 * (so several series fill the columns of one matrix). A timestamp of epoch `k` goes to the first
 * bin of that epoch whose right edge is above it; timestamps past the last kept bin are dropped.
 * The bin is found from the timestamp (a guess from the bin size, corrected against the rounded
 * edges), so the cost follows the number of timestamps, not the number of bins.
 */
export function countOnGrid(
  t: Float64Array,
  starts: Float64Array,
  ends: Float64Array,
  grid: BinGrid,
  out: Float64Array,
  stride = 1,
  offset = 0,
): void {
  const { rights, offsets, binSize } = grid;
  const ranges = restrictRanges(t, starts, ends);
  for (let k = 0; k < ranges.length; k++) {
    const b0 = offsets[k];
    const b1 = offsets[k + 1];
    if (b1 <= b0) continue;
    const start = starts[k];
    const [i0, i1] = ranges[k];
    for (let i = i0; i < i1; i++) {
      const x = t[i];
      let b = b0 + Math.floor((x - start) / binSize);
      if (b < b0) b = b0;
      if (b > b1 - 1) b = b1 - 1;
      while (b > b0 && x < rights[b - 1]) b--;
      while (b < b1 && x >= rights[b]) b++;
      if (b < b1) out[b * stride + offset]++;
    }
  }
}

/** Cells (bins × series) per block of {@linkcode countGroupOnGrid}: 512 KiB of float64. */
const COUNT_BLOCK_CELLS = 1 << 16;

/**
 * `jitcount` of several series on one grid, straight into the result matrix of `dtype` (bins ×
 * series, row-major), as {@linkcode countOnGrid} counts each: no float64 matrix to convert
 * afterwards. The bins are walked in blocks, and every series adds its timestamps of the block
 * before the next block starts, so the counts being written stay in cache whatever the number
 * of series (a column at a time strides through the whole matrix once per series). int64 and
 * uint64 counts are written as their low 32-bit words (one series cannot put 2^32 timestamps in
 * one bin: a typed array is shorter).
 */
export function countGroupOnGrid(
  ts: readonly Float64Array[],
  starts: Float64Array,
  ends: Float64Array,
  grid: BinGrid,
  dtype: DType,
  blockBins = Math.max(16, Math.floor(COUNT_BLOCK_CELLS / Math.max(1, ts.length))),
): TypedArray {
  const n = ts.length;
  const nb = grid.centers.length;
  const out = allocate(dtype, nb * n);
  adviseHugePages(out); // a dense count matrix is large: numpy's arrays get huge pages too
  const wide = dtype === "int64" || dtype === "uint64";
  if (wide && !LITTLE_ENDIAN) {
    const counts = new Float64Array(nb * n);
    fillGroupCounts(ts, starts, ends, grid, counts, 1, blockBins);
    return countsAs(counts, dtype);
  }
  if (wide) {
    const words = new Uint32Array(out.buffer, out.byteOffset, nb * n * 2);
    fillGroupCounts(ts, starts, ends, grid, words, 2, blockBins);
  } else if (out instanceof Float64Array) {
    fillGroupCounts(ts, starts, ends, grid, out, 1, blockBins);
  } else {
    const counts = new Float64Array(nb * n);
    fillGroupCounts(ts, starts, ends, grid, counts, 1, blockBins);
    return countsAs(counts, dtype);
  }
  return out;
}

/** The counting of {@linkcode countGroupOnGrid}: cell `(b, j)` is `out[(b * n + j) * step]`. */
function fillGroupCounts(
  ts: readonly Float64Array[],
  starts: Float64Array,
  ends: Float64Array,
  grid: BinGrid,
  out: Float64Array | Uint32Array,
  step: number,
  block: number,
): void {
  const { rights, offsets, binSize } = grid;
  const n = ts.length;
  const ranges = ts.map((t) => restrictRanges(t, starts, ends));
  const cursor = new Float64Array(n);
  for (let k = 0; k < starts.length; k++) {
    const b0 = offsets[k];
    const b1 = offsets[k + 1];
    if (b1 <= b0) continue;
    const start = starts[k];
    for (let j = 0; j < n; j++) cursor[j] = ranges[j][k][0];
    for (let bb = b0; bb < b1; bb += block) {
      const be = Math.min(b1, bb + block);
      // timestamps below the block's last right edge are counted in this block; those at or
      // past the epoch's last one are never counted (as countOnGrid drops them)
      const limit = rights[be - 1];
      for (let j = 0; j < n; j++) {
        const t = ts[j];
        const iEnd = ranges[j][k][1];
        let i = cursor[j];
        for (; i < iEnd; i++) {
          const x = t[i];
          if (x >= limit) break;
          let b = b0 + Math.floor((x - start) / binSize);
          if (b < bb) b = bb;
          if (b > be - 1) b = be - 1;
          while (b > bb && x < rights[b - 1]) b--;
          while (x >= rights[b]) b++;
          out[(b * n + j) * step]++;
        }
        cursor[j] = i;
      }
    }
  }
}

/**
 * `jitcount` on a precomputed grid, sparse: calls `fn(bin, count)` for every non-empty bin, bins
 * in order (for callers that keep only the non-empty bins of many series, like the
 * event-triggered average). The bin of each run of timestamps is found by binary search on the
 * grid's right edges, so the cost follows the number of timestamps, not the number of bins.
 */
export function forEachCount(
  t: Float64Array,
  starts: Float64Array,
  ends: Float64Array,
  grid: BinGrid,
  fn: (bin: number, count: number) => void,
): void {
  const { rights, offsets } = grid;
  const ranges = restrictRanges(t, starts, ends);
  for (let k = 0; k < ranges.length; k++) {
    let [s] = ranges[k];
    const e = ranges[k][1];
    let b = offsets[k];
    const bEnd = offsets[k + 1];
    while (s < e && b < bEnd) {
      // jump to the bin holding t[s] (first right edge above it), then count its timestamps
      b = upperBound(rights, t[s], b, bEnd);
      if (b >= bEnd) break;
      const right = rights[b];
      let c = 0;
      while (s < e && t[s] < right) {
        c++;
        s++;
      }
      if (c) fn(b, c);
    }
  }
}

/** Number of timestamps in each epoch (ends inclusive), pynapple's count without a bin size. */
export function countInEpochs(t: Float64Array, starts: Float64Array, ends: Float64Array): {
  centers: Float64Array;
  counts: Float64Array;
} {
  const ranges = restrictRanges(t, starts, ends);
  return {
    centers: Float64Array.from(starts, (s, k) => s + (ends[k] - s) / 2),
    counts: Float64Array.from(ranges, ([s, e]) => e - s),
  };
}

/**
 * `_jitbin_array` on a {@linkcode BinGrid}: the mean of each row element over the timestamps
 * of each bin (NaN for empty bins, as pynapple's 0/0). Rows of `ranges[k]` (epoch `k`) are read
 * with `read` in chunks of at most `step` rows, so lazy data is streamed.
 */
export function averageOnGrid(
  t: Float64Array,
  ranges: readonly (readonly [number, number])[],
  grid: BinGrid,
  rowSize: number,
  read: (a: number, b: number) => Float64Array,
  step: number,
): Float64Array {
  const { rights, offsets } = grid;
  const nb = rights.length;
  const cnt = new Float64Array(nb);
  const sum = new Float64Array(nb * rowSize);
  for (let k = 0; k < ranges.length; k++) {
    const [a, b] = ranges[k];
    let bin = offsets[k];
    const last = offsets[k + 1];
    for (let c = a; c < b && bin < last; c += step) {
      const e = Math.min(b, c + step);
      const rows = read(c, e);
      for (let i = c; i < e; i++) {
        const x = t[i];
        while (bin < last && x >= rights[bin]) bin++;
        if (bin >= last) break;
        cnt[bin]++;
        const o = (i - c) * rowSize;
        for (let j = 0; j < rowSize; j++) sum[bin * rowSize + j] += rows[o + j];
      }
    }
  }
  for (let x = 0; x < nb; x++) {
    for (let j = 0; j < rowSize; j++) sum[x * rowSize + j] /= cnt[x];
  }
  return sum;
}

/** Comparison of `Tsd.threshold` (pynapple's `jitthreshold`), named as pynapple's `method`. */
export type ThresholdMethod = "above" | "below" | "aboveequal" | "belowequal";

/**
 * 1 where `d[i]` passes the comparison, written to `out` from `offset` (so lazy data can be
 * flagged batch by batch into one array).
 */
export function thresholdFlags(
  d: ArrayLike<number>,
  thr: number,
  method: ThresholdMethod,
  out: Uint8Array = new Uint8Array(d.length),
  offset = 0,
): Uint8Array {
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    out[offset + i] = (method === "above"
        ? v > thr
        : method === "below"
        ? v < thr
        : method === "aboveequal"
        ? v >= thr
        : v <= thr)
      ? 1
      : 0;
  }
  return out;
}

/**
 * The intervals of `jitthreshold` from the pass flags `ix` of every sample: runs of passing
 * samples within each epoch, with boundaries halfway between samples.
 */
export function thresholdEpochs(
  t: Float64Array,
  ix: Uint8Array,
  starts: Float64Array,
  ends: Float64Array,
): { start: Float64Array; end: Float64Array } {
  const n = t.length;
  const s: number[] = [];
  const e: number[] = [];
  if (n === 0) return { start: new Float64Array(0), end: new Float64Array(0) };
  let k = 0;
  let i = 0;
  while (k < starts.length && t[i] < starts[k]) k++;
  if (ix[i]) s.push(t[i]);
  if (n === 1) {
    if (ix[i]) e.push(t[i]);
    return { start: Float64Array.from(s), end: Float64Array.from(e) };
  }
  i++;
  while (i < n - 1) {
    if (t[i] > ends[k]) {
      k++;
      if (ix[i - 1]) e.push(t[i - 1]);
      if (ix[i]) s.push(t[i]);
    } else {
      if (!ix[i - 1] && ix[i]) s.push(t[i] - (t[i] - t[i - 1]) / 2);
      if (ix[i - 1] && !ix[i]) e.push(t[i] - (t[i] - t[i - 1]) / 2);
    }
    i++;
  }
  if (ix[i] && ix[i - 1]) e.push(t[i]);
  if (ix[i] && !ix[i - 1]) {
    s.push(t[i] - (t[i] - t[i - 1]) / 2);
    e.push(t[i]);
  } else if (ix[i - 1] && !ix[i]) {
    e.push(t[i] - (t[i] - t[i - 1]) / 2);
  }
  return { start: Float64Array.from(s), end: Float64Array.from(e) };
}

/** How `valueFrom` matches a timestamp to the source samples. */
export type ValueFromMode = "closest" | "before" | "after";

/**
 * For each timestamp of `t` inside the epochs, the row of `target` matched within the same epoch
 * (-1 where none): a step-for-step port of pynapple's `jitvaluefrom`, so every tie and edge
 * case matches: "closest" (an exact distance tie goes to the later target), "before" (the last
 * target at or before), "after" (the first target at or after). Where an epoch has no target
 * before (after) a timestamp, pynapple's loop leaves the epoch's first (last) target matched,
 * and so does this. Returns the input rows and their target rows.
 */
export function closestIndices(
  t: Float64Array,
  target: Float64Array,
  starts: Float64Array,
  ends: Float64Array,
  mode: ValueFromMode = "closest",
): { rows: Int32Array; targets: Int32Array } {
  const inR = restrictRanges(t, starts, ends);
  const tgR = restrictRanges(target, starts, ends);
  let n = 0;
  for (const [a, b] of inR) n += b - a;
  const rows = new Int32Array(n);
  const targets = new Int32Array(n).fill(-1);
  const closest = mode === "closest";
  // pynapple's `nan_cond` outlives the loops that set it (a stale value decides epochs whose
  // inner loop never runs), so it is kept across timestamps and epochs here too
  let nanCond = false;
  let o = 0;
  for (let k = 0; k < inR.length; k++) {
    const [a, b] = inR[k];
    const [c, maxi] = tgR[k];
    for (let r = a; r < b; r++) rows[o + r - a] = r;
    if (b > a && maxi > c) {
      let i = c;
      for (let r = a; r < b; r++) {
        const x = t[r];
        let interval = closest ? Math.abs(target[i] - x) : target[i] - x;
        let idx = i;
        i++;
        while (i < maxi) {
          let newInterval: number;
          let breakCond: boolean;
          if (!closest) {
            newInterval = target[i] - x;
            breakCond = mode === "before"
              ? (newInterval > 0 && interval <= 0) || interval >= 0
              : interval >= 0;
            nanCond = mode === "before" ? interval > 0 : newInterval < 0;
          } else {
            newInterval = Math.abs(target[i] - x);
            breakCond = newInterval > interval;
            nanCond = false;
          }
          if (breakCond) {
            if (nanCond) idx = -1;
            break;
          }
          idx = i;
          interval = newInterval;
          i++;
        }
        if (i === maxi) {
          if (mode === "after") nanCond = target[i - 1] - x < 0;
          if (nanCond) idx = -1;
        }
        i--;
        targets[o + r - a] = idx;
      }
    }
    o += b - a;
  }
  return { rows, targets };
}
