/**
 * Time warping of trials (pynapple 0.9.2 `process/warping.py`): `warpTensor` stretches every
 * epoch of `ep` onto the same number of bins (spike counts in `n` equal bins per trial; for
 * continuous series the samples themselves, their bin averages, or a linear interpolation,
 * depending on how many samples the trial has). The result is an array as in pynapple: units ×
 * trials × bins for spikes, trials × bins (× the series' other axes moved first) for series.
 * `buildTensor` stacks trials without warping (pynapple `build_tensor`): spike counts in bins of
 * `binSize` per trial, or the samples of each trial, aligned on the trial start or end and padded.
 * @module
 */
import { NappleError } from "../errors.ts";
import { checkOptions, type OptionKeys } from "../options.ts";
import { NDArray } from "../array/ndarray.ts";
import { IntervalSet } from "../core/interval_set.ts";
import { BaseTsd, type TrialAlign, Ts } from "../core/time_series.ts";
import type { TimeUnits } from "../core/time_index.ts";
import { TsGroup } from "../core/ts_group.ts";
import { lowerBound, roundTime, upperBound } from "../core/time_index.ts";
import { linspace } from "./numeric.ts";

function requireInput(x: unknown): Ts | TsGroup | BaseTsd {
  if (!(x instanceof Ts) && !(x instanceof TsGroup) && !(x instanceof BaseTsd)) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      "input should be a Ts, Tsd, TsdFrame, TsdTensor or TsGroup",
      { key: "input" },
    );
  }
  return x;
}

function valuesOf(s: BaseTsd): Float64Array {
  const d = s.toNDArray().data;
  return d instanceof Float64Array ? d : Float64Array.from(d as ArrayLike<number>, Number);
}

/**
 * pynapple `warp_tensor(input, ep, num_bins)`: every epoch of `ep` mapped onto `numBins` bins.
 * Spikes (Ts, TsGroup) are counted in `numBins` equal bins per epoch (units × epochs × bins; a
 * Ts gives epochs × bins). A series keeps an epoch's samples when it has exactly `numBins`,
 * averages them in `numBins` bins when it has more, and interpolates linearly at `numBins`
 * evenly spaced times when it has fewer (epochs × bins, other axes first for a TsdFrame or
 * TsdTensor: columns × epochs × bins).
 */
