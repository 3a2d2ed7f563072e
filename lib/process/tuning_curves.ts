/**
 * Tuning curves (pynapple 0.9.2 `process/tuning_curves.py`): firing rate of each unit as a
 * function of a 1-D or 2-D feature, discrete per-epoch rates, and the `_continuous` variants for
 * continuous activity. Feature and activity values stream in batches when they are lazy.
 * @module
 */
import { NappleError } from "../errors.ts";
import { checkOptions, type OptionKeys } from "../options.ts";
import type { TsGroup } from "../core/ts_group.ts";
import { NDArray } from "../array/ndarray.ts";
import { IntervalSet } from "../core/interval_set.ts";
import { BaseTsd, TsdFrame } from "../core/time_series.ts";
import { gatherRanges, restrictRanges, type RowRange } from "../core/time_index.ts";
import {
  BATCH_KEYS,
  type BatchOptions,
  columnNanRange,
  forEachBatch,
  type RowSource,
} from "./batching.ts";
import { nearestRows } from "./align.ts";
import { binCenters, digitizeMinusOne, histogramBin, histogramInto, linspace } from "./numeric.ts";
import {
  optionalEpochs,
  requireBins,
  requireFeature1d,
  requireFeatures2d,
  requireGroup,
  sourceOf,
  unitsOf,
} from "./inputs.ts";
import { LabeledTable } from "./table.ts";

/** Options of the 1-D tuning-curve functions. */
export interface TuningOptions extends BatchOptions {
  /** Epochs to compute on (default: the feature's time support). */
  ep?: IntervalSet;
  /** Bounds of the bins `[min, max]` (default: the feature's nanmin and nanmax). */
  minmax?: readonly [number, number];
}

/** Options of the 2-D tuning-curve functions. */
export interface Tuning2dOptions extends BatchOptions {
  /** Epochs to compute on (default: the features' time support). */
  ep?: IntervalSet;
  /** Bounds `[minx, maxx, miny, maxy]` (default: nanmin/nanmax of each feature column). */
  minmax?: readonly [number, number, number, number];
}

const TUNING_KEYS: OptionKeys<TuningOptions> = { ...BATCH_KEYS, ep: true, minmax: true };
const TUNING_2D_KEYS: OptionKeys<Tuning2dOptions> = TUNING_KEYS;

/** 2-D tuning curves: one `nbBins[0] × nbBins[1]` array per unit (or column), and bin centres. */
export interface TuningCurves2d<K> {
  /** Tuning curve of each unit (TsGroup key) or column (TsdFrame label). */
  tc: Map<K, NDArray>;
  /** Bin centres along the first and second feature. */
  xy: [Float64Array, Float64Array];
}

/**
 * The activity rows inside `fep`, and for each the feature row nearest in time within the same
 * epoch (-1 when that epoch has no feature sample): pynapple's `tsdframe.value_from(feature, ep)`
 * on timestamps only, so the activity values can then be streamed.
 */
function alignActivity(
  tsdframe: BaseTsd,
  featureTimes: Float64Array,
  fep: IntervalSet,
): { aRanges: RowRange[]; near: Int32Array } {
  const aRanges = restrictRanges(tsdframe.t, fep.start, fep.end);
  const at = gatherRanges(tsdframe.t, aRanges);
  return { aRanges, near: nearestRows(at, featureTimes, fep.start, fep.end).rows };
}

function allRows(n: number): RowRange[] {
  return [[0, n]];
}

function checkMinmax(minmax: readonly number[] | undefined, n: number): void {
  if (minmax === undefined) return;
  if (!Array.isArray(minmax) || minmax.length !== n || minmax.some((x) => typeof x !== "number")) {
    throw new NappleError("INVALID_ARGUMENT", `minmax should be of length ${n}.`, {
      key: "minmax",
    });
  }
}

/**
 * Calls `fn(unit, spike position, row data, offset)` for every spike of every unit whose nearest
 * feature row is known, reading the feature rows in batches when they are lazy. `rows[u]` holds
 * one source row (or -1) per spike, non-decreasing apart from the -1s.
 */
