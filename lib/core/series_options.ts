/**
 * The options objects of the series constructors and methods, each with the list of its keys that
 * `checkOptions` enforces at run time (TypeScript keeps each list equal to its interface).
 * @module
 */
import type { DType } from "../array/dtype.ts";
import type { OptionKeys } from "../options.ts";
import type { IntervalSet } from "./interval_set.ts";
import type { MetadataRecord } from "./metadata.ts";
import type { TimeInput, TimeUnits } from "./time_index.ts";
import type { DataInput } from "./store.ts";
import type { Trim } from "./series_ops.ts";
import type { TimeDiffAlign, TrialAlign } from "./series_methods.ts";
import type { DecimateFilter } from "./decimate.ts";

/** Options shared by every series constructor. */
export interface SeriesOptions {
  /** Timestamps (sorted for you with a warning if they are not). */
  t: TimeInput;
  /** Units of `t` (default seconds). */
  timeUnits?: TimeUnits;
  /** Time support; samples outside it are dropped. Default: `[t[0], t[n-1]]`. */
  timeSupport?: IntervalSet;
}

/** Options of `new Ts(...)`. */
export type TsOptions = SeriesOptions;

/** Options of `new Tsd(...)` and `new TsdTensor(...)`. */
export interface TsdOptions extends SeriesOptions {
  /** Values, one row per timestamp. A LazyArray stays lazy unless `loadArray` is true. */
  d: DataInput;
  /**
   * `true` reads a LazyArray `d` into memory (with pynapple's conversion warning); otherwise a
   * LazyArray stays lazy, as pynapple keeps h5py datasets lazy. In-memory data is unaffected.
   */
  loadArray?: boolean;
}

/** A TsdFrame column label. */
export type ColumnLabel = string | number;

/** Options of `new TsdFrame(...)`. */
export interface TsdFrameOptions extends TsdOptions {
  /** Column labels (default 0..n-1). */
  columns?: readonly ColumnLabel[];
  /** Per-column metadata: one value per column for each metadata field. */
  metadata?: MetadataRecord;
}

/** Options of `count`. */
export interface CountOptions {
  /** Bin size; without it, one count per epoch. */
  binSize?: number;
  /** Epochs to count in (default: the time support). */
  ep?: IntervalSet;
  /** Units of `binSize` (default seconds). */
  timeUnits?: TimeUnits;
  /** dtype of the counts (default int64, as pynapple). */
  dtype?: DType;
}

/** Options of `binAverage` (pynapple `bin_average(bin_size, ep, time_units)`). */
export interface BinAverageOptions {
  /** Epochs to average in (default: the time support). */
  ep?: IntervalSet;
  /** Units of `binSize` (default seconds). */
  timeUnits?: TimeUnits;
}

/** Options of `interpolate` (pynapple `interpolate(ts, ep, left, right)`). */
export interface InterpolateOptions {
  /** Epochs to interpolate in (default: the time support). */
  ep?: IntervalSet;
  /** Value before the first sample of an epoch (default: the first value). */
  left?: number;
  /** Value after the last sample of an epoch (default: the last value). */
  right?: number;
}

/** Options of `convolve` (pynapple `convolve(array, ep, trim)`). */
export interface ConvolveOptions {
  /** Epochs to convolve in, each on its own (default: the time support). */
  ep?: IntervalSet;
  /** Which part of the full convolution is kept (default `"both"`). */
  trim?: Trim;
}

/** Options of `smooth` (pynapple `smooth(std, windowsize, time_units, size_factor, norm)`). */
export interface SmoothOptions {
  /** Window length, in `timeUnits` (default `std * sizeFactor`). */
  windowSize?: number;
  /** Units of `std` and `windowSize` (default seconds). */
  timeUnits?: TimeUnits;
  /** Window length in standard deviations when `windowSize` is not given (default 100). */
  sizeFactor?: number;
  /** Normalise the window to sum 1 (default true). */
  norm?: boolean;
}

