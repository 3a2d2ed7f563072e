/**
 * Band-pass, band-stop, high-pass and low-pass filters (pynapple 0.9.2 `process/filtering.py`):
 * "butter" mode filters each epoch of the time support with a Butterworth filter, zero-phase
 * (scipy's `butter` + `sosfiltfilt`, ported); "sinc" mode convolves with a Blackman-windowed
 * sinc kernel (`convolve`). `getFilterFrequencyResponse` gives either filter's gain.
 *
 * Memory: butter mode on a lazy input gives a lazy result (`FiltfiltLazyArray`: rows computed
 * when read, from cascade states saved at batch boundaries), so it holds states and one batch;
 * on in-memory input it fills an in-memory result (float64, or float32 for float32 input).
 * Sinc mode convolves each epoch whole and holds its result in memory, lazy input or not.
 * @module
 */
import { NappleError } from "../errors.ts";
import { checkOptions, type OptionKeys } from "../options.ts";
import { NDArray } from "../array/ndarray.ts";
import { allocFloat32, allocFloat64 } from "../array/huge_pages.ts";
import { BaseTsd } from "../core/time_series.ts";
import { restrictRanges } from "../core/time_index.ts";
import { BATCH_KEYS, type BatchOptions, forEachBatch, rowSizeOf } from "./batching.ts";
import { Progress } from "./progress.ts";
import { butterSos, type FilterType, sosFrequencyResponse } from "./iir.ts";
import { nanInputError, sosfiltfiltRows } from "./sosfiltfilt.ts";
import { FiltfiltLazyArray } from "./lazy_filtfilt.ts";
import { isLazy } from "../array/lazy.ts";
import { sincKernel } from "./sinc.ts";
import { fftReal } from "./fft.ts";
import { fftFreq } from "./fft.ts";
import { sourceOf } from "./inputs.ts";
import { LabeledTable } from "./table.ts";

export type { FilterType } from "./iir.ts";

/** Filter design options shared by the filters and `getFilterFrequencyResponse`. */
export interface FilterDesignOptions {
  /** "butter" (Butterworth, zero-phase; default) or "sinc" (windowed-sinc convolution). */
  mode?: "butter" | "sinc";
  /** Butterworth order (default 4). */
  order?: number;
  /** Sinc transition bandwidth as a fraction of the sampling rate (default 0.02). */
  transitionBandwidth?: number;
}

/** Options of the `apply*Filter` functions. */
export interface FilterOptions extends FilterDesignOptions, BatchOptions {
  /** Sampling rate in Hz (default: the signal's `rate`). */
  fs?: number;
}

const DESIGN_KEYS: OptionKeys<Omit<FilterDesignOptions, "mode">> = {
  order: true,
  transitionBandwidth: true,
};
const FILTER_KEYS: OptionKeys<FilterOptions> = {
  ...BATCH_KEYS,
  ...DESIGN_KEYS,
  mode: true,
  fs: true,
};

function checkDesign(options: FilterDesignOptions): Required<FilterDesignOptions> {
  const mode = options.mode ?? "butter";
  if (mode !== "butter" && mode !== "sinc") {
    throw new NappleError(
      "INVALID_ARGUMENT",
      `Unrecognized filter mode ${JSON.stringify(mode)}. Choose either 'butter' or 'sinc'`,
      { key: "mode" },
    );
  }
  const order = options.order ?? 4;
  if (typeof order !== "number" || !Number.isInteger(order) || order < 1) {
    throw new NappleError("INVALID_ARGUMENT", `order should be a positive integer; got ${order}`, {
      key: "order",
    });
  }
  const tb = options.transitionBandwidth ?? 0.02;
  if (typeof tb !== "number" || !(tb > 0 && tb <= 0.5)) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      `transitionBandwidth should be a number in (0, 0.5]; got ${tb}`,
      { key: "transitionBandwidth" },
    );
  }
  return { mode, order, transitionBandwidth: tb };
}

function checkCutoff(cutoff: unknown, type: FilterType): number | [number, number] {
  const band = type === "bandpass" || type === "bandstop";
  if (!band && (typeof cutoff !== "number" || !Number.isFinite(cutoff))) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      `${type} filter require a single number. ${JSON.stringify(cutoff)} provided instead.`,
      { key: "cutoff" },
    );
  }
  if (
    band &&
    (!Array.isArray(cutoff) || cutoff.length !== 2 ||
      !cutoff.every((c) => typeof c === "number" && Number.isFinite(c)))
  ) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      `${type} filter require a pair of two numbers. ${JSON.stringify(cutoff)} provided instead.`,
      { key: "cutoff" },
    );
  }
  return band ? [(cutoff as number[])[0], (cutoff as number[])[1]] : cutoff as number;
}

function checkFs(fs: unknown): number {
  if (typeof fs !== "number" || !(fs > 0) || !Number.isFinite(fs)) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      `Invalid value for 'fs'. Parameter 'fs' should be a positive number; got ${fs}`,
      { key: "fs" },
    );
  }
  return fs;
}

