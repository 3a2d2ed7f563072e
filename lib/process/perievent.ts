/**
 * Perievent analyses (pynapple 0.9.2 `process/perievent.py`): re-centring timestamps on
 * reference events, continuous data windows around events, and the event-triggered average.
 * Lazy feature data is streamed in batches; the loops are ports of pynapple's jitted kernels.
 * @module
 */
import { NappleError } from "../errors.ts";
import { checkOptions, type OptionKeys } from "../options.ts";
import { isLazy } from "../array/lazy.ts";
import { NDArray } from "../array/ndarray.ts";
import { IntervalSet } from "../core/interval_set.ts";
import {
  checkTimeUnits,
  gatherRanges,
  lowerBound,
  restrictRanges,
  roundTime,
  type TimeUnits,
} from "../core/time_index.ts";
import { BaseTsd, Ts, Tsd, TsdFrame, TsdTensor } from "../core/time_series.ts";
import { TsGroup } from "../core/ts_group.ts";
import { getBatchSize } from "../array/batch_size.ts";
import { BATCH_KEYS, type BatchOptions, RowWindow } from "./batching.ts";
import { binGrid, forEachCount } from "../core/series_kernels.ts";
import { type EtaInput, etaKernel, etaSteps, type SparseCounts } from "./eta_kernel.ts";
import { arange, formatTime } from "./numeric.ts";
import { Progress } from "./progress.ts";
import { optionalEpochs, requireGroup, requirePositive, sourceOf, unitsOf } from "./inputs.ts";

/** Options of {@linkcode computeEventTriggerAverage}. */
export interface EtaOptions extends BatchOptions {
  /** Epochs to average over (default: the feature's time support). */
  ep?: IntervalSet;
  /** Units of `binsize` and `windowsize` (default seconds). */
  timeUnits?: TimeUnits;
  /**
   * {@linkcode computeEventTriggerAverageAsync} only: the longest stretch, in milliseconds, it
   * computes before giving the event loop a turn (default 50; 0 yields after every batch).
   */
  yieldEveryMs?: number;
}

/** Options of {@linkcode computePerieventContinuous}. */
export interface PerieventContinuousOptions extends BatchOptions {
  /** Epochs (default: the data's time support). */
  ep?: IntervalSet;
  /** Units of `minmax` (default seconds). */
  timeUnits?: TimeUnits;
}

/** Options of {@linkcode computePerievent}. */
export interface PerieventOptions {
  /** Units of `minmax` (default seconds). */
  timeUnits?: TimeUnits;
}

const ETA_KEYS: OptionKeys<EtaOptions> = {
  ...BATCH_KEYS,
  ep: true,
  timeUnits: true,
  yieldEveryMs: true,
};
const PERIEVENT_CONTINUOUS_KEYS: OptionKeys<PerieventContinuousOptions> = {
  ...BATCH_KEYS,
  ep: true,
  timeUnits: true,
};
const PERIEVENT_KEYS: OptionKeys<PerieventOptions> = { timeUnits: true };

/** Lags `[-start .. 0 .. end]` in steps of `binsize`, and the counts on each side. */
function lagAxis(start: number, end: number, binsize: number): {
  t: Float64Array;
  windows: [number, number];
} {
  const left = arange(0, start + binsize, binsize).reverse().slice(0, -1).map((x) => -x);
  const right = arange(0, end + binsize, binsize).slice(1);
  const t = new Float64Array(left.length + 1 + right.length);
  t.set(left, 0);
  t.set(right, left.length + 1);
  return { t, windows: [left.length, right.length] };
}