function visitRows(
  src: RowSource,
  rows: readonly Int32Array[],
  fn: (u: number, p: number, data: Float64Array, offset: number) => void,
  options: BatchOptions,
): void {
  let lo = Infinity;
  let hi = -1;
  for (const r of rows) {
    for (let i = 0; i < r.length; i++) {
      if (r[i] < 0) continue;
      if (r[i] < lo) lo = r[i];
      if (r[i] > hi) hi = r[i];
    }
  }
  if (hi < 0) return;
  const ptr = new Int32Array(rows.length);
  forEachBatch(
    src,
    [[lo, hi + 1]],
    (data, first, count) => {
      const rowSize = count ? data.length / count : 1;
      const a = lo + first;
      const b = a + count;
      for (let u = 0; u < rows.length; u++) {
        const r = rows[u];
        let p = ptr[u];
        while (p < r.length && (r[p] < 0 || r[p] < b)) {
          if (r[p] >= a) fn(u, p, data, (r[p] - a) * rowSize);
          p++;
        }
        ptr[u] = p;
      }
    },
    options,
    "feature values",
  );
}

/**
 * Firing rate of each unit during each set of epochs (pynapple `compute_discrete_tuning_curves`):
 * rows are the dictionary keys (sorted), columns the unit keys.
 *
 * @example Firing rate in each condition
 * ```ts
 * import * as nap from "jsr:@napple/napple";
 * const nwb = nap.loadFile("session.nwb");
 * const units = nwb.get("units", nap.TsGroup);
 * const epochs = nwb.get("epochs", nap.IntervalSet);
 * const wake = epochs.at(0);
 * const tc = nap.computeDiscreteTuningCurves(units, { wake, rest: epochs.setDiff(wake) });
 * console.log(tc.toString());
 * ```
 */
export function computeDiscreteTuningCurves(
  group: TsGroup,
  dictEp: Record<string, IntervalSet> | Map<string | number, IntervalSet>,
): LabeledTable {
  requireGroup(group);
  if (typeof dictEp !== "object" || dictEp === null) {
    throw new NappleError("INVALID_ARGUMENT", "dict_ep should be a dictionary of IntervalSet", {
      key: "dictEp",
    });
  }
  const raw: Array<[string | number, unknown]> = dictEp instanceof Map
    ? [...dictEp.entries()]
    : Object.entries(dictEp);
  for (const [k, v] of raw) {
    if (!(v instanceof IntervalSet)) {
      throw new NappleError(
        "INVALID_ARGUMENT",
        "dict_ep argument should contain only IntervalSet.",
        { key: String(k) },
      );
    }
  }
  // numpy sorts the keys: numerically when they are all numbers (a JS record's keys "0", "1"...
  // count as numbers, as Python int keys would be), otherwise by code point.
  const numeric = raw.length > 0 &&
    raw.every(([k]) => typeof k === "number" || String(Number(k)) === k);
  const entries = raw.map(([k, v]) => [numeric ? Number(k) : String(k), v as IntervalSet] as const);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const units = unitsOf(group);
  const out = new Float64Array(entries.length * units.length);
  entries.forEach(([, ep], i) => {
    const len = ep.totLength();
    units.forEach(([, t], j) => {
      let n = 0;
      for (const [s, e] of restrictRanges(t, ep.start, ep.end)) n += e - s;
      out[i * units.length + j] = n / len;
    });
  });
  return new LabeledTable(entries.map(([k]) => k), units.map(([k]) => k), out);
}

/**
 * Firing rate of each unit as a function of a 1-D feature (pynapple `compute_1d_tuning_curves`):
 * spike counts per feature bin (each spike takes the value of the nearest feature sample) divided
 * by the feature's occupancy of that bin, times the feature's sampling rate. Rows are bin
 * centres, columns unit keys; unvisited bins give NaN, as in pynapple 0.9.2.
 *
 * @example Place fields: firing rate against position x
 * ```ts
 * import * as nap from "jsr:@napple/napple";
 * const nwb = nap.loadFile("session.nwb");
 * const units = nwb.get("units", nap.TsGroup);
 * const position = nwb.get("position", nap.TsdFrame);
 * const tc = nap.compute1dTuningCurves(units, position.column("x"), 20);
 * console.log(tc.toString()); // bins × units, like pynapple's DataFrame
 * ```
 */
