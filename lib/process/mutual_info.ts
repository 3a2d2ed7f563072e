/**
 * Spatial information of tuning curves (pynapple 0.9.2 `compute_1d_mutual_info` and
 * `compute_2d_mutual_info`, after Skaggs et al. 1993), in bits per spike or bits per second.
 * @module
 */
import { NappleError } from "../errors.ts";
import { checkOptions, type OptionKeys } from "../options.ts";
import { NDArray } from "../array/ndarray.ts";
import type { IntervalSet } from "../core/interval_set.ts";
import type { BaseTsd, TsdFrame } from "../core/time_series.ts";
import { BATCH_KEYS, type BatchOptions, columnNanRange, forEachBatch } from "./batching.ts";
import { restrictRanges, type RowRange } from "../core/time_index.ts";
import { histogramBin, histogramInto, linspace } from "./numeric.ts";
import { pairwiseSum } from "../array/pairwise_sum.ts";
import { optionalEpochs, requireFeature1d, requireFeatures2d, sourceOf } from "./inputs.ts";
import { type Label, LabeledTable } from "./table.ts";
import type { TuningCurves2d } from "./tuning_curves.ts";

/** Options of the mutual-information functions. */
export interface MutualInfoOptions extends BatchOptions {
  /** Epochs the tuning curves were computed on (default: all of the feature). */
  ep?: IntervalSet;
  /** Bounds used for the tuning curves (1-D: `[min, max]`; 2-D: `[minx, maxx, miny, maxy]`). */
  minmax?: readonly number[];
  /** Return bits per second instead of bits per spike (default false). */
  bitssec?: boolean;
}

function isTuningCurves2d(x: unknown): x is TuningCurves2d<Label> {
  return typeof x === "object" && x !== null && !(x instanceof Map) &&
    !(x instanceof NDArray) && (x as TuningCurves2d<Label>).tc instanceof Map;
}

const MUTUAL_INFO_KEYS: OptionKeys<MutualInfoOptions> = {
  ...BATCH_KEYS,
  ep: true,
  minmax: true,
  bitssec: true,
};

function log2Clean(x: number): number {
  const l = Math.log2(x);
  // numpy: logfx[np.isinf(logfx)] = 0 (log of 0 and of inf)
  return l === Infinity || l === -Infinity ? 0 : l;
}

/**
 * Mutual information of 1-D tuning curves (bins × units; a LabeledTable from
 * `compute1dTuningCurves` or an NDArray) with the feature they were computed from. Returns a
 * table indexed by unit with one column `SI`.
 *
 * @example Spatial information of each unit, in bits per spike
 * ```ts
 * import * as nap from "jsr:@napple/napple";
 * const nwb = nap.loadFile("session.nwb");
 * const units = nwb.get("units", nap.TsGroup);
 * const position = nwb.get("position", nap.TsdFrame);
 * const x = position.column("x");
 * const tc = nap.compute1dTuningCurves(units, x, 20);
 * console.log(nap.compute1dMutualInfo(tc, x).toString());
 * ```
 */
export function compute1dMutualInfo(
  tc: LabeledTable | NDArray,
  feature: BaseTsd,
  options: MutualInfoOptions = {},
): LabeledTable {
  options = checkOptions(options, MUTUAL_INFO_KEYS, "compute1dMutualInfo");
  requireFeature1d(feature);
  let fx: Float64Array;
  let nb: number;
  let nu: number;
  let columns: Label[];
  if (tc instanceof LabeledTable) {
    [nb, nu] = tc.shape;
    fx = tc.values;
    columns = [...tc.columns];
  } else if (tc instanceof NDArray) {
    const a = tc.ndim === 1 ? tc.reshape([1, tc.size]) : tc;
    if (a.ndim !== 2) {
      throw new NappleError("SHAPE_MISMATCH", "tc should be 2-D (bins × units)", { key: "tc" });
    }
    [nb, nu] = a.shape;
    fx = Float64Array.from(a.data as ArrayLike<number>, Number);
    columns = Array.from({ length: tc.ndim === 1 ? tc.size : tc.shape[1] }, (_, i) => i);
  } else {
    throw new NappleError(
      "INVALID_ARGUMENT",
      "Argument tc should be of type pandas.DataFrame or numpy.ndarray",
      { key: "tc" },
    );
  }
  const src = sourceOf(feature);
  const all: RowRange[] = [[0, feature.length]];
  const [lo, hi] = options.minmax
    ? [options.minmax[0], options.minmax[1]]
    : columnNanRange(src, all, 0, options);
  const edges = linspace(lo, hi, nb + 1);
  const ep = optionalEpochs(options.ep);
  const occ = new Float64Array(nb);
  forEachBatch(
    src,
    ep ? restrictRanges(feature.t, ep.start, ep.end) : all,
    (d) => histogramInto(occ, edges, d),
    options,
    "occupancy",
  );
  const total = pairwiseSum(occ, 0, nb);
  for (let b = 0; b < nb; b++) occ[b] = occ[b] / total;
  const si = new Float64Array(nu);
  for (let u = 0; u < nu; u++) {
    // np.sum over axis 0 of (bins × units): rows added in order (pairwise for a single column)
    const prod = new Float64Array(nb);
    for (let b = 0; b < nb; b++) prod[b] = fx[b * nu + u] * occ[b];
    const fr = nu === 1 ? pairwiseSum(prod, 0, nb) : prod.reduce((a, x) => a + x, 0);
    const terms = new Float64Array(nb);
    for (let b = 0; b < nb; b++) {
      const f = fx[b * nu + u];
      terms[b] = occ[b] * f * log2Clean(f / fr);
    }
    const s = nu === 1 ? pairwiseSum(terms, 0, nb) : terms.reduce((a, x) => a + x, 0);
    si[u] = options.bitssec ? s : s / fr;
  }
  return new LabeledTable(columns, ["SI"], si);
}

