/**
 * Correlograms of timestamps (pynapple 0.9.2 `process/correlograms.py`): auto-, cross- and
 * event-correlograms (rate of the target around each reference time, optionally normalised by
 * the target's mean rate) and the inter-spike-interval distribution. Results are LabeledTables
 * indexed by lag (or ISI bin centre).
 * @module
 */
import { NappleError } from "../errors.ts";
import { checkOptions, type OptionKeys } from "../options.ts";
import type { TsGroup } from "../core/ts_group.ts";
import type { IntervalSet } from "../core/interval_set.ts";
import {
  checkTimeUnits,
  gatherRanges,
  getRanges,
  restrictRanges,
  type TimeUnits,
} from "../core/time_index.ts";
import { TimeSeriesBase, Ts, Tsd } from "../core/time_series.ts";
import { formatTime, histogram, linspace, pyFloorDiv } from "./numeric.ts";
import { isUnitGroup, optionalEpochs, requirePositive, type UnitGroup, unitsOf } from "./inputs.ts";
import { type Label, LabeledTable, type LabeledTableOptions } from "./table.ts";

/** Options of the correlogram functions. */
export interface CorrelogramOptions {
  /** Epochs to restrict the timestamps to (default: none; the event's support for events). */
  ep?: IntervalSet;
  /** Divide by the target's mean rate (default true). */
  norm?: boolean;
  /** Units of `binsize` and `windowsize` (default seconds). */
  timeUnits?: TimeUnits;
}

/** Options of {@linkcode computeCrosscorrelogram}. */
export interface CrosscorrelogramOptions extends CorrelogramOptions {
  /** For a single group, swap reference and target of each pair (default false). */
  reverse?: boolean;
}

/**
 * pynapple's `_cross_correlogram`: rate of `t2` around each time of `t1` in bins of `binsize`
 * over ±`windowsize` (an odd number of bins, centred on 0). Returns rates and bin centres.
 */
export function crossCorrelogram(
  t1: Float64Array,
  t2: Float64Array,
  binsize: number,
  windowsize: number,
): { rates: Float64Array; lags: Float64Array } {
  const nt1 = t1.length;
  const nt2 = t2.length;
  let nbins = Math.trunc(pyFloorDiv(windowsize * 2, binsize));
  if (Math.floor(nbins / 2) * 2 === nbins) nbins += 1;
  const w = (nbins / 2) * binsize;
  const C = new Float64Array(nbins);
  let i2 = 0;
  for (let i1 = 0; i1 < nt1; i1++) {
    const lbound = t1[i1] - w;
    while (i2 < nt2 && t2[i2] < lbound) i2++;
    while (i2 > 0 && t2[i2 - 1] > lbound) i2--;
    let rbound = lbound;
    let leftb = i2;
    for (let j = 0; j < nbins; j++) {
      let k = 0;
      rbound = rbound + binsize;
      while (leftb < nt2 && t2[leftb] < rbound) {
        leftb++;
        k++;
      }
      C[j] += k;
    }
  }
  const denom = nt1 * binsize;
  for (let j = 0; j < nbins; j++) C[j] = C[j] / denom;
  const m = -w + binsize / 2;
  const B = new Float64Array(nbins);
  for (let j = 0; j < nbins; j++) B[j] = m + j * binsize;
  return { rates: C, lags: B };
}

/** numpy `round(x, 6)`: scale, round half to even, unscale. */
function round6(x: number): number {
  const y = x * 1e6;
  const f = Math.floor(y);
  const d = y - f;
  const r = d < 0.5 ? f : d > 0.5 ? f + 1 : (f % 2 === 0 ? f : f + 1);
  return r / 1e6;
}

interface Restricted {
  keys: number[];
  times: Float64Array[];
  rates: number[];
}

