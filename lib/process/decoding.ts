/**
 * Bayesian decoding from tuning curves (pynapple 0.9.2 `process/decoding.py`, after Zhang et
 * al. 1998): for each time bin, `P(x | n) ∝ P(x) · Π_u tc_u(x)^n_u · exp(-τ Σ_u tc_u(x))` with
 * Poisson spike counts `n_u` in bins of `τ`.
 *
 * napple evaluates the product as a sum of logarithms over the units that fired, then
 * normalises, which gives pynapple's probabilities (to ~1e-13) in a fraction of the time and
 * memory, and stays finite where pynapple's direct product underflows to 0/0 (NaN). Unvisited
 * bins (NaN tuning-curve values) are skipped in the sum and product, as pynapple's 2-D decoder
 * does (see docs/differences.md for the 1-D case).
 * @module
 */
import { NappleError } from "../errors.ts";
import { checkOptions, type OptionKeys } from "../options.ts";
import { NDArray } from "../array/ndarray.ts";
import { IntervalSet } from "../core/interval_set.ts";
import { type Ts, Tsd, TsdFrame, TsdTensor } from "../core/time_series.ts";
import { TsGroup } from "../core/ts_group.ts";
import { checkTimeUnits, restrictRanges, type TimeUnits, toSeconds } from "../core/time_index.ts";
import { type BinGrid, binGrid } from "../core/series_kernels.ts";
import { histogramBin } from "./numeric.ts";
import { sourceOf } from "./inputs.ts";
import { forEachBatch } from "./batching.ts";
import type { LabeledTable } from "./table.ts";
import type { TuningCurves2d } from "./tuning_curves.ts";

/** What the decoders accept as spiking activity. */
export type DecodingGroup = TsGroup | TsdFrame | Map<number, Ts>;

/** Options of {@linkcode decode1d}. */
export interface Decode1dOptions {
  /** Units of `binSize` (default seconds). */
  timeUnits?: TimeUnits;
  /** The feature the tuning curves were computed from: its occupancy is the prior (default flat). */
  feature?: Tsd;
}

/** Options of {@linkcode decode2d}. */
export interface Decode2dOptions {
  /** Units of `binSize` (default seconds). */
  timeUnits?: TimeUnits;
  /** The two features the tuning curves were computed from: their occupancy is the prior. */
  features?: TsdFrame;
  /** Bin centres of the two features (default: the `xy` of a `compute2dTuningCurves` result). */
  xy?: readonly [ArrayLike<number>, ArrayLike<number>];
}

const DECODE1D_KEYS: OptionKeys<Decode1dOptions> = { timeUnits: true, feature: true };
const DECODE2D_KEYS: OptionKeys<Decode2dOptions> = { timeUnits: true, features: true, xy: true };

/** The non-empty bins of one unit: bin positions (ascending) and their spike counts. */
interface SparseCounts {
  bins: Int32Array;
  counts: Float64Array;
}

function checkKeys(got: readonly (number | string)[], keys: readonly (number | string)[]): void {
  if (got.length !== keys.length) {
    throw new NappleError("SHAPE_MISMATCH", "Different shapes for tuning_curves and group", {
      key: "group",
    });
  }
  if (!got.every((k, i) => k === keys[i])) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      "Different indices for tuning curves and group keys",
      {
        key: "group",
      },
    );
  }
}

/**
 * Spike counts per time bin as pynapple's `group.count(bin_size, ep)` gives them, kept sparse
 * (one list of non-empty bins per unit: an hour at 10 ms for 200 units is 72M mostly-zero
 * counts), with the bin centres.
 */
