/**
 * Spectra (pynapple 0.9.2 `process/spectrum.py`): the FFT of one epoch, its power spectral
 * density, and the mean PSD over overlapping Hamming-windowed intervals (Welch-style). Same
 * arithmetic as numpy (`fft.fft`, `fftfreq`) and scipy (`windows.hamming`), so the numbers
 * agree with pynapple's to rounding.
 *
 * Memory: `computeFft` and `computePowerSpectralDensity` transform a whole epoch at once, so
 * they hold that epoch's values (read in batches when lazy); `computeMeanPowerSpectralDensity`
 * reads one window at a time and runs in memory bounded by the window size.
 * @module
 */
import { NappleError } from "../errors.ts";
import { checkOptions, type OptionKeys } from "../options.ts";
import { IntervalSet } from "../core/interval_set.ts";
import { type BaseTsd, Tsd, TsdFrame } from "../core/time_series.ts";
import {
  checkTimeUnits,
  lowerBound,
  restrictRanges,
  roundTime,
  type RowRange,
  type TimeUnits,
  toSeconds,
} from "../core/time_index.ts";
import { BATCH_KEYS, type BatchOptions, forEachBatch, RowWindow } from "./batching.ts";
import { Progress } from "./progress.ts";
import { addPairedPower, fftFreq, fftRealInto } from "./fft.ts";
import { allocFloat64 } from "../array/huge_pages.ts";
import { isLazy } from "../array/lazy.ts";
import { linspace } from "./numeric.ts";
import { sourceOf } from "./inputs.ts";
import { ComplexTable } from "./complex_table.ts";
import { LabeledTable } from "./table.ts";

/** Options of {@linkcode computeFft}. */
export interface FftOptions extends BatchOptions {
  /** Sampling rate in Hz (default: the signal's `rate`). */
  fs?: number;
  /** The single epoch to transform (default: the signal's time support, which must be one epoch). */
  ep?: IntervalSet;
  /** Keep negative frequencies too (default false: frequencies ≥ 0 only). */
  fullRange?: boolean;
  /** Divide the transform by its length (default false). */
  norm?: boolean;
  /** Transform length: the epoch's values are cropped or zero-padded to `n`. */
  n?: number;
}

/** Options of {@linkcode computePowerSpectralDensity}. */
export type PsdOptions = Omit<FftOptions, "norm">;

const FFT_KEYS: OptionKeys<FftOptions> = {
  ...BATCH_KEYS,
  fs: true,
  ep: true,
  fullRange: true,
  norm: true,
  n: true,
};
const PSD_KEYS: OptionKeys<PsdOptions> = {
  ...BATCH_KEYS,
  fs: true,
  ep: true,
  fullRange: true,
  n: true,
};

/** Options of {@linkcode computeMeanPowerSpectralDensity}. */
export interface MeanPsdOptions extends BatchOptions {
  /** Sampling rate in Hz (default: the signal's `rate`). */
  fs?: number;
  /** Fraction of overlap between successive intervals, in [0, 1) (default 0.25). */
  overlap?: number;
  /** Epochs to split into intervals (default: the signal's time support). */
  ep?: IntervalSet;
  /** Keep negative frequencies too (default false). */
  fullRange?: boolean;
  /** Units of `intervalSize` (default seconds). */
  timeUnits?: TimeUnits;
}

const MEAN_PSD_KEYS: OptionKeys<MeanPsdOptions> = {
  ...BATCH_KEYS,
  fs: true,
  overlap: true,
  ep: true,
  fullRange: true,
  timeUnits: true,
};

/** A Tsd or TsdFrame, else an error naming the parameter. */
export function requireSignal(x: unknown, what = "sig"): Tsd | TsdFrame {
  if (!(x instanceof Tsd) && !(x instanceof TsdFrame)) {
    throw new NappleError("INVALID_ARGUMENT", `${what} should be a Tsd or a TsdFrame`, {
      key: what,
    });
  }
  return x;
}