/** A group's units, restricted to `ep` when given, with rates over the (new) time support. */
function restrictGroup(group: UnitGroup, ep: IntervalSet | undefined): Restricted {
  const support = ep ?? group.timeSupport;
  const len = support.totLength();
  const keys: number[] = [];
  const times: Float64Array[] = [];
  const rates: number[] = [];
  for (const [k, t] of unitsOf(group)) {
    const tt = ep ? gatherRanges(t, restrictRanges(t, ep.start, ep.end)) : t;
    keys.push(k);
    times.push(tt);
    rates.push(tt.length / len);
  }
  return { keys, times, rates };
}

function requireCorrGroup(x: unknown, withTuple = false): UnitGroup {
  if (!isUnitGroup(x)) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      `Invalid type. Parameter group must be of type TsGroup${
        withTuple ? " or a tuple/list of (TsGroup, TsGroup)." : ""
      }`,
      { key: "group" },
    );
  }
  return x;
}

function params(
  binsize: number,
  windowsize: number,
  options: CorrelogramOptions,
): [number, number] {
  requirePositive(binsize, "binsize");
  requirePositive(windowsize, "windowsize");
  const units = checkTimeUnits(options.timeUnits ?? "s");
  return [formatTime(binsize, units), formatTime(windowsize, units)];
}

/**
 * Autocorrelogram of each unit (pynapple `compute_autocorrelogram`): rows are lags (rounded to
 * 6 decimals), columns unit keys; the zero-lag bin is set to 0.
 *
 * @example Autocorrelograms in 10 ms bins over ±200 ms
 * ```ts
 * import * as nap from "jsr:@napple/napple";
 * const nwb = nap.loadFile("session.nwb");
 * const units = nwb.get("units", nap.TsGroup);
 * const acg = nap.computeAutocorrelogram(units, 0.01, 0.2);
 * console.log(acg.toString());
 * await acg.plot({ kind: "bars" });
 * ```
 */
export function computeAutocorrelogram(
  group: TsGroup,
  binsize: number,
  windowsize: number,
  options: CorrelogramOptions = {},
): LabeledTable {
  options = checkOptions(options, CORRELOGRAM_KEYS, "computeAutocorrelogram");
  requireCorrGroup(group);
  const ep = optionalEpochs(options.ep);
  const [bs, ws] = params(binsize, windowsize, options);
  const g = restrictGroup(group, ep);
  const norm = options.norm ?? true;
  let index: number[] = [];
  const cols: Float64Array[] = [];
  g.times.forEach((t, u) => {
    const { rates, lags } = crossCorrelogram(t, t, bs, ws);
    index = Array.from(lags, round6);
    if (norm) { for (let i = 0; i < rates.length; i++) rates[i] = rates[i] / g.rates[u]; }
    cols.push(rates);
  });
  const zero = index.findIndex((x) => x === 0);
  if (zero >= 0) { for (const c of cols) c[zero] = 0; }
  return tableFromColumns(index, g.keys, cols);
}

function tableFromColumns(
  index: readonly number[],
  columns: readonly Label[],
  cols: readonly Float64Array[],
  options: LabeledTableOptions = { floatIndex: true },
): LabeledTable {
  const n = index.length;
  const m = cols.length;
  const out = new Float64Array(n * m);
  cols.forEach((c, j) => {
    for (let i = 0; i < n; i++) out[i * m + j] = c[i];
  });
  return new LabeledTable(index, columns, out, options);
}

/**
 * Cross-correlograms (pynapple `compute_crosscorrelogram`). For one group, every pair `(i, j)`
 * with `i < j` (reference `i`, target `j`; `reverse` swaps them); for two groups, every pair of
 * (reference from the first, target from the second). Columns are the pairs.
 *
 * @example Cross-correlograms of every pair of units
 * ```ts
 * import * as nap from "jsr:@napple/napple";
 * const nwb = nap.loadFile("session.nwb");
 * const units = nwb.get("units", nap.TsGroup);
 * const ccg = nap.computeCrosscorrelogram(units, 0.01, 0.2, { norm: false });
 * console.log(ccg.columns.length);
 * ```
 */