/**
 * Mutual information of 2-D tuning curves with the 2-column features they were computed from:
 * what `compute2dTuningCurves` (or `compute2dTuningCurvesContinuous`) returns, its `tc` Map of
 * `nx × ny` arrays, or an NDArray `units × nx × ny`. Returns a table indexed by unit (or column)
 * with one column `SI` (NaNs ignored).
 *
 * @example Spatial information on the (x, y) plane
 * ```ts
 * import * as nap from "jsr:@napple/napple";
 * const nwb = nap.loadFile("session.nwb");
 * const units = nwb.get("units", nap.TsGroup);
 * const position = nwb.get("position", nap.TsdFrame);
 * const curves = nap.compute2dTuningCurves(units, position, 10);
 * console.log(nap.compute2dMutualInfo(curves, position).toString());
 * ```
 */
export function compute2dMutualInfo(
  dictTc: TuningCurves2d<Label> | Map<Label, NDArray> | NDArray,
  features: TsdFrame,
  options: MutualInfoOptions = {},
): LabeledTable {
  options = checkOptions(options, MUTUAL_INFO_KEYS, "compute2dMutualInfo");
  requireFeatures2d(features);
  let blocks: Float64Array[];
  let index: Label[];
  let nx: number;
  let ny: number;
  const curves = isTuningCurves2d(dictTc) ? dictTc.tc : dictTc;
  if (curves instanceof Map) {
    index = [...curves.keys()];
    const arrs = [...curves.values()];
    if (!arrs.length || arrs.some((a) => !(a instanceof NDArray) || a.ndim !== 2)) {
      throw new NappleError(
        "INVALID_ARGUMENT",
        "the tuning curves should be 2-D arrays (one per unit), as compute2dTuningCurves returns",
        { key: "dictTc" },
      );
    }
    [nx, ny] = arrs[0].shape;
    blocks = arrs.map((a) => Float64Array.from(a.data as ArrayLike<number>, Number));
  } else if (curves instanceof NDArray && curves.ndim === 3) {
    const [n, a, b] = curves.shape;
    nx = a;
    ny = b;
    index = Array.from({ length: n }, (_, i) => i);
    const d = Float64Array.from(curves.data as ArrayLike<number>, Number);
    blocks = index.map((_, i) => d.slice(i * a * b, (i + 1) * a * b));
  } else {
    throw new NappleError(
      "INVALID_ARGUMENT",
      "dictTc should be what compute2dTuningCurves returns ({ tc, xy }), its tc Map of 2-D " +
        "arrays, or a 3-D NDArray (units × nx × ny)",
      { key: "dictTc" },
    );
  }
  const src = sourceOf(features);
  const all: RowRange[] = [[0, features.length]];
  const mm = options.minmax;
  const nb = [nx, ny];
  const edges = [0, 1].map((i) => {
    const [lo, hi] = mm
      ? [mm[i + (i % 2)], mm[i + 1 + (i % 2)]]
      : columnNanRange(src, all, i, options);
    return linspace(lo, hi, nb[i] + 1);
  });
  const ep = optionalEpochs(options.ep);
  const size = nx * ny;
  const occ = new Float64Array(size);
  forEachBatch(
    src,
    ep ? restrictRanges(features.t, ep.start, ep.end) : all,
    (d, _f, count) => {
      for (let r = 0; r < count; r++) {
        const i = histogramBin(edges[0], d[2 * r]);
        const j = histogramBin(edges[1], d[2 * r + 1]);
        if (i >= 0 && j >= 0) occ[i * ny + j]++;
      }
    },
    options,
    "occupancy",
  );
  const total = pairwiseSum(occ, 0, size);
  for (let b = 0; b < size; b++) occ[b] = occ[b] / total;
  const si = new Float64Array(blocks.length);
  blocks.forEach((fx, u) => {
    const prod = new Float64Array(size);
    for (let b = 0; b < size; b++) {
      const p = fx[b] * occ[b];
      prod[b] = Number.isNaN(p) ? 0 : p;
    }
    const fr = pairwiseSum(prod, 0, size);
    const terms = new Float64Array(size);
    for (let b = 0; b < size; b++) {
      const t = occ[b] * fx[b] * log2Clean(fx[b] / fr);
      terms[b] = Number.isNaN(t) ? 0 : t;
    }
    const s = pairwiseSum(terms, 0, size);
    si[u] = options.bitssec ? s : s / fr;
  });
  return new LabeledTable(index, ["SI"], si);
}