function optionalNumber(x: unknown, what: string): number | undefined {
  if (x === undefined) return undefined;
  if (typeof x !== "number" || !Number.isFinite(x) || x <= 0) {
    throw new NappleError("INVALID_ARGUMENT", `${what} should be a positive number; got ${x}`, {
      key: what,
    });
  }
  return x;
}

function singleEpoch(sig: BaseTsd, ep: unknown): IntervalSet {
  if (ep !== undefined && !(ep instanceof IntervalSet)) {
    throw new NappleError("INVALID_ARGUMENT", "ep should be an IntervalSet", { key: "ep" });
  }
  const e = ep ?? sig.timeSupport;
  if (e.length !== 1) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      "Given epoch (or signal time_support) must have length 1",
      { key: "ep" },
    );
  }
  return e;
}

/** Column count of a Tsd (1) or TsdFrame. */
function widthOf(sig: BaseTsd): number {
  return sig.shape.length === 1 ? 1 : sig.shape[1];
}

/**
 * The rows `ranges` of `sig`, row-major float64: a view of in-memory float64 values over one
 * range, else one copy (lazy values read in batches).
 */
function readRows(sig: BaseTsd, ranges: readonly RowRange[], options: BatchOptions): Float64Array {
  const m = widthOf(sig);
  let n = 0;
  for (const [a, b] of ranges) n += b - a;
  let rows: Float64Array | undefined;
  forEachBatch(
    sourceOf(sig),
    ranges,
    (d, first, count) => {
      if (first === 0 && count === n) rows = d.subarray(0, n * m);
      else {
        rows ??= allocFloat64(n * m);
        rows.set(d.subarray(0, count * m), first * m);
      }
    },
    options,
    "signal",
  );
  return rows ?? new Float64Array(0);
}

/** Columns gathered per pass over the rows: one cache line of float64 values. */
const GROUP = 8;

/**
 * numpy `fft.fft(x[:, j], n)` of every column `j` of the row-major `data` (`m` columns), handed
 * to `take(fr, fi, c)` with `c = j - j0` inside a group of columns `j0 ≤ j < j0 + w`, then
 * `flush(j0, w)` once per group. Columns are gathered a group at a time, so each pass over the
 * rows reads whole cache lines and the results can be written a row of the group at a time.
 */
function columnTransforms(
  data: Float64Array,
  m: number,
  n: number,
  take: (fr: Float64Array, fi: Float64Array, c: number) => void,
  flush: (j0: number, w: number) => void,
): void {
  const len = m > 0 ? data.length / m : 0;
  const g = Math.min(GROUP, m);
  const cols = m === 1 ? data : allocFloat64(g * len);
  const fr = allocFloat64(n), fi = allocFloat64(n);
  for (let j0 = 0; j0 < m; j0 += g) {
    const w = Math.min(g, m - j0);
    if (m > 1) {
      for (let i = 0, at = j0; i < len; i++, at += m) {
        for (let c = 0; c < w; c++) cols[c * len + i] = data[at + c];
      }
    }
    for (let c = 0; c < w; c++) {
      fftRealInto(cols.subarray(c * len, (c + 1) * len), n, fr, fi);
      take(fr, fi, c);
    }
    flush(j0, w);
  }
}

/** Writes group columns `c < w` of `part` (`rows` values each) into columns `j0 + c` of `out`. */
function scatter(
  part: Float64Array,
  rows: number,
  out: Float64Array,
  m: number,
  j0: number,
  w: number,
) {
  for (let i = 0, at = j0; i < rows; i++, at += m) {
    for (let c = 0; c < w; c++) out[at + c] = part[c * rows + i];
  }
}

/**
 * Row order sorting numpy's `fftfreq(n)` ascending (the negative frequencies, then 0 and the
 * positive ones), keeping only those ≥ 0 unless `fullRange`.
 */