function countsOf(
  group: DecodingGroup,
  keys: readonly (number | string)[],
  ep: IntervalSet,
  binSeconds: number,
): { t: Float64Array; units: SparseCounts[] } {
  if (group instanceof TsdFrame) {
    checkKeys(group.columns, keys);
    // counts given directly are used as they are (pynapple does not restrict them either)
    const n = group.length, m = keys.length;
    const bins: number[][] = keys.map(() => []);
    const vals: number[][] = keys.map(() => []);
    forEachBatch(sourceOf(group), [[0, n]], (d, first, count) => {
      for (let r = 0; r < count; r++) {
        for (let u = 0; u < m; u++) {
          const v = d[r * m + u];
          if (v !== 0) {
            bins[u].push(first + r);
            vals[u].push(v);
          }
        }
      }
    });
    return {
      t: group.t,
      units: keys.map((_, u) => ({
        bins: Int32Array.from(bins[u]),
        counts: Float64Array.from(vals[u]),
      })),
    };
  }
  let g: TsGroup;
  if (group instanceof Map) g = new TsGroup(group, { timeSupport: ep });
  else if (group instanceof TsGroup) {
    g = group;
    checkKeys([...g.keys()], keys);
  } else {
    throw new NappleError(
      "INVALID_ARGUMENT",
      "group should be a TsGroup, a TsdFrame of counts or a Map of Ts",
      { key: "group" },
    );
  }
  const grid = binGrid(ep.start, ep.end, binSeconds);
  const units = [...g.keys()].map((k) => sparseCounts((g.get(k) as Ts).t, ep, grid));
  return { t: grid.centers, units };
}

/**
 * pynapple's `count` of one spike train on `grid`, sparse: each spike's bin is guessed from the
 * bin size and corrected against the grid's rounded right edges (as the core's dense count does),
 * so the cost follows the spikes, not the bins.
 */
function sparseCounts(t: Float64Array, ep: IntervalSet, grid: BinGrid): SparseCounts {
  const { rights, offsets, binSize } = grid;
  const ranges = restrictRanges(t, ep.start, ep.end);
  let n = 0;
  for (const [a, b] of ranges) n += b - a;
  const bins = new Int32Array(n), counts = new Float64Array(n);
  let k = 0;
  ranges.forEach(([i0, i1], e) => {
    const b0 = offsets[e], b1 = offsets[e + 1];
    const start = ep.start[e];
    for (let i = i0; i < i1; i++) {
      const x = t[i];
      let b = b0 + Math.floor((x - start) / binSize);
      if (b < b0) b = b0;
      if (b > b1 - 1) b = b1 - 1;
      while (b > b0 && x < rights[b - 1]) b--;
      while (b < b1 && x >= rights[b]) b++;
      if (b >= b1) continue;
      if (k > 0 && bins[k - 1] === b) counts[k - 1]++;
      else {
        bins[k] = b;
        counts[k++] = 1;
      }
    }
  });
  return { bins: bins.slice(0, k), counts: counts.slice(0, k) };
}

/**
 * The posterior for every time bin from sparse counts, tuning curves `tc` (B × U, NaN skipped)
 * and prior `occupancy` (B). Returns probabilities (T × B) and the most probable bin of each row
 * (the first of equal maxima, as numpy `argmax`).
 */
function posterior(
  units: SparseCounts[],
  nt: number,
  tc: Float64Array,
  nb: number,
  occupancy: Float64Array,
  binSeconds: number,
): { p: Float64Array; best: Int32Array } {
  const nu = units.length;
  // per bin: log prior - τ Σ_u tc (nansum)
  let occSum = 0;
  for (let b = 0; b < nb; b++) occSum += occupancy[b];
  const base = new Float64Array(nb);
  for (let b = 0; b < nb; b++) {
    let s = 0;
    for (let u = 0; u < nu; u++) {
      const v = tc[b * nu + u];
      if (!Number.isNaN(v)) s += v;
    }
    base[b] = -binSeconds * s + Math.log(occupancy[b] / occSum);
  }
  const p = new Float64Array(nt * nb);
  for (let t = 0; t < nt; t++) p.set(base, t * nb);
  // Σ_u n_u · log tc_u, over the bins where unit u fired (tc^0 = 1, even where tc is 0)
  const l = new Float64Array(nb);
  units.forEach(({ bins, counts }, u) => {
    for (let b = 0; b < nb; b++) {
      const v = tc[b * nu + u];
      l[b] = Number.isNaN(v) ? 0 : Math.log(v);
    }
    for (let i = 0; i < bins.length; i++) {
      const n = counts[i], at = bins[i] * nb;
      for (let b = 0; b < nb; b++) p[at + b] += n * l[b];
    }
  });
  const best = new Int32Array(nt);
  for (let t = 0; t < nt; t++) {
    const row = p.subarray(t * nb, (t + 1) * nb);
    let max = -Infinity, arg = 0;
    for (let b = 0; b < nb; b++) {
      if (row[b] > max) {
        max = row[b];
        arg = b;
      }
    }
    if (max === -Infinity || Number.isNaN(max)) {
      // no bin is possible (every one has zero probability): pynapple's 0/0
      row.fill(NaN);
      continue;
    }
    let sum = 0;
    for (let b = 0; b < nb; b++) {
      const e = Math.exp(row[b] - max);
      row[b] = e;
      sum += e;
    }
    for (let b = 0; b < nb; b++) row[b] /= sum;
    best[t] = arg;
  }
  return { p, best };
}