export function warpTensor(
  input: Ts | TsGroup | BaseTsd,
  ep: IntervalSet,
  numBins: number,
): NDArray {
  requireInput(input);
  if (!(ep instanceof IntervalSet)) {
    throw new NappleError("INVALID_ARGUMENT", "ep should be an IntervalSet", { key: "ep" });
  }
  if (typeof numBins !== "number" || !Number.isInteger(numBins) || numBins <= 0) {
    throw new NappleError("INVALID_ARGUMENT", "numBins should be a positive integer.", {
      key: "numBins",
    });
  }
  const nEp = ep.length;
  if (input instanceof Ts || input instanceof TsGroup) {
    const nu = input instanceof Ts ? 1 : input.size;
    const out = new Float64Array(nu * nEp * numBins);
    for (let i = 0; i < nEp; i++) {
      const bin = (ep.end[i] - ep.start[i]) / numBins;
      const c = input.count(bin, ep.slice(i, i + 1));
      const v = valuesOf(c);
      if (c.length !== numBins) {
        throw new NappleError(
          "SHAPE_MISMATCH",
          `epoch ${i} gave ${c.length} bins instead of ${numBins}`,
        );
      }
      for (let b = 0; b < numBins; b++) {
        for (let u = 0; u < nu; u++) out[(u * nEp + i) * numBins + b] = v[b * nu + u];
      }
    }
    return input instanceof Ts
      ? new NDArray(out, [nEp, numBins], "float64")
      : new NDArray(out, [nu, nEp, numBins], "float64");
  }
  const series = input as BaseTsd;
  const rowShape = series.shape.slice(1);
  const rs = rowShape.reduce((a, b) => a * b, 1);
  const out = new Float64Array(nEp * numBins * rs);
  for (let i = 0; i < nEp; i++) {
    const s = roundTime(ep.start[i]), e = roundTime(ep.end[i]);
    // pynapple's get_slice(start, end): rows with start <= t <= end
    const a = lowerBound(series.t, s), b = Math.max(a, upperBound(series.t, e));
    const part = series.slice(a, b);
    const one = ep.slice(i, i + 1);
    let v: Float64Array;
    if (b - a === numBins) v = valuesOf(part);
    else if (b - a > numBins) {
      v = valuesOf(part.binAverage((ep.end[i] - ep.start[i]) / numBins, one));
    } else {
      const at = new Ts({ t: linspace(ep.start[i], ep.end[i], numBins) });
      v = valuesOf(part.interpolate(at, { ep: one }));
    }
    if (v.length !== numBins * rs) {
      throw new NappleError(
        "SHAPE_MISMATCH",
        `epoch ${i} gave ${v.length / Math.max(1, rs)} values instead of ${numBins}`,
      );
    }
    // numpy moveaxis([0, 1] -> [-2, -1]): the series' own axes first
    for (let b2 = 0; b2 < numBins; b2++) {
      for (let k = 0; k < rs; k++) out[(k * nEp + i) * numBins + b2] = v[b2 * rs + k];
    }
  }
  return new NDArray(
    out,
    rs === 1 && rowShape.length === 0 ? [nEp, numBins] : [...rowShape, nEp, numBins],
    "float64",
  );
}

/** Options of {@linkcode buildTensor}. */
export interface BuildTensorOptions {
  /** Bin size for spikes (Ts, TsGroup); required for them, unused for series. */
  binSize?: number;
  /** Align the trials on their "start" (default) or "end". */
  align?: TrialAlign;
  /** Value past a trial's end (default NaN). */
  paddingValue?: number;
  /** Units of `binSize` (default seconds). */
  timeUnits?: TimeUnits;
}

const BUILD_TENSOR_KEYS: OptionKeys<BuildTensorOptions> = {
  binSize: true,
  align: true,
  paddingValue: true,
  timeUnits: true,
};

/**
 * pynapple `build_tensor(input, ep, bin_size, align, padding_value, time_unit)`: one row per
 * trial of `ep`. Spikes are counted in bins of `binSize` (units × trials × bins; a Ts gives
 * trials × bins, as `trialCount`); a series gives its samples per trial (`toTrialTensor`:
 * trials × samples, other axes first). Shorter trials are padded with `paddingValue`.
 */
export function buildTensor(
  input: Ts | TsGroup | BaseTsd,
  ep: IntervalSet,
  options: BuildTensorOptions = {},
): NDArray {
  options = checkOptions(options, BUILD_TENSOR_KEYS, "buildTensor");
  requireInput(input);
  if (!(ep instanceof IntervalSet)) {
    throw new NappleError("INVALID_ARGUMENT", "ep should be an IntervalSet", { key: "ep" });
  }
  const align = options.align ?? "start";
  if (align !== "start" && align !== "end") {
    throw new NappleError("INVALID_ARGUMENT", "align should be 'start' or 'end'", {
      key: "align",
    });
  }
  const paddingValue = options.paddingValue ?? NaN;
  if (input instanceof Ts || input instanceof TsGroup) {
    if (typeof options.binSize !== "number") {
      throw new NappleError(
        "INVALID_ARGUMENT",
        "When input is a TsGroup or Ts object, binSize should be specified",
        { key: "binSize" },
      );
    }
    return input.trialCount(ep, options.binSize, {
      align,
      paddingValue,
      timeUnits: options.timeUnits,
    });
  }
  return (input as BaseTsd).toTrialTensor(ep, { align, paddingValue });
}