function frequencyRows(n: number, fullRange: boolean): Int32Array {
  const half = Math.floor((n - 1) / 2) + 1; // fftfreq's non-negative entries come first
  const out = new Int32Array(fullRange ? n : half);
  let k = 0;
  if (fullRange) { for (let i = half; i < n; i++) out[k++] = i; }
  for (let i = 0; i < half; i++) out[k++] = i;
  return out;
}

/**
 * What `computeFft` and `computePowerSpectralDensity` transform: the signal's rows over its one
 * epoch (`ep` or the time support) as row-major float64, `m` columns, the transform length `n`
 * (`options.n` or the epoch's row count), the sampling rate and numpy's `fftfreq(n, 1/fs)`.
 */
function epochSignal(
  sig: Tsd | TsdFrame,
  options: PsdOptions,
): { data: Float64Array; m: number; n: number; fs: number; freqs: Float64Array } {
  requireSignal(sig);
  const ep = singleEpoch(sig, options.ep);
  const fs = optionalNumber(options.fs, "fs") ?? sig.rate;
  const data = readRows(sig, restrictRanges(sig.t, ep.start, ep.end), options);
  const m = widthOf(sig);
  const len = m > 0 ? data.length / m : 0;
  const n = options.n === undefined ? len : positiveInt(options.n, "n");
  return { data, m, n, fs, freqs: fftFreq(n, 1 / fs) };
}

/**
 * The FFT of a signal over one epoch (pynapple `compute_fft`): numpy's `fft.fft` of each column
 * along time, rows labelled by frequency (`fftfreq(n, 1/fs)`, sorted). Columns are numbered
 * 0..m-1, as in pynapple's DataFrame.
 */
export function computeFft(sig: Tsd | TsdFrame, options: FftOptions = {}): ComplexTable {
  options = checkOptions(options, FFT_KEYS, "computeFft");
  const { data, m, n, freqs } = epochSignal(sig, options);
  const rows = frequencyRows(n, options.fullRange ?? false);
  const R = rows.length;
  const re = allocFloat64(R * m);
  const im = allocFloat64(R * m);
  const gr = allocFloat64(Math.min(GROUP, m) * R), gi = allocFloat64(gr.length);
  const norm = options.norm ?? false;
  columnTransforms(data, m, n, (fr, fi, c) => {
    for (let i = 0; i < R; i++) {
      const r = rows[i];
      gr[c * R + i] = norm ? fr[r] / n : fr[r];
      gi[c * R + i] = norm ? fi[r] / n : fi[r];
    }
  }, (j0, w) => {
    scatter(gr, R, re, m, j0, w);
    scatter(gi, R, im, m, j0, w);
  });
  return new ComplexTable(
    Float64Array.from(rows, (r) => freqs[r]),
    Array.from({ length: m }, (_, j) => j),
    re,
    im,
  );
}

function positiveInt(x: unknown, what: string): number {
  if (typeof x !== "number" || !Number.isInteger(x) || x < 1) {
    throw new NappleError("INVALID_ARGUMENT", `${what} should be a positive integer; got ${x}`, {
      key: what,
    });
  }
  return x;
}

/** Doubles the one-sided power of frequencies other than 0 and Nyquist, as pynapple does. */
function doubleOneSided(values: Float64Array, freqs: Float64Array, m: number, fs: number): void {
  for (let i = 0; i < freqs.length; i++) {
    // pynapple compares with fs/2 - 1e-6 to absorb fftfreq's rounding at Nyquist
    if (freqs[i] !== 0 && freqs[i] < fs / 2 - 1e-6) {
      for (let j = 0; j < m; j++) values[i * m + j] *= 2;
    }
  }
}

/**
 * Power spectral density over one epoch (pynapple `compute_power_spectral_density`):
 * `|fft|² / (fs·n)`, one-sided by default (frequencies other than 0 and Nyquist doubled).
 */