const SERIES_KEYS: OptionKeys<SeriesOptions> = { t: true, timeUnits: true, timeSupport: true };
/** Keys of {@linkcode TsOptions}. */
export const TS_KEYS: OptionKeys<TsOptions> = SERIES_KEYS;
/** Keys of {@linkcode TsdOptions}. */
export const TSD_KEYS: OptionKeys<TsdOptions> = { ...SERIES_KEYS, d: true, loadArray: true };
/** Keys of {@linkcode TsdFrameOptions}. */
export const TSDFRAME_KEYS: OptionKeys<TsdFrameOptions> = {
  ...TSD_KEYS,
  columns: true,
  metadata: true,
};
/** Keys of {@linkcode CountOptions}. */
export const COUNT_KEYS: OptionKeys<CountOptions> = {
  binSize: true,
  ep: true,
  timeUnits: true,
  dtype: true,
};
/** Keys of {@linkcode BinAverageOptions}. */
export const BIN_AVERAGE_KEYS: OptionKeys<BinAverageOptions> = { ep: true, timeUnits: true };
/** Keys of {@linkcode InterpolateOptions}. */
export const INTERPOLATE_KEYS: OptionKeys<InterpolateOptions> = {
  ep: true,
  left: true,
  right: true,
};
/** Keys of {@linkcode ConvolveOptions}. */
export const CONVOLVE_KEYS: OptionKeys<ConvolveOptions> = { ep: true, trim: true };
/** Keys of {@linkcode SmoothOptions}. */
export const SMOOTH_KEYS: OptionKeys<SmoothOptions> = {
  windowSize: true,
  timeUnits: true,
  sizeFactor: true,
  norm: true,
};

/** Options of `timeDiff` (pynapple `time_diff(align, epochs)`). */
export interface TimeDiffOptions {
  /** Where each difference is timed: the start, center (default) or end of its interval. */
  align?: TimeDiffAlign;
  /** Epochs to take differences in (default: the time support). */
  epochs?: IntervalSet;
}

/** Options of `std` and `var` (and their NaN-ignoring forms). */
export interface DdofOptions {
  /** Delta degrees of freedom (default 0, as numpy). */
  ddof?: number;
}

/** Options of `zscore` (scipy `stats.zscore(x, axis=0, ddof, nan_policy)`). */
export interface ZscoreOptions extends DdofOptions {
  /** `"omit"` takes mean and std over the non-NaN values (default `"propagate"`). */
  nanPolicy?: "propagate" | "omit";
}

/** Options of `toTrialTensor` (pynapple `to_trial_tensor(ep, align, padding_value)`). */
export interface TrialTensorOptions {
  /** Align the trials on their start (default) or end. */
  align?: TrialAlign;
  /** Value past a trial's end (default NaN). */
  paddingValue?: number;
}

/** Options of `decimate` (pynapple `decimate(down, order, filter_type, ep)`). */
export interface DecimateOptions {
  /** Filter order (default 8): Chebyshev I order for "iir", taps - 1 for "fir". */
  order?: number;
  /** "iir" (default, zero-phase Chebyshev I) or "fir" (Hamming-windowed, scipy resample_poly). */
  filterType?: DecimateFilter;
  /** Epochs to decimate (default: the time support). */
  ep?: IntervalSet;
  /** Show the progress indicator on a long run (default true; see `setProgressEnabled`). */
  progress?: boolean;
}

/** Keys of {@linkcode DecimateOptions}. */
export const DECIMATE_KEYS: OptionKeys<DecimateOptions> = {
  order: true,
  filterType: true,
  ep: true,
  progress: true,
};
/** Keys of {@linkcode TimeDiffOptions}. */
export const TIME_DIFF_KEYS: OptionKeys<TimeDiffOptions> = { align: true, epochs: true };
/** Keys of {@linkcode DdofOptions}. */
export const DDOF_KEYS: OptionKeys<DdofOptions> = { ddof: true };
/** Keys of {@linkcode ZscoreOptions}. */
export const ZSCORE_KEYS: OptionKeys<ZscoreOptions> = { ddof: true, nanPolicy: true };
/** Keys of {@linkcode TrialTensorOptions}. */
export const TRIAL_TENSOR_KEYS: OptionKeys<TrialTensorOptions> = {
  align: true,
  paddingValue: true,
};