function filter<T extends BaseTsd>(
  data: T,
  cutoff: unknown,
  type: FilterType,
  options: FilterOptions,
): T {
  options = checkOptions(
    options,
    FILTER_KEYS,
    `apply${type[0].toUpperCase()}${type.slice(1)}Filter`,
  );
  if (!(data instanceof BaseTsd)) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      "First argument should be a Tsd, TsdFrame or TsdTensor",
      { key: "data" },
    );
  }
  const design = checkDesign(options);
  const fc = checkCutoff(cutoff, type);
  const fs = options.fs === undefined ? data.rate : checkFs(options.fs);
  if (design.mode === "sinc") {
    const kernel = sincKernel(fc, type, fs, design.transitionBandwidth);
    forEachBatch(sourceOf(data), [[0, data.length]], (d) => {
      if (hasNaN(d)) throw nanInputError();
    }, { ...options, progress: false });
    return data.convolve(kernel);
  }
  const sos = butterSos(design.order, fc, type, fs);
  const src = sourceOf(data);
  const m = rowSizeOf(src);
  const n = data.length;
  // float32 stays float32: filled chunk by chunk without a float64 copy of the whole result
  const float32 = data.dtype === "float32";
  const ranges = restrictRanges(data.t, data.timeSupport.start, data.timeSupport.end);
  if (isLazy(src)) {
    const rows = new FiltfiltLazyArray(sos, src, ranges, float32, `${type} filter`, options);
    return data.fromRows(data.t, rows, data.timeSupport);
  }
  const out = float32 ? allocFloat32(n * m) : allocFloat64(n * m);
  const progress = Progress.start(`${type} filter`, options.progress);
  progress?.setTotal(n);
  try {
    for (const [a, b] of ranges) {
      if (b > a) sosfiltfiltRows(sos, src, a, b, m, out, a * m, options, float32);
      progress?.advance(b - a);
    }
  } finally {
    progress?.done();
  }
  const d = out instanceof Float32Array
    ? new NDArray(out, data.shape, "float32")
    : new NDArray(out, data.shape, "float64");
  return data.fromRows(data.t, d, data.timeSupport);
}

function hasNaN(x: Float64Array): boolean {
  for (let i = 0; i < x.length; i++) if (Number.isNaN(x[i])) return true;
  return false;
}

/**
 * Band-pass filter (pynapple `apply_bandpass_filter`): keeps `cutoff[0]`–`cutoff[1]` Hz. Butter
 * mode (default, `order` 4) is zero-phase and runs per epoch of the time support; the result
 * has the input's class, timestamps, columns and support (float64; float32 stays float32). On a
 * lazy input, butter mode gives a lazy result whose rows are computed when read (equal to the
 * in-memory result); sinc mode gives an in-memory one.
 */
export function applyBandpassFilter<T extends BaseTsd>(
  data: T,
  cutoff: readonly [number, number],
  options: FilterOptions = {},
): T {
  return filter(data, cutoff, "bandpass", options);
}

/** Band-stop filter (pynapple `apply_bandstop_filter`): removes `cutoff[0]`–`cutoff[1]` Hz. */
export function applyBandstopFilter<T extends BaseTsd>(
  data: T,
  cutoff: readonly [number, number],
  options: FilterOptions = {},
): T {
  return filter(data, cutoff, "bandstop", options);
}

/** High-pass filter (pynapple `apply_highpass_filter`): keeps frequencies above `cutoff` Hz. */
export function applyHighpassFilter<T extends BaseTsd>(
  data: T,
  cutoff: number,
  options: FilterOptions = {},
): T {
  return filter(data, cutoff, "highpass", options);
}

/** Low-pass filter (pynapple `apply_lowpass_filter`): keeps frequencies below `cutoff` Hz. */
export function applyLowpassFilter<T extends BaseTsd>(
  data: T,
  cutoff: number,
  options: FilterOptions = {},
): T {
  return filter(data, cutoff, "lowpass", options);
}

/**
 * Gain of a filter against frequency (pynapple `get_filter_frequency_response`): butter mode
 * gives `|H|` at 1024 frequencies from 0 to fs/2 (scipy `sosfreqz`), sinc mode the magnitude of
 * the kernel's FFT at frequencies ≥ 0. One column (`0`), indexed by frequency; `.plot()` draws it.
 */
export function getFilterFrequencyResponse(
  cutoff: number | readonly [number, number],
  fs: number,
  filterType: FilterType,
  mode: "butter" | "sinc",
  options: Omit<FilterDesignOptions, "mode"> = {},
): LabeledTable {
  options = checkOptions(options, DESIGN_KEYS, "getFilterFrequencyResponse");
  if (!["lowpass", "highpass", "bandpass", "bandstop"].includes(filterType)) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      `filterType should be "lowpass", "highpass", "bandpass" or "bandstop"; got ${filterType}`,
      { key: "filterType" },
    );
  }
  const design = checkDesign({ ...options, mode });
  const fc = checkCutoff(cutoff, filterType);
  checkFs(fs);
  if (design.mode === "butter") {
    const { freqs, gain } = sosFrequencyResponse(
      butterSos(design.order, fc, filterType, fs),
      1024,
      fs,
    );
    return new LabeledTable(Array.from(freqs), [0], gain, { floatIndex: true });
  }
  const kernel = sincKernel(fc, filterType, fs, design.transitionBandwidth);
  const [re, im] = fftReal(kernel);
  const freqs = fftFreq(kernel.length, 1 / fs);
  // fftshift order, frequencies >= 0 only: 0, 1, ..., ceil(n/2) - 1
  const keep: number[] = [];
  for (let i = 0; i < freqs.length; i++) if (freqs[i] >= 0) keep.push(i);
  return new LabeledTable(
    keep.map((i) => freqs[i]),
    [0],
    Float64Array.from(keep, (i) => Math.hypot(re[i], im[i])),
    { floatIndex: true },
  );
}