export function computePowerSpectralDensity(
  sig: Tsd | TsdFrame,
  options: PsdOptions = {},
): LabeledTable {
  options = checkOptions(options, PSD_KEYS, "computePowerSpectralDensity");
  const { data, m, n, fs, freqs } = epochSignal(sig, options);
  const fullRange = options.fullRange ?? false;
  const rows = frequencyRows(n, fullRange);
  const R = rows.length;
  const index = Float64Array.from(rows, (r) => freqs[r]);
  // pynapple doubles the one-sided power of frequencies other than 0 and Nyquist (compared with
  // fs/2 - 1e-6 to absorb fftfreq's rounding)
  const factor = Float64Array.from(
    index,
    (f) => !fullRange && f !== 0 && f < fs / 2 - 1e-6 ? 2 : 1,
  );
  const out = allocFloat64(R * m);
  const part = allocFloat64(Math.min(GROUP, m) * R);
  const scale = 1 / (fs * n);
  columnTransforms(data, m, n, (fr, fi, c) => {
    for (let i = 0; i < R; i++) {
      const r = rows[i];
      // |X|² as a sum of squares: numpy's abs(X)**2 to rounding, without hypot's cost
      part[c * R + i] = scale * (fr[r] * fr[r] + fi[r] * fi[r]) * factor[i];
    }
  }, (j0, w) => scatter(part, R, out, m, j0, w));
  return new LabeledTable(Array.from(index), Array.from({ length: m }, (_, j) => j), out, {
    floatIndex: true,
  });
}

/** pynapple's `_overlap_split`: windows of `size` stepping by `(1 - overlap)·size` per epoch. */
function overlapSplit(
  start: Float64Array,
  end: Float64Array,
  size: number,
  overlap: number,
): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let k = 0; k < start.length; k++) {
    let t = start[k];
    while (t + size < end[k]) {
      out.push([t, t + size]);
      t += (1 - overlap) * size;
    }
  }
  return out;
}

/** scipy `signal.windows.hamming(n)` (symmetric): `0.54 + 0.46·cos(linspace(-π, π, n))`. */
export function hamming(n: number): Float64Array {
  if (n <= 1) return new Float64Array(n).fill(1);
  const fac = linspace(-Math.PI, Math.PI, n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    w[i] = 0 + 0.54 * Math.cos(0 * fac[i]) + (1 - 0.54) * Math.cos(fac[i]);
  }
  return w;
}

/**
 * Mean power spectral density over intervals of `intervalSize` (pynapple
 * `compute_mean_power_spectral_density`): each epoch is split into intervals overlapping by
 * `overlap`, each interval's first N samples (N the shortest interval's sample count) are
 * multiplied by a Hamming window, and their PSDs `|fft|² / (fs·N)` are averaged. Reads one
 * interval at a time.
 */