function windowPair(
  w: number | readonly [number, number] | undefined,
  what: string,
): [number, number] {
  if (w === undefined) return [0, 0];
  if (typeof w === "number") {
    if (!Number.isFinite(w)) {
      throw new NappleError("INVALID_ARGUMENT", `${what} should be a number or a pair`, {
        key: what,
      });
    }
    return [w, w];
  }
  if (
    !Array.isArray(w) || w.length !== 2 ||
    w.some((x) => typeof x !== "number" || !Number.isFinite(x))
  ) {
    throw new NappleError("INVALID_ARGUMENT", `${what} should be a tuple of 2 elements (-t, +t)`, {
      key: what,
    });
  }
  return [w[0], w[1]];
}

/**
 * Event-triggered average (pynapple `compute_event_trigger_average`): spikes are counted in bins
 * of `binsize`, the feature is averaged in the same bins (carried forward through empty bins),
 * and for each unit the feature around its spikes is averaged over lags `-windowsize[0] ..
 * windowsize[1]`. A 1-D feature gives a TsdFrame (lags × units); a TsdFrame or TsdTensor
 * feature gives a TsdTensor (lags × units × feature dims). A lazy feature is read in batches.
 *
 * @example Spike-triggered average of the position
 * ```ts
 * import * as nap from "jsr:@napple/napple";
 * const nwb = nap.loadFile("session.nwb");
 * const units = nwb.get("units", nap.TsGroup);
 * const position = nwb.get("position", nap.TsdFrame);
 * const sta = nap.computeEventTriggerAverage(units, position.column("x"), 0.1, [-1, 1]);
 * console.log(sta.toString()); // a TsdFrame: lags × units
 * ```
 */
export function computeEventTriggerAverage(
  group: TsGroup,
  feature: Tsd,
  binsize: number,
  windowsize?: number | readonly [number, number],
  options?: EtaOptions,
): TsdFrame;
/** A TsdFrame or TsdTensor feature gives a TsdTensor (lags × units × feature dims). */
export function computeEventTriggerAverage(
  group: TsGroup,
  feature: TsdFrame | TsdTensor,
  binsize: number,
  windowsize?: number | readonly [number, number],
  options?: EtaOptions,
): TsdTensor;
/** A feature of any of the three kinds (its type not known statically). */
export function computeEventTriggerAverage(
  group: TsGroup,
  feature: Tsd | TsdFrame | TsdTensor,
  binsize: number,
  windowsize?: number | readonly [number, number],
  options?: EtaOptions,
): TsdFrame | TsdTensor;
export function computeEventTriggerAverage(
  group: TsGroup,
  feature: Tsd | TsdFrame | TsdTensor,
  binsize: number,
  windowsize?: number | readonly [number, number],
  options: EtaOptions = {},
): TsdFrame | TsdTensor {
  const job = prepareEta(group, feature, binsize, windowsize, options);
  try {
    return job.finish(etaKernel(job.input));
  } finally {
    job.progress?.done();
  }
}

/**
 * {@linkcode computeEventTriggerAverage} that lets the event loop run between batches of a lazy
 * feature: same result, but a notebook shows its progress live and the process stays responsive.
 *
 * @example The same average, letting the notebook update while it runs
 * ```ts
 * import * as nap from "jsr:@napple/napple";
 * const nwb = nap.loadFile("session.nwb");
 * const units = nwb.get("units", nap.TsGroup);
 * const position = nwb.get("position", nap.TsdFrame);
 * const sta = await nap.computeEventTriggerAverageAsync(units, position, 0.1, 1);
 * console.log(sta.shape); // a TsdTensor: lags × units × columns
 * ```
 */