export function compute1dTuningCurves(
  group: TsGroup,
  feature: BaseTsd,
  nbBins: number,
  options: TuningOptions = {},
): LabeledTable {
  options = checkOptions(options, TUNING_KEYS, "compute1dTuningCurves");
  requireGroup(group);
  requireFeature1d(feature);
  requireBins(nbBins);
  checkMinmax(options.minmax, 2);
  const ep = optionalEpochs(options.ep) ?? feature.timeSupport;
  const src = sourceOf(feature);
  const [lo, hi] = options.minmax ?? columnNanRange(src, allRows(feature.length), 0, options);
  const edges = linspace(lo, hi, nbBins + 1);
  const occupancy = new Float64Array(nbBins);
  forEachBatch(
    src,
    restrictRanges(feature.t, ep.start, ep.end),
    (d) => histogramInto(occupancy, edges, d),
    options,
    "occupancy",
  );
  const units = unitsOf(group);
  const rows = units.map(([, t]) => nearestRows(t, feature.t, ep.start, ep.end).rows);
  const nu = units.length;
  const counts = new Float64Array(nbBins * nu);
  visitRows(src, rows, (u, _p, data, off) => {
    const j = histogramBin(edges, data[off]);
    if (j >= 0) counts[j * nu + u]++;
  }, options);
  const rate = feature.rate;
  for (let b = 0; b < nbBins; b++) {
    for (let u = 0; u < nu; u++) counts[b * nu + u] = (counts[b * nu + u] / occupancy[b]) * rate;
  }
  return new LabeledTable(Array.from(binCenters(edges)), units.map(([k]) => k), counts, {
    floatIndex: true,
  });
}

function nbBins2(nbBins: number | readonly [number, number]): [number, number] {
  if (typeof nbBins === "number") {
    requireBins(nbBins);
    return [nbBins, nbBins];
  }
  if (!Array.isArray(nbBins) || nbBins.length !== 2) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      "nb_bins should be of type int (or tuple with (int, int) for 2D tuning curves).",
      { key: "nbBins" },
    );
  }
  return [requireBins(nbBins[0]), requireBins(nbBins[1])];
}

/** Edges of the two features: from `minmax` (minx, maxx, miny, maxy) or nanmin/nanmax. */
function edges2d(
  src: RowSource,
  ranges: readonly RowRange[],
  nb: [number, number],
  minmax: readonly number[] | undefined,
  options: BatchOptions,
): [Float64Array, Float64Array] {
  const out: Float64Array[] = [];
  for (let i = 0; i < 2; i++) {
    const [lo, hi] = minmax
      ? [minmax[i + (i % 2)], minmax[i + 1 + (i % 2)]]
      : columnNanRange(src, ranges, i, options);
    out.push(linspace(lo, hi, nb[i] + 1));
  }
  return [out[0], out[1]];
}

function bin2d(ex: Float64Array, ey: Float64Array, x: number, y: number): number {
  const i = histogramBin(ex, x);
  const j = histogramBin(ey, y);
  return i < 0 || j < 0 ? -1 : i * (ey.length - 1) + j;
}

/**
 * Firing rate of each unit as a function of a 2-D feature (pynapple `compute_2d_tuning_curves`):
 * one `nb × nb` array per unit (counts over occupancy times the sampling rate; unvisited bins
 * NaN) and the bin centres of each feature.
 *
 * @example Firing rate over the (x, y) plane
 * ```ts
 * import * as nap from "jsr:@napple/napple";
 * const nwb = nap.loadFile("session.nwb");
 * const units = nwb.get("units", nap.TsGroup);
 * const position = nwb.get("position", nap.TsdFrame);
 * const { tc, xy } = nap.compute2dTuningCurves(units, position, [12, 12]);
 * console.log(tc.get(0)?.shape, xy[0].length);
 * ```
 */
export function compute2dTuningCurves(
  group: TsGroup,
  features: TsdFrame,
  nbBins: number | readonly [number, number],
  options: Tuning2dOptions = {},
): TuningCurves2d<number> {
  options = checkOptions(options, TUNING_2D_KEYS, "compute2dTuningCurves");
  requireGroup(group);
  requireFeatures2d(features);
  checkMinmax(options.minmax, 4);
  const nb = nbBins2(nbBins);
  const given = optionalEpochs(options.ep);
  const ep = given ?? features.timeSupport;
  const src = sourceOf(features);
  // pynapple restricts the features to `ep` when one is given (bins and rate follow).
  const ranges = given ? restrictRanges(features.t, ep.start, ep.end) : allRows(features.length);
  let kept = 0;
  for (const [s, e] of ranges) kept += e - s;
  const rate = given ? kept / ep.totLength() : features.rate;
  const [ex, ey] = edges2d(src, ranges, nb, options.minmax, options);
  const size = nb[0] * nb[1];
  const occupancy = new Float64Array(size);
  forEachBatch(
    src,
    ranges,
    (d, _f, count) => {
      for (let r = 0; r < count; r++) {
        const b = bin2d(ex, ey, d[2 * r], d[2 * r + 1]);
        if (b >= 0) occupancy[b]++;
      }
    },
    options,
    "occupancy",
  );
  const units = unitsOf(group);
  const rows = units.map(([, t]) => nearestRows(t, features.t, ep.start, ep.end).rows);
  const counts = units.map(() => new Float64Array(size));
  visitRows(src, rows, (u, _p, data, off) => {
    const b = bin2d(ex, ey, data[off], data[off + 1]);
    if (b >= 0) counts[u][b]++;
  }, options);
  const tc = new Map<number, NDArray>();
  units.forEach(([k], u) => {
    const c = counts[u];
    for (let b = 0; b < size; b++) c[b] = (c[b] / occupancy[b]) * rate;
    tc.set(k, new NDArray(c, nb, "float64"));
  });
  return { tc, xy: [binCenters(ex), binCenters(ey)] };
}