export function computeMeanPowerSpectralDensity(
  sig: Tsd | TsdFrame,
  intervalSize: number,
  options: MeanPsdOptions = {},
): LabeledTable {
  options = checkOptions(options, MEAN_PSD_KEYS, "computeMeanPowerSpectralDensity");
  requireSignal(sig);
  const overlap = options.overlap ?? 0.25;
  if (typeof overlap !== "number" || !(overlap >= 0 && overlap < 1)) {
    throw new NappleError("INVALID_ARGUMENT", "Overlap should be in intervals [0.0, 1.0).", {
      key: "overlap",
    });
  }
  if (options.ep !== undefined && !(options.ep instanceof IntervalSet)) {
    throw new NappleError("INVALID_ARGUMENT", "ep should be an IntervalSet", { key: "ep" });
  }
  const ep = options.ep ?? sig.timeSupport;
  const fs = optionalNumber(options.fs, "fs") ?? sig.rate;
  optionalNumber(intervalSize, "intervalSize");
  const size = roundTime(toSeconds(intervalSize, checkTimeUnits(options.timeUnits ?? "s")));
  let longest = -Infinity;
  for (let i = 0; i < ep.length; i++) longest = Math.max(longest, ep.end[i] - ep.start[i]);
  if (!(longest >= size)) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      `Splitting epochs with intervalSize=${size} generated an empty IntervalSet. Try decreasing intervalSize`,
      { key: "intervalSize" },
    );
  }
  // pynapple's get_slice(start, end): rows with start <= t <= end after rounding both to 1 ns
  const slices = overlapSplit(ep.start, ep.end, size, overlap).map(([a, b]): RowRange => {
    const lo = lowerBound(sig.t, roundTime(a));
    const hi = lowerBound(sig.t, roundTime(b));
    const last = Math.min(hi, sig.t.length - 1);
    return [lo, Math.max(lo, last + (sig.t[last] <= roundTime(b) ? 1 : 0))];
  });
  let N = Infinity;
  for (const [a, b] of slices) N = Math.min(N, b - a);
  if (slices.length === 0 || N === 0) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      "One interval doesn't have any signal associated. Check the parameter ep or the time support if no epoch is passed.",
      { key: "ep" },
    );
  }
  const m = widthOf(sig);
  const window = hamming(N);
  const sum = new Float64Array(N * m);
  const scale = 1 / (fs * N);
  const progress = Progress.start("mean PSD", options.progress);
  progress?.setTotal(slices.length * N);
  const src = sourceOf(sig);
  const xr = new Float64Array(N), xi = new Float64Array(N);
  const fr = new Float64Array(N), fi = new Float64Array(N);
  const single = (x: Float64Array, j: number) => {
    fftRealInto(x, N, fr, fi);
    for (let i = 0; i < N; i++) sum[i * m + j] += scale * (fr[i] * fr[i] + fi[i] * fi[i]);
  };
  try {
    // lazy values: one window over all intervals, read a batch at a time into one buffer;
    // in memory: the interval's rows (a view for float64 values)
    const ranges = slices.map(([a]): RowRange => [a, a + N]);
    const shared = isLazy(src) ? new RowWindow(src, ranges, options.batchSize) : undefined;
    for (let w = 0; w < ranges.length; w++) {
      let d: Float64Array;
      if (shared) {
        shared.ensure(w * N, (w + 1) * N);
        d = shared.data.subarray((w * N - shared.base) * m, ((w + 1) * N - shared.base) * m);
      } else {
        const win = new RowWindow(src, [ranges[w]], options.batchSize);
        win.ensure(0, N);
        d = win.data;
      }
      // columns two at a time through one complex transform
      for (let j = 0; j < m; j += 2) {
        if (j + 1 === m) {
          for (let i = 0; i < N; i++) xr[i] = d[i * m + j] * window[i];
          single(xr, j);
          break;
        }
        // largest magnitudes, and sums that turn NaN or infinite when a value is
        let mx = 0, my = 0, sx = 0, sy = 0;
        for (let i = 0, at = j; i < N; i++, at += m) {
          const u = d[at] * window[i], v = d[at + 1] * window[i];
          xr[i] = u;
          xi[i] = v;
          sx += u;
          sy += v;
          const au = u < 0 ? -u : u, av = v < 0 ? -v : v;
          if (au > mx) mx = au;
          if (av > my) my = av;
        }
        if (mx > 0 && my > 0 && Number.isFinite(sx) && Number.isFinite(sy)) {
          addPairedPower(xr, xi, N, mx, my, sum, j, m, scale);
        } else {
          single(xr, j);
          single(xi, j + 1);
        }
      }
      progress?.advance(N);
    }
  } finally {
    progress?.done();
  }
  for (let i = 0; i < sum.length; i++) sum[i] /= slices.length;
  const freqs = fftFreq(N, 1 / fs);
  const fullRange = options.fullRange ?? false;
  const rows = frequencyRows(N, fullRange);
  const out = new Float64Array(rows.length * m);
  rows.forEach((r, i) => out.set(sum.subarray(r * m, (r + 1) * m), i * m));
  const index = Float64Array.from(rows, (r) => freqs[r]);
  if (!fullRange) doubleOneSided(out, index, m, fs);
  return new LabeledTable(Array.from(index), Array.from({ length: m }, (_, j) => j), out, {
    floatIndex: true,
  });
}
