/**
 * Time alignment kernels shared by the analysis functions, ported from pynapple 0.9.2's jitted
 * helpers: restriction with per-epoch counts, nearest-sample lookup (`value_from`) and spike
 * counting in bins (`count`). They work on timestamps only, which are always in memory.
 * @module
 */
import { restrictRanges, roundTime, type RowRange } from "../core/time_index.ts";

export type { RowRange };

/** Row ranges of `t` inside each epoch, both ends inclusive (pynapple's `jitrestrict`). */
export function epochRanges(
  t: Float64Array,
  starts: ArrayLike<number>,
  ends: ArrayLike<number>,
): RowRange[] {
  return restrictRanges(t, starts, ends);
}

/**
 * For each time of `t` inside the epochs, the source row of the nearest `target` time in the
 * same epoch (ties go to the later sample), or -1 when that epoch has no target sample: pynapple's
 * `jitvaluefrom`. Returns the restricted rows of `t` (as ranges) and one index per such row.
 */
export function nearestRows(
  t: Float64Array,
  target: Float64Array,
  starts: ArrayLike<number>,
  ends: ArrayLike<number>,
): { ranges: RowRange[]; rows: Int32Array } {
  const tr = epochRanges(t, starts, ends);
  const gr = epochRanges(target, starts, ends);
  let n = 0;
  for (const [s, e] of tr) n += e - s;
  const rows = new Int32Array(n).fill(-1);
  let out = 0;
  for (let k = 0; k < tr.length; k++) {
    const [ts, te] = tr[k];
    const [gs, ge] = gr[k];
    if (te > ts && ge > gs) {
      let i = gs;
      for (let q = ts; q < te; q++) {
        const x = t[q];
        let interval = Math.abs(x - target[i]);
        let best = i;
        i++;
        while (i < ge) {
          const d = Math.abs(x - target[i]);
          if (d > interval) break;
          best = i;
          interval = d;
          i++;
        }
        i = best;
        rows[out + q - ts] = best;
      }
    }
    out += te - ts;
  }
  return { ranges: tr, rows };
}

/** Bin centres of pynapple's `count(bin_size, ep)` over the epochs (not yet rounded). */
export interface Bins {
  /** Bin centres (unrounded, as the jitted loop computes them). */
  centers: Float64Array;
  /** Index of the first bin of each epoch, plus the total at the end. */
  epochOffsets: Int32Array;
}

/** Number of bins pynapple allots to an epoch before trimming. */
function binsFor(start: number, end: number, binSize: number): number {
  return end - start > binSize ? Math.ceil((end + binSize - start) / binSize) : 1;
}

/** The bins of pynapple's `jitcount` for epochs `starts`/`ends` and `binSize` seconds. */
export function countBins(
  starts: ArrayLike<number>,
  ends: ArrayLike<number>,
  binSize: number,
): Bins {
  const centers: number[] = [];
  const offsets = new Int32Array(starts.length + 1);
  for (let k = 0; k < starts.length; k++) {
    offsets[k] = centers.length;
    const nb = binsFor(starts[k], ends[k], binSize);
    let lbound = starts[k];
    for (let b = 0; b < nb; b++) {
      const xpos = lbound + binSize / 2;
      if (xpos > ends[k]) break;
      centers.push(xpos);
      lbound = roundTime(lbound + binSize);
    }
  }
  offsets[starts.length] = centers.length;
  return { centers: Float64Array.from(centers), epochOffsets: offsets };
}

/**
 * Adds the spike counts of sorted times `t` in `bins` (pynapple's `jitcount`: bins are
 * `[lbound, round(lbound + binSize, 9))`, spikes after the last bin of an epoch are dropped)
 * into column `col` of the row-major `out` (`bins × ncols`).
 */
export function countInto(
  out: Float64Array | Int32Array,
  col: number,
  ncols: number,
  t: Float64Array,
  starts: ArrayLike<number>,
  ends: ArrayLike<number>,
  binSize: number,
  bins: Bins,
): void {
  const ranges = epochRanges(t, starts, ends);
  for (let k = 0; k < starts.length; k++) {
    let s = ranges[k][0];
    const e = ranges[k][1];
    let lbound = starts[k];
    for (let b = bins.epochOffsets[k]; b < bins.epochOffsets[k + 1]; b++) {
      const rbound = roundTime(lbound + binSize);
      let c = 0;
      while (s < e && t[s] < rbound) {
        c++;
        s++;
      }
      out[b * ncols + col] += c;
      lbound = roundTime(lbound + binSize);
    }
  }
}