export function computeEventTriggerAverageAsync(
  group: TsGroup,
  feature: Tsd,
  binsize: number,
  windowsize?: number | readonly [number, number],
  options?: EtaOptions,
): Promise<TsdFrame>;
/** A TsdFrame or TsdTensor feature gives a TsdTensor. */
export function computeEventTriggerAverageAsync(
  group: TsGroup,
  feature: TsdFrame | TsdTensor,
  binsize: number,
  windowsize?: number | readonly [number, number],
  options?: EtaOptions,
): Promise<TsdTensor>;
/** A feature of any of the three kinds (its type not known statically). */
export function computeEventTriggerAverageAsync(
  group: TsGroup,
  feature: Tsd | TsdFrame | TsdTensor,
  binsize: number,
  windowsize?: number | readonly [number, number],
  options?: EtaOptions,
): Promise<TsdFrame | TsdTensor>;
export async function computeEventTriggerAverageAsync(
  group: TsGroup,
  feature: Tsd | TsdFrame | TsdTensor,
  binsize: number,
  windowsize?: number | readonly [number, number],
  options: EtaOptions = {},
): Promise<TsdFrame | TsdTensor> {
  const job = prepareEta(group, feature, binsize, windowsize, options);
  try {
    const steps = etaSteps(job.input);
    let r = steps.next();
    let last = performance.now();
    // by default the event loop gets a turn every 50 ms: enough for live output, cheap otherwise
    const every = options.yieldEveryMs ?? 50;
    while (!r.done) {
      if (performance.now() - last >= every) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        last = performance.now();
      }
      r = steps.next();
    }
    return job.finish(r.value);
  } finally {
    job.progress?.done();
  }
}

interface EtaJob {
  input: EtaInput;
  progress?: Progress;
  finish(eta: Float64Array): TsdFrame | TsdTensor;
}

/** Checks the inputs and bins the spikes; the feature is read later, by the kernel. */
function prepareEta(
  group: TsGroup,
  feature: Tsd | TsdFrame | TsdTensor,
  binsize: number,
  windowsize: number | readonly [number, number] | undefined,
  options: EtaOptions,
): EtaJob {
  options = checkOptions(options, ETA_KEYS, "computeEventTriggerAverage");
  requireGroup(group);
  if (!(feature instanceof BaseTsd)) {
    throw new NappleError("INVALID_ARGUMENT", "Feature should be a Tsd, TsdFrame or TsdTensor", {
      key: "feature",
    });
  }
  requirePositive(binsize, "binsize");
  const units = checkTimeUnits(options.timeUnits ?? "s");
  const [w0, w1] = windowPair(windowsize, "windowsize");
  const ep = optionalEpochs(options.ep) ?? feature.timeSupport;
  const bs = formatTime(binsize, units);
  const lags = lagAxis(Math.abs(formatTime(w0, units)), Math.abs(formatTime(w1, units)), bs);

  // group.count(binsize, ep): bin centres rounded by the TsdFrame, then left edges.
  const members = unitsOf(group);
  const bins = binGrid(ep.start, ep.end, bs);
  const T = bins.centers.length;
  const N = members.length;
  // counts by bin, sparse: count entries per bin, then fill (two passes over the spikes)
  const rowPtr = new Int32Array(T + 1);
  for (const [, t] of members) forEachCount(t, ep.start, ep.end, bins, (b) => rowPtr[b + 1]++);
  for (let b = 0; b < T; b++) rowPtr[b + 1] += rowPtr[b];
  const fill = rowPtr.slice(0, T);
  const unitOf = new Int32Array(rowPtr[T]);
  const countOf = new Int32Array(rowPtr[T]);
  members.forEach(([, t], n) =>
    forEachCount(t, ep.start, ep.end, bins, (b, c) => {
      unitOf[fill[b]] = n;
      countOf[fill[b]++] = c;
    })
  );
  const counts: SparseCounts = { rowPtr, units: unitOf, counts: countOf };
  const binLeft = new Float64Array(T);
  for (let i = 0; i < T; i++) binLeft[i] = roundTime(roundTime(bins.centers[i]) - bs / 2);

  const ranges = restrictRanges(feature.t, ep.start, ep.end);
  const perEpoch = Int32Array.from(ranges, ([s, e]) => e - s);
  const featureTimes = gatherRanges(feature.t, ranges);
  const src = sourceOf(feature);
  const progress = isLazy(src)
    ? Progress.start("event trigger average", options.progress)
    : undefined;
  progress?.setTotal(featureTimes.length);
  const values = new RowWindow(src, ranges, options.batchSize ?? getBatchSize(), progress);
  const input: EtaInput = {
    binLeft,
    counts,
    nUnits: N,
    featureTimes,
    featurePerEpoch: perEpoch,
    values,
    ends: ep.end,
    windows: lags.windows,
    binSize: bs,
  };
  const inner = feature.shape.slice(1);
  const shape = [lags.t.length, N, ...inner];
  const finish = (eta: Float64Array): TsdFrame | TsdTensor =>
    inner.length === 0
      ? new TsdFrame({
        t: lags.t,
        d: new NDArray(eta, shape, "float64"),
        columns: members.map(([k]) => k),
      })
      : new TsdTensor({ t: lags.t, d: new NDArray(eta, shape, "float64") });
  return { input, progress, finish };
}