/** The columns of a Tsd (one column, label 0) or TsdFrame. */
function columnsOf(x: BaseTsd): Array<string | number> {
  return x instanceof TsdFrame ? [...x.columns] : [0];
}

function requireActivity(x: unknown): BaseTsd {
  if (!(x instanceof BaseTsd) || x.shape.length > 2) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      "Argument tsdframe should be of type Tsd or TsdFrame.",
      {
        key: "tsdframe",
      },
    );
  }
  return x;
}

/** Values of `cols` of a series over `ranges`, read into memory (features are small). */
function readColumns(src: RowSource, ranges: readonly RowRange[], options: BatchOptions): {
  data: Float64Array;
  rowSize: number;
} {
  let n = 0;
  for (const [s, e] of ranges) n += e - s;
  const rowSize = src.shape.slice(1).reduce((a, b) => a * b, 1);
  const data = new Float64Array(n * rowSize);
  forEachBatch(src, ranges, (d, first) => data.set(d, first * rowSize), options, "feature");
  return { data, rowSize };
}

/**
 * The feature rows the continuous tuning curves use: inside `ep` when given (the feature's
 * support then becomes `ep`), else all of them on the feature's support.
 */
function featureRows(
  feature: BaseTsd,
  ep: IntervalSet | undefined,
): { fep: IntervalSet; fRanges: RowRange[]; fsrc: RowSource } {
  const given = optionalEpochs(ep);
  const fep = given ?? feature.timeSupport;
  const fRanges = given ? restrictRanges(feature.t, fep.start, fep.end) : allRows(feature.length);
  return { fep, fRanges, fsrc: sourceOf(feature) };
}

/**
 * Mean of each activity column per feature bin (bins × columns, row-major): every activity row
 * takes the bin (`bins`, -1 for none) of the feature row nearest in time within its epoch, as
 * pynapple's `value_from`. Bins the feature never visits (`occupancy` 0) are NaN, visited bins
 * without activity 0. Activity is streamed in batches.
 */
function meanActivityPerBin(
  tsdframe: BaseTsd,
  feature: BaseTsd,
  fRanges: readonly RowRange[],
  fep: IntervalSet,
  bins: Int32Array,
  occupancy: Float64Array,
  options: BatchOptions,
): { cols: Array<string | number>; means: Float64Array } {
  const nBins = occupancy.length;
  const { aRanges, near } = alignActivity(tsdframe, gatherRanges(feature.t, fRanges), fep);
  const cols = columnsOf(tsdframe);
  const nc = cols.length;
  const means = new Float64Array(nBins * nc);
  const n = new Float64Array(nBins);
  forEachBatch(
    sourceOf(tsdframe),
    aRanges,
    (d, first, count) => {
      for (let r = 0; r < count; r++) {
        const row = near[first + r];
        const b = row < 0 ? -1 : bins[row];
        if (b < 0) continue;
        n[b]++;
        for (let c = 0; c < nc; c++) means[b * nc + c] += d[r * nc + c];
      }
    },
    options,
    "activity",
  );
  for (let b = 0; b < nBins; b++) {
    for (let c = 0; c < nc; c++) {
      const m = n[b] ? means[b * nc + c] / n[b] : NaN;
      means[b * nc + c] = occupancy[b] === 0 ? NaN : Number.isNaN(m) ? 0 : m;
    }
  }
  return { cols, means };
}

