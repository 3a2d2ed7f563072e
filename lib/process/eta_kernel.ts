/**
 * The event-triggered-average loop of pynapple 0.9.2 (`_jitperievent_trigger_average`), ported
 * step for step, with the feature values read through a {@linkcode RowWindow} so lazy features
 * stream in bounded batches. The loop walks feature rows forward only, so each batch is read once.
 * @module
 */
import { roundTime } from "../core/time_index.ts";
import type { RowWindow } from "./batching.ts";

/**
 * Spike counts of N units in T bins, compressed by bin (CSR): bin `b` holds entries
 * `rowPtr[b] .. rowPtr[b + 1]` of `units` / `counts`. Most bins of most units are empty, so this
 * is far smaller than pynapple's dense T × N count matrix.
 */
export interface SparseCounts {
  /** Entry offsets per bin (length T + 1). */
  rowPtr: Int32Array;
  /** Unit position of each entry. */
  units: Int32Array;
  /** Count of each entry (> 0). */
  counts: Int32Array;
}

/** Inputs of {@linkcode etaKernel}, in pynapple's naming. */
export interface EtaInput {
  /** Left edges of the count bins (rounded), length T. */
  binLeft: Float64Array;
  /** Spike counts per bin, sparse (only non-zero counts are stored). */
  counts: SparseCounts;
  /** Number of units N. */
  nUnits: number;
  /** Feature times restricted to the epochs (concatenated). */
  featureTimes: Float64Array;
  /** Feature samples per epoch (restricted). */
  featurePerEpoch: Int32Array;
  /** Feature values, virtual rows aligned with `featureTimes`. */
  values: RowWindow;
  /** Epoch ends. */
  ends: ArrayLike<number>;
  /** Bins before / after the event. */
  windows: readonly [number, number];
  /** Bin size in seconds. */
  binSize: number;
  /** Called with the number of bins processed so far (for progress). */
  onBins?: (done: number) => void;
}

/** Returns the ETA as row-major `(w0 + w1 + 1) × N × F` (F = elements per feature row). */
export function etaKernel(inp: EtaInput): Float64Array {
  const steps = etaSteps(inp);
  let r = steps.next();
  while (!r.done) r = steps.next();
  return r.value;
}

/**
 * {@linkcode etaKernel} as a generator that pauses after each new batch of a lazy feature is
 * read, so an async caller can let the event loop run (progress output, responsiveness).
 */
export function* etaSteps(inp: EtaInput): Generator<void, Float64Array, void> {
  const { binLeft, counts, nUnits: N, featureTimes: tt, values, ends, binSize } = inp;
  const [w0, w1] = inp.windows;
  const W = w0 + w1 + 1;
  const F = values.rowSize;
  const T = binLeft.length;
  const out = new Float64Array(W * N * F);
  const hankel = new Float64Array(W * F);
  const v = new Float64Array(F);
  let nonFinite = false;

  const { rowPtr, units, counts: cnt } = counts;
  const dense = new Float64Array(N);
  const addUnit = (n: number, c: number): void => {
    for (let r = 0; r < W; r++) {
      const o = (r * N + n) * F;
      const h = r * F;
      for (let f = 0; f < F; f++) out[o + f] += hankel[h + f] * c;
    }
  };
  const add = (row: number): void => {
    if (!nonFinite) {
      // zero counts add nothing (hankel * 0 = 0)...
      for (let p = rowPtr[row]; p < rowPtr[row + 1]; p++) addUnit(units[p], cnt[p]);
      return;
    }
    // ...unless hankel holds an infinity (inf * 0 = NaN): then every unit, as pynapple does.
    dense.fill(0);
    for (let p = rowPtr[row]; p < rowPtr[row + 1]; p++) dense[units[p]] = cnt[p];
    for (let n = 0; n < N; n++) addUnit(n, dense[n]);
  };
  const shift = (): void => {
    hankel.copyWithin(0, F);
    hankel.fill(0, (W - 1) * F);
  };

  let t = 0;
  let iStart = 0;
  let maxi = 0;
  for (let k = 0; k < inp.featurePerEpoch.length; k++) {
    const cnt = inp.featurePerEpoch[k];
    maxi += cnt;
    if (cnt <= 0) continue;
    const tStart = t;
    let i = maxi - cnt;
    while (t < T) {
      const lbound = binLeft[t];
      const rbound = roundTime(lbound + binSize);
      if (tt[i] < rbound) {
        iStart = i;
        let iStop = i;
        while (iStop < maxi && tt[iStop] < rbound) iStop++;
        while (iStart < iStop - 1 && tt[iStart] < lbound) iStart++;
        const m = iStop - iStart;
        if (values.ensure(iStart, iStop) && values.lazy) yield;
        const d = values.data;
        const off = (iStart - values.base) * F;
        // numba's np.sum(axis=0) adds rows in order (no pairwise summation).
        v.fill(0);
        for (let r = 0; r < m; r++) {
          const o = off + r * F;
          for (let f = 0; f < F; f++) v[f] += d[o + f];
        }
        for (let f = 0; f < F; f++) v[f] /= m;
        let check = 0;
        for (let f = 0; f < F; f++) check += v[f];
        if (!Number.isNaN(check)) {
          hankel.set(v, (W - 1) * F);
          if (!Number.isFinite(check)) nonFinite = true;
        }
      }
      if (t - tStart >= w1) add(t - w1);
      shift();
      t++;
      i = iStart;
      if (t === T || binLeft[t] > ends[k]) {
        if (t - tStart > w1) {
          for (let j = 0; j < w1; j++) {
            add(t - w1 + j);
            shift();
          }
        }
        hankel.fill(0);
        break;
      }
      if ((t & 0xfff) === 0) inp.onBins?.(t);
    }
  }

  const total = new Float64Array(N);
  for (let p = 0; p < units.length; p++) total[units[p]] += cnt[p];
  for (let n = 0; n < N; n++) {
    if (total[n] > 0) {
      for (let r = 0; r < W; r++) {
        const o = (r * N + n) * F;
        for (let f = 0; f < F; f++) out[o + f] /= total[n];
      }
    }
  }
  return out;
}