function perieventWindow(
  minmax: number | readonly [number, number],
  units: TimeUnits,
): [number, number] {
  const [a, b] = windowPair(minmax, "minmax");
  return [Math.abs(formatTime(a, units)), Math.abs(formatTime(b, units))];
}

function requireTref(tref: unknown): Ts | Tsd {
  if (!(tref instanceof Ts) && !(tref instanceof Tsd)) {
    throw new NappleError("INVALID_ARGUMENT", "tref should be a Ts or Tsd object.", {
      key: "tref",
    });
  }
  return tref;
}

function alignOne(
  data: Ts | Tsd,
  tref: Ts | Tsd,
  window: [number, number],
  support: IntervalSet,
): TsGroup {
  const members = new Map<number, Ts | Tsd>();
  const t = data.t;
  for (let i = 0; i < tref.t.length; i++) {
    const r = tref.t[i];
    const lo = lowerBound(t, r - window[0]);
    const hi = lowerBound(t, r + window[1]);
    const rel = new Float64Array(hi - lo);
    for (let j = lo; j < hi; j++) rel[j - lo] = t[j] - r;
    if (data instanceof Tsd) {
      const v = data.values;
      const d = isLazy(v)
        ? v.readRows(lo, hi)
        : v instanceof NDArray
        ? v.sliceRows(lo, hi)
        : v.slice(lo, hi);
      members.set(i, new Tsd({ t: rel, d, timeSupport: support }));
    } else {
      members.set(i, new Ts({ t: rel, timeSupport: support }));
    }
  }
  const g = new TsGroup(members, { timeSupport: support, bypassCheck: true });
  g.setInfo({ ref_times: Float64Array.from(tref.t) });
  return g;
}

/**
 * Re-centres timestamps on each reference time (pynapple `compute_perievent`): a Ts/Tsd gives a
 * TsGroup with one member per reference time (metadata `ref_times`); a TsGroup gives a Map of
 * such TsGroups, one per unit. `minmax` is `(before, after)` or one number for both sides.
 *
 * @example Spikes of every unit around reward times
 * ```ts
 * import * as nap from "jsr:@napple/napple";
 * const nwb = nap.loadFile("session.nwb");
 * const units = nwb.get("units", nap.TsGroup);
 * const rewards = new nap.Ts({ t: [12.5, 40, 77.2] });
 * const aligned = nap.computePerievent(units, rewards, [-0.5, 1]); // a Map: unit → TsGroup
 * console.log(aligned.get(0)?.toString());
 * ```
 */