export function computeCrosscorrelogram(
  group: TsGroup | readonly [TsGroup, TsGroup],
  binsize: number,
  windowsize: number,
  options: CrosscorrelogramOptions = {},
): LabeledTable {
  options = checkOptions(options, CROSSCORRELOGRAM_KEYS, "computeCrosscorrelogram");
  const ep = optionalEpochs(options.ep);
  const norm = options.norm ?? true;
  let index: number[] = [];
  const cols: Float64Array[] = [];
  const labels: Label[] = [];
  if (Array.isArray(group)) {
    if (group.length !== 2 || !group.every((g) => isUnitGroup(g))) {
      throw new NappleError(
        "INVALID_ARGUMENT",
        "Invalid type. Parameter group must be of type TsGroup or a tuple/list of (TsGroup, TsGroup).",
        { key: "group" },
      );
    }
    const [bs, ws] = params(binsize, windowsize, options);
    const a = restrictGroup(group[0], ep);
    const b = restrictGroup(group[1], ep);
    a.keys.forEach((ki, i) => {
      b.keys.forEach((kj, j) => {
        const { rates, lags } = crossCorrelogram(a.times[i], b.times[j], bs, ws);
        if (norm) { for (let x = 0; x < rates.length; x++) rates[x] /= b.rates[j]; }
        index = Array.from(lags);
        cols.push(rates);
        labels.push([ki, kj]);
      });
    });
  } else {
    requireCorrGroup(group, true);
    const [bs, ws] = params(binsize, windowsize, options);
    const g = restrictGroup(group as UnitGroup, ep);
    const n = g.keys.length;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const [r, t] = options.reverse ? [j, i] : [i, j];
        const { rates, lags } = crossCorrelogram(g.times[r], g.times[t], bs, ws);
        if (norm) { for (let x = 0; x < rates.length; x++) rates[x] = rates[x] / g.rates[t]; }
        index = Array.from(lags);
        cols.push(rates);
        labels.push([g.keys[r], g.keys[t]]);
      }
    }
  }
  return tableFromColumns(index, labels, cols);
}

/**
 * Correlogram of each unit around the times of `event` (pynapple `compute_eventcorrelogram`);
 * `ep` defaults to the event's time support, and the group is restricted to it.
 *
 * @example Firing around events
 * ```ts
 * import * as nap from "jsr:@napple/napple";
 * const nwb = nap.loadFile("session.nwb");
 * const units = nwb.get("units", nap.TsGroup);
 * const events = new nap.Ts({ t: [12.5, 40, 77.2] });
 * console.log(nap.computeEventcorrelogram(units, events, 0.05, 1).toString());
 * ```
 */
export function computeEventcorrelogram(
  group: TsGroup,
  event: Ts | Tsd,
  binsize: number,
  windowsize: number,
  options: CorrelogramOptions = {},
): LabeledTable {
  options = checkOptions(options, CORRELOGRAM_KEYS, "computeEventcorrelogram");
  requireCorrGroup(group);
  if (!(event instanceof Ts) && !(event instanceof Tsd)) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      "Invalid type. Parameter event must be of type Ts or Tsd.",
      {
        key: "event",
      },
    );
  }
  const given = optionalEpochs(options.ep);
  const ep = given ?? event.timeSupport;
  let ref = event.t;
  if (given) {
    ref = restrictGroup({ keys: () => [0], get: () => event, timeSupport: ep }, ep).times[0];
  }
  const [bs, ws] = params(binsize, windowsize, options);
  const g = restrictGroup(group, ep);
  const norm = options.norm ?? true;
  let index: number[] = [];
  const cols = g.times.map((t, u) => {
    const { rates, lags } = crossCorrelogram(ref, t, bs, ws);
    index = Array.from(lags);
    if (norm) { for (let i = 0; i < rates.length; i++) rates[i] = rates[i] / g.rates[u]; }
    return rates;
  });
  return tableFromColumns(index, g.keys, cols);
}

const CORRELOGRAM_KEYS: OptionKeys<CorrelogramOptions> = { ep: true, norm: true, timeUnits: true };
const CROSSCORRELOGRAM_KEYS: OptionKeys<CrosscorrelogramOptions> = {
  ...CORRELOGRAM_KEYS,
  reverse: true,
};