function requireEpochs(ep: unknown): IntervalSet {
  if (!(ep instanceof IntervalSet)) {
    throw new NappleError("INVALID_ARGUMENT", "ep should be an IntervalSet", { key: "ep" });
  }
  return ep;
}

function binSecondsOf(binSize: unknown, timeUnits: TimeUnits | undefined): number {
  if (typeof binSize !== "number" || !(binSize > 0) || !Number.isFinite(binSize)) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      `binSize should be a positive number; got ${binSize}`,
      {
        key: "binSize",
      },
    );
  }
  return toSeconds(binSize, checkTimeUnits(timeUnits ?? "s"));
}

/** pynapple's occupancy edges around bin centres: half a step either side, one extra bin. */
function edgesAround(centres: ArrayLike<number>): Float64Array {
  const n = centres.length;
  if (n < 2) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      "the tuning curves need at least two bins for a prior",
      {
        key: "feature",
      },
    );
  }
  const edges = new Float64Array(n + 1);
  for (let i = 0; i < n - 1; i++) edges[i] = centres[i] - (centres[i + 1] - centres[i]) / 2;
  const last = edges[n - 2], diff = centres[n - 1] - centres[n - 2];
  edges[n - 1] = last + diff;
  edges[n] = last + 2 * diff;
  return edges;
}

function featureValues(f: Tsd | TsdFrame, col: number): Float64Array {
  const m = f.shape.length === 1 ? 1 : f.shape[1];
  const out = new Float64Array(f.length);
  forEachBatch(sourceOf(f), [[0, f.length]], (d, first, count) => {
    for (let i = 0; i < count; i++) out[first + i] = d[i * m + col];
  });
  return out;
}

/**
 * 1-D Bayesian decoding (pynapple `decode_1d`): `tuningCurves` as `compute1dTuningCurves`
 * returns them (rows bin centres, columns unit keys), spikes of `group` counted in bins of
 * `binSize` over `ep`. Returns the decoded position (the most probable bin centre) and the
 * probability of every bin (a TsdFrame, columns the bin centres).
 */
export function decode1d(
  tuningCurves: LabeledTable,
  group: DecodingGroup,
  ep: IntervalSet,
  binSize: number,
  options: Decode1dOptions = {},
): [Tsd, TsdFrame] {
  options = checkOptions(options, DECODE1D_KEYS, "decode1d");
  if (!tuningCurves || !(tuningCurves.values instanceof Float64Array) || !tuningCurves.columns) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      "tuningCurves should be a table as compute1dTuningCurves returns",
      { key: "tuningCurves" },
    );
  }
  requireEpochs(ep);
  const seconds = binSecondsOf(binSize, options.timeUnits);
  const keys = tuningCurves.columns as (number | string)[];
  const centres = Float64Array.from(tuningCurves.index as number[]);
  const nb = centres.length;
  const occupancy = new Float64Array(nb).fill(1);
  if (options.feature !== undefined) {
    if (!(options.feature instanceof Tsd)) {
      throw new NappleError("INVALID_ARGUMENT", "feature should be a Tsd", { key: "feature" });
    }
    occupancy.fill(0);
    const edges = edgesAround(centres);
    for (const v of featureValues(options.feature, 0)) {
      const j = histogramBin(edges, v);
      if (j >= 0) occupancy[j]++;
    }
  }
  const { t, units } = countsOf(group, keys, ep, seconds);
  const nt = t.length;
  const { p, best } = posterior(units, nt, tuningCurves.values, nb, occupancy, seconds);
  const decoded = new Tsd({
    t,
    d: Float64Array.from(best, (b) => centres[b]),
    timeSupport: ep,
  });
  const proba = new TsdFrame({
    t,
    d: new NDArray(p, [nt, nb], "float64"),
    columns: Array.from(centres),
    timeSupport: ep,
  });
  return [decoded, proba];
}