export function computePerievent(
  data: TsGroup,
  tref: Ts | Tsd,
  minmax: number | readonly [number, number],
  options?: PerieventOptions | TimeUnits,
): Map<number, TsGroup>;
/** A Ts or Tsd gives one TsGroup (one member per reference time). */
export function computePerievent(
  data: Ts | Tsd,
  tref: Ts | Tsd,
  minmax: number | readonly [number, number],
  options?: PerieventOptions | TimeUnits,
): TsGroup;
/** Data of either kind (its type not known statically). */
export function computePerievent(
  data: Ts | Tsd | TsGroup,
  tref: Ts | Tsd,
  minmax: number | readonly [number, number],
  options?: PerieventOptions | TimeUnits,
): TsGroup | Map<number, TsGroup>;
export function computePerievent(
  data: Ts | Tsd | TsGroup,
  tref: Ts | Tsd,
  minmax: number | readonly [number, number],
  options: PerieventOptions | TimeUnits = {},
): TsGroup | Map<number, TsGroup> {
  requireTref(tref);
  // the positional `timeUnits` of pynapple's signature is still accepted
  const o = typeof options === "string"
    ? { timeUnits: options }
    : checkOptions(options, PERIEVENT_KEYS, "computePerievent");
  const units = checkTimeUnits(o.timeUnits ?? "s");
  const window = perieventWindow(minmax, units);
  const support = new IntervalSet({ start: [-window[0]], end: [window[1]] });
  if (data instanceof TsGroup) {
    const out = new Map<number, TsGroup>();
    for (const [k, member] of data) {
      if (!(member instanceof Ts) && !(member instanceof Tsd)) {
        throw new NappleError("INVALID_ARGUMENT", "data should be a Ts, Tsd or TsGroup.", {
          key: String(k),
        });
      }
      out.set(k, alignOne(member, tref, window, support));
    }
    return out;
  }
  if (!(data instanceof Ts) && !(data instanceof Tsd)) {
    throw new NappleError("INVALID_ARGUMENT", "data should be a Ts, Tsd or TsGroup.", {
      key: "data",
    });
  }
  return alignOne(data, tref, window, support);
}

/**
 * Windows of continuous data around each reference time (pynapple
 * `compute_perievent_continuous`, which assumes a constant sampling rate): a Tsd gives a TsdFrame
 * (lags × reference times), a TsdFrame or TsdTensor a TsdTensor; samples outside the data's
 * epochs are NaN. Lazy data is read in batches.
 *
 * @example Position around reward times
 * ```ts
 * import * as nap from "jsr:@napple/napple";
 * const nwb = nap.loadFile("session.nwb");
 * const units = nwb.get("units", nap.TsGroup);
 * const position = nwb.get("position", nap.TsdFrame);
 * const rewards = new nap.Ts({ t: [12.5, 40, 77.2] });
 * const windows = nap.computePerieventContinuous(position.column("x"), rewards, [-1, 1]);
 * console.log(windows.toString()); // a TsdFrame: lags × reference times
 * ```
 */