/**
 * Mean activity of continuous data per feature bin (pynapple
 * `compute_1d_tuning_curves_continuous`): each activity sample takes the bin of the nearest
 * feature sample; bins the feature never visits are NaN, visited bins without activity 0.
 *
 * @example Mean of continuous signals per position bin
 * ```ts
 * import * as nap from "jsr:@napple/napple";
 * const nwb = nap.loadFile("session.nwb");
 * const units = nwb.get("units", nap.TsGroup);
 * const position = nwb.get("position", nap.TsdFrame);
 * const rates = units.count(0.1); // a TsdFrame of spike counts
 * const tc = nap.compute1dTuningCurvesContinuous(rates, position.column("x"), 20);
 * console.log(tc.toString());
 * ```
 */
export function compute1dTuningCurvesContinuous(
  tsdframe: BaseTsd,
  feature: BaseTsd,
  nbBins: number,
  options: TuningOptions = {},
): LabeledTable {
  options = checkOptions(options, TUNING_KEYS, "compute1dTuningCurvesContinuous");
  requireActivity(tsdframe);
  requireFeature1d(feature);
  requireBins(nbBins);
  checkMinmax(options.minmax, 2);
  const { fep, fRanges, fsrc } = featureRows(feature, options.ep);
  const [lo, hi] = options.minmax ?? columnNanRange(fsrc, fRanges, 0, options);
  const edges = linspace(lo, hi, nbBins + 1);
  const f = readColumns(fsrc, fRanges, options);
  const occupancy = new Float64Array(nbBins);
  histogramInto(occupancy, edges, f.data);
  const bins = Int32Array.from(f.data, (v) => {
    const b = digitizeMinusOne(edges, v);
    return b < nbBins ? b : -1;
  });
  const { cols, means } = meanActivityPerBin(
    tsdframe,
    feature,
    fRanges,
    fep,
    bins,
    occupancy,
    options,
  );
  return new LabeledTable(Array.from(binCenters(edges)), cols, means, { floatIndex: true });
}

/**
 * Mean activity of continuous data per 2-D feature bin (pynapple
 * `compute_2d_tuning_curves_continuous`): one `nb × nb` array per activity column, NaN where the
 * features never go, and the bin centres of each feature.
 *
 * @example Mean of continuous signals per (x, y) bin
 * ```ts
 * import * as nap from "jsr:@napple/napple";
 * const nwb = nap.loadFile("session.nwb");
 * const units = nwb.get("units", nap.TsGroup);
 * const position = nwb.get("position", nap.TsdFrame);
 * const rates = units.count(0.1);
 * const { tc } = nap.compute2dTuningCurvesContinuous(rates, position, 10);
 * console.log(tc.size);
 * ```
 */
export function compute2dTuningCurvesContinuous(
  tsdframe: BaseTsd,
  features: TsdFrame,
  nbBins: number | readonly [number, number],
  options: Tuning2dOptions = {},
): TuningCurves2d<string | number> {
  options = checkOptions(options, TUNING_2D_KEYS, "compute2dTuningCurvesContinuous");
  requireActivity(tsdframe);
  requireFeatures2d(features);
  checkMinmax(options.minmax, 4);
  const nb = nbBins2(nbBins);
  const { fep, fRanges, fsrc } = featureRows(features, options.ep);
  const [ex, ey] = edges2d(fsrc, fRanges, nb, options.minmax, options);
  const f = readColumns(fsrc, fRanges, options);
  const nf = f.data.length / 2;
  const size = nb[0] * nb[1];
  const occupancy = new Float64Array(size);
  const bins = new Int32Array(nf);
  for (let r = 0; r < nf; r++) {
    const x = f.data[2 * r];
    const y = f.data[2 * r + 1];
    const b = bin2d(ex, ey, x, y);
    if (b >= 0) occupancy[b]++;
    // activity is binned with digitize (right edges excluded), occupancy with histogram2d
    const i = digitizeMinusOne(ex, x);
    const j = digitizeMinusOne(ey, y);
    bins[r] = i < 0 || i >= nb[0] || j < 0 || j >= nb[1] ? -1 : i * nb[1] + j;
  }
  // value_from(features[:, i], ep): with no ep given, pynapple passes None and the features'
  // time support is used.
  const { cols, means } = meanActivityPerBin(
    tsdframe,
    features,
    fRanges,
    fep,
    bins,
    occupancy,
    options,
  );
  const tc = new Map<string | number, NDArray>();
  cols.forEach((label, c) => {
    const out = Float64Array.from({ length: size }, (_, b) => means[b * cols.length + c]);
    tc.set(label, new NDArray(out, nb, "float64"));
  });
  return { tc, xy: [binCenters(ex), binCenters(ey)] };
}
