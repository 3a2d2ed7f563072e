/**
 * The event-triggered-average loop of pynapple 0.9.2 (`_jitperievent_trigger_average`), ported
 * step for step, with the feature values read through a {@linkcode RowWindow} so lazy features
 * stream in bounded batches. The loop walks feature rows forward only, so each batch is read once.
 * @module
 */
import { roundTime } from "../core/time_index.ts";
import type { RowWindow } from "./batching.ts";

/** Inputs of {@linkcode etaKernel}, in pynapple's naming. */
export interface EtaInput {
  /** Left edges of the count bins (rounded), length T. */
  binLeft: Float64Array;
  /** Spike counts, row-major T × N. */
  counts: Int32Array;
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

  const add = (row: number): void => {
    const base = row * N;
    for (let n = 0; n < N; n++) {
      const c = counts[base + n];
      // Adding hankel * 0 changes nothing unless hankel holds an infinity (inf * 0 = NaN).
      if (c === 0 && !nonFinite) continue;
      for (let r = 0; r < W; r++) {
        const o = (r * N + n) * F;
        const h = r * F;
        for (let f = 0; f < F; f++) out[o + f] += hankel[h + f] * c;
      }
    }
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
  for (let r = 0; r < T; r++) for (let n = 0; n < N; n++) total[n] += counts[r * N + n];
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