/** Options of {@linkcode computeIsiDistribution}. */
export interface IsiOptions {
  /** Number of equal bins (default 10) or increasing bin edges. */
  bins?: number | readonly number[];
  /** Histogram the natural log of the intervals (default false). */
  logScale?: boolean;
  /** Epochs (default: the data's time support); intervals never span two epochs. */
  epochs?: IntervalSet;
}

const ISI_KEYS: OptionKeys<IsiOptions> = { bins: true, logScale: true, epochs: true };

function diffsIn(t: Float64Array, ep: IntervalSet): Float64Array {
  const out: number[] = [];
  for (const [s, e] of getRanges(t, ep.start, ep.end)) {
    for (let i = s + 1; i < e; i++) out.push(t[i] - t[i - 1]);
  }
  return Float64Array.from(out);
}

/**
 * Distribution of inter-spike intervals (pynapple `compute_isi_distribution`): counts per bin,
 * rows are bin centres, one column per unit (a single series gives column 0). With a number of
 * bins and no interval in any unit, the table has no rows.
 *
 * @example Inter-spike intervals on a log scale
 * ```ts
 * import * as nap from "jsr:@napple/napple";
 * const nwb = nap.loadFile("session.nwb");
 * const units = nwb.get("units", nap.TsGroup);
 * const isi = nap.computeIsiDistribution(units, { bins: 30, logScale: true });
 * console.log(isi.toString());
 * ```
 */
export function computeIsiDistribution(
  data: TsGroup | TimeSeriesBase,
  options: IsiOptions = {},
): LabeledTable {
  options = checkOptions(options, ISI_KEYS, "computeIsiDistribution");
  const group = isUnitGroup(data);
  if (!group && !(data instanceof TimeSeriesBase)) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      "data should be a Ts, TsGroup, Tsd, TsdFrame, TsdTensor.",
      {
        key: "data",
      },
    );
  }
  const epochs = optionalEpochs(options.epochs, "epochs") ?? data.timeSupport;
  const entries: Array<[number, Float64Array]> = group
    ? unitsOf(data as UnitGroup).map(([k, t]) => [k, diffsIn(t, epochs)])
    : [[0, diffsIn((data as TimeSeriesBase).t, epochs)]];
  if (options.logScale) {
    for (const [, d] of entries) for (let i = 0; i < d.length; i++) d[i] = Math.log(d[i]);
  }
  const bins = options.bins ?? 10;
  let edges: Float64Array;
  if (typeof bins === "number") {
    if (!Number.isInteger(bins) || bins < 1) {
      throw new NappleError("INVALID_ARGUMENT", "`bins` must be positive, when an integer", {
        key: "bins",
      });
    }
    let lo = Infinity;
    let hi = -Infinity;
    let nan = false;
    for (const [, d] of entries) {
      for (const v of d) {
        if (Number.isNaN(v)) nan = true;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    if (nan) lo = hi = NaN;
    // no interval at all: no bins (pynapple fails taking the minimum of nothing)
    edges = lo === Infinity ? new Float64Array(0) : linspace(lo, hi, bins + 1);
  } else {
    if (!Array.isArray(bins)) {
      throw new NappleError("INVALID_ARGUMENT", "bins should be either int, list or np.ndarray.", {
        key: "bins",
      });
    }
    edges = Float64Array.from(bins);
    for (let i = 1; i < edges.length; i++) {
      if (edges[i - 1] > edges[i]) {
        throw new NappleError(
          "INVALID_ARGUMENT",
          "`bins` must increase monotonically, when an array",
          {
            key: "bins",
          },
        );
      }
    }
  }
  const index = Array.from(
    { length: Math.max(0, edges.length - 1) },
    (_, i) => (edges[i] + edges[i + 1]) / 2,
  );
  return tableFromColumns(
    index,
    entries.map(([k]) => k),
    entries.map(([, d]) => histogram(d, edges)),
    { floatIndex: true, dtype: "int64" },
  );
}