/**
 * 2-D Bayesian decoding (pynapple `decode_2d`): `tuningCurves` as `compute2dTuningCurves`
 * returns them (`{ tc, xy }`, or a Map of unit key → nx × ny array with `options.xy`). Returns
 * the decoded position (a TsdFrame of the two features' bin centres; columns those of
 * `features`, else 0 and 1) and the probabilities as a TsdTensor (time × nx × ny).
 */
export function decode2d(
  tuningCurves: TuningCurves2d<number> | Map<number, NDArray>,
  group: DecodingGroup,
  ep: IntervalSet,
  binSize: number,
  options: Decode2dOptions = {},
): [TsdFrame, TsdTensor] {
  options = checkOptions(options, DECODE2D_KEYS, "decode2d");
  const tcMap = tuningCurves instanceof Map ? tuningCurves : tuningCurves?.tc;
  const xy = options.xy ?? (tuningCurves instanceof Map ? undefined : tuningCurves?.xy);
  if (!(tcMap instanceof Map) || tcMap.size === 0) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      "tuningCurves should be what compute2dTuningCurves returns ({ tc, xy }) or a Map of arrays",
      { key: "tuningCurves" },
    );
  }
  if (!xy || xy.length !== 2) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      "xy (the bin centres of both features) is needed with a Map of tuning curves",
      { key: "xy" },
    );
  }
  requireEpochs(ep);
  const seconds = binSecondsOf(binSize, options.timeUnits);
  const keys = [...tcMap.keys()];
  const nx = xy[0].length, ny = xy[1].length, nb = nx * ny, nu = keys.length;
  const tc = new Float64Array(nb * nu);
  keys.forEach((k, u) => {
    const a = tcMap.get(k)!;
    if (!(a instanceof NDArray) || a.size !== nb) {
      throw new NappleError(
        "SHAPE_MISMATCH",
        `tuning curve of unit ${k} should hold ${nx} × ${ny} values`,
        { key: "tuningCurves" },
      );
    }
    for (let b = 0; b < nb; b++) tc[b * nu + u] = Number(a.data[b]);
  });
  const occupancy = new Float64Array(nb).fill(1);
  if (options.features !== undefined) {
    const f = options.features;
    if (!(f instanceof TsdFrame) || f.shape[1] !== 2) {
      throw new NappleError("INVALID_ARGUMENT", "features should be a TsdFrame with 2 columns", {
        key: "features",
      });
    }
    occupancy.fill(0);
    const ex = edgesAround(xy[0]), ey = edgesAround(xy[1]);
    const fx = featureValues(f, 0), fy = featureValues(f, 1);
    for (let i = 0; i < fx.length; i++) {
      const a = histogramBin(ex, fx[i]), b = histogramBin(ey, fy[i]);
      if (a >= 0 && a < nx && b >= 0 && b < ny) occupancy[a * ny + b]++;
    }
  }
  const { t, units } = countsOf(group, keys, ep, seconds);
  const nt = t.length;
  const { p, best } = posterior(units, nt, tc, nb, occupancy, seconds);
  const pos = new Float64Array(nt * 2);
  for (let i = 0; i < nt; i++) {
    pos[2 * i] = xy[0][Math.floor(best[i] / ny)];
    pos[2 * i + 1] = xy[1][best[i] % ny];
  }
  const decoded = new TsdFrame({
    t,
    d: new NDArray(pos, [nt, 2], "float64"),
    columns: options.features ? [...options.features.columns] : [0, 1],
    timeSupport: ep,
  });
  const proba = new TsdTensor({
    t,
    d: new NDArray(p, [nt, nx, ny], "float64"),
    timeSupport: ep,
  });
  return [decoded, proba];
}