export function computePerieventContinuous(
  data: Tsd,
  tref: Ts | Tsd,
  minmax: number | readonly [number, number],
  options?: PerieventContinuousOptions,
): TsdFrame;
/** A TsdFrame or TsdTensor gives a TsdTensor. */
export function computePerieventContinuous(
  data: TsdFrame | TsdTensor,
  tref: Ts | Tsd,
  minmax: number | readonly [number, number],
  options?: PerieventContinuousOptions,
): TsdTensor;
/** Data of any of the three kinds (its type not known statically). */
export function computePerieventContinuous(
  data: Tsd | TsdFrame | TsdTensor,
  tref: Ts | Tsd,
  minmax: number | readonly [number, number],
  options?: PerieventContinuousOptions,
): TsdFrame | TsdTensor;
export function computePerieventContinuous(
  data: Tsd | TsdFrame | TsdTensor,
  tref: Ts | Tsd,
  minmax: number | readonly [number, number],
  options: PerieventContinuousOptions = {},
): TsdFrame | TsdTensor {
  options = checkOptions(options, PERIEVENT_CONTINUOUS_KEYS, "computePerieventContinuous");
  requireTref(tref);
  if (!(data instanceof BaseTsd)) {
    throw new NappleError("INVALID_ARGUMENT", "data should be a Tsd, TsdFrame or TsdTensor.", {
      key: "data",
    });
  }
  const units = checkTimeUnits(options.timeUnits ?? "s");
  const ep = optionalEpochs(options.ep) ?? data.timeSupport;
  const window = perieventWindow(minmax, units);
  const t = data.t;
  if (t.length < 2) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      "data needs at least 2 samples to infer its sampling step",
      {
        key: "data",
      },
    );
  }
  const lags = lagAxis(window[0], window[1], t[1] - t[0]);
  const [w0, w1] = lags.windows;
  const W = w0 + w1 + 1;
  const tt = tref.t;
  const src = sourceOf(data);
  const F = src.shape.slice(1).reduce((a, b) => a * b, 1);

  // Epoch scan of `_jitcontinuous_perievent`: per epoch, first sample / reference and counts.
  const m = ep.length;
  const N = t.length;
  const NT = tt.length;
  const count = new Int32Array(m * 2);
  const startT = new Int32Array(m * 2);
  if (N > 0 && NT > 0 && m > 0) {
    let k = 0;
    let s = 0;
    let i = 0;
    while (k < m && ep.end[k] < t[s] && ep.end[k] < tt[i]) k++;
    while (k < m) {
      while (s < N && t[s] < ep.start[k]) s++;
      while (i < NT && tt[i] < ep.start[k]) i++;
      if (s < N && t[s] <= ep.end[k]) startT[2 * k] = s;
      if (i < NT && tt[i] <= ep.end[k]) startT[2 * k + 1] = i;
      while (s < N && t[s] <= ep.end[k]) {
        count[2 * k]++;
        s++;
      }
      while (i < NT && tt[i] <= ep.end[k]) {
        count[2 * k + 1]++;
        i++;
      }
      k++;
      if (k === m || s === N || i === NT) break;
    }
  }
  let nRef = 0;
  for (let k = 0; k < m; k++) nRef += count[2 * k + 1];
  const out = new Float64Array(W * nRef * F).fill(NaN);
  const progress = isLazy(src) ? Progress.start("perievent", options.progress) : undefined;
  progress?.setTotal(N);
  const win = new RowWindow(src, [[0, N]], options.batchSize ?? getBatchSize(), progress);
  try {
    for (let k = 0; k < m; k++) {
      if (count[2 * k] > 0 && count[2 * k + 1] > 0) {
        let s = startT[2 * k];
        let i = startT[2 * k + 1];
        const maxt = s + count[2 * k];
        const maxi = i + count[2 * k + 1];
        let col = 0;
        for (let q = 0; q < k; q++) col += count[2 * q + 1];
        while (i < maxi) {
          let interval = Math.abs(t[s] - tt[i]);
          let pos = s;
          s++;
          while (s < maxt) {
            const d = Math.abs(t[s] - tt[i]);
            if (d > interval) break;
            interval = d;
            pos = s;
            s++;
          }
          const left = Math.min(w0, pos - startT[2 * k]);
          const right = Math.min(w1, maxt - pos - 1);
          const center = w0 + 1;
          win.ensure(pos - left, pos + right + 1);
          for (let r = 0; r < left + right + 1; r++) {
            const o = ((center - left - 1 + r) * nRef + col) * F;
            const from = (pos - left + r - win.base) * F;
            for (let f = 0; f < F; f++) out[o + f] = win.data[from + f];
          }
          s--;
          i++;
          col++;
        }
      }
    }
  } finally {
    progress?.done();
  }
  const timeSupport = new IntervalSet({ start: [-window[0]], end: [window[1]] });
  const shape = [W, nRef, ...src.shape.slice(1)];
  const d = new NDArray(out, shape, "float64");
  return shape.length === 2
    ? new TsdFrame({ t: lags.t, d, timeSupport })
    : new TsdTensor({ t: lags.t, d, timeSupport });
}
