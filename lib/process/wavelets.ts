/**
 * Continuous wavelet transform with Morlet wavelets (pynapple 0.9.2 `process/wavelets.py`):
 * pynapple's filter bank (a Morlet of 2^precision samples, rescaled per frequency, padded to the
 * longest), convolved with each column per epoch and normalised by `fs / f` ("l1") or
 * `fs / √f` ("l2").
 *
 * The convolutions run by overlap-save FFT blocks: each block of the signal is transformed once
 * for every frequency, and lazy signals are read block by block, so memory is the result plus
 * the filter bank's transforms.
 * @module
 */
import { NappleError } from "../errors.ts";
import { checkOptions, type OptionKeys } from "../options.ts";
import { NDArray } from "../array/ndarray.ts";
import { allocFloat64 } from "../array/huge_pages.ts";
import { type BaseTsd, Tsd, TsdFrame, TsdTensor } from "../core/time_series.ts";
import { restrictRanges } from "../core/time_index.ts";
import { BATCH_KEYS, type BatchOptions, rowSizeOf, RowWindow } from "./batching.ts";
import { Progress } from "./progress.ts";
import { fftPlan, fftReal } from "./fft.ts";
import { linspace } from "./numeric.ts";
import { sourceOf } from "./inputs.ts";
import { ComplexSeries } from "./complex_series.ts";

/** Options of {@linkcode generateMorletFilterbank}. */
export interface MorletOptions {
  /** Width of the Gaussian envelope (default 1.5). */
  gaussianWidth?: number;
  /** Cycles of the wavelet (default 1.0). */
  windowLength?: number;
  /** The base wavelet has 2^precision samples (default 16). */
  precision?: number;
}

/** Options of {@linkcode computeWaveletTransform}. */
export interface WaveletOptions extends MorletOptions, BatchOptions {
  /** Sampling rate in Hz (default: the signal's `rate`). */
  fs?: number;
  /** "l1" (default: divide by fs / f), "l2" (by fs / √f) or "none". */
  norm?: "l1" | "l2" | "none";
}

const MORLET_KEYS: OptionKeys<MorletOptions> = {
  gaussianWidth: true,
  windowLength: true,
  precision: true,
};
const WAVELET_KEYS: OptionKeys<WaveletOptions> = {
  ...BATCH_KEYS,
  ...MORLET_KEYS,
  fs: true,
  norm: true,
};

function checkFreqs(freqs: unknown): Float64Array {
  if (!freqs || typeof (freqs as ArrayLike<number>).length !== "number") {
    throw new NappleError("INVALID_ARGUMENT", "freqs should be an array of frequencies", {
      key: "freqs",
    });
  }
  const f = Float64Array.from(freqs as ArrayLike<number>, Number);
  if (f.length === 0) {
    throw new NappleError("INVALID_ARGUMENT", "Given list of freqs cannot be empty.", {
      key: "freqs",
    });
  }
  if (!f.every((x) => x > 0)) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      "All frequencies in freqs must be strictly positive",
      {
        key: "freqs",
      },
    );
  }
  return f;
}

function positive(x: unknown, what: string, integer = false): number {
  if (
    typeof x !== "number" || !(x > 0) || !Number.isFinite(x) || (integer && !Number.isInteger(x))
  ) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      `${what} must be a positive ${integer ? "integer" : "number"}; got ${x}`,
      { key: what },
    );
  }
  return x;
}

interface Bank {
  /** Kernel length (all padded to the longest). */
  k: number;
  re: Float64Array[];
  im: Float64Array[];
  time: Float64Array;
}

function morletBank(
  freqs: Float64Array,
  fs: number,
  options: MorletOptions,
): Bank {
  const gw = positive(options.gaussianWidth ?? 1.5, "gaussianWidth");
  const wl = positive(options.windowLength ?? 1.0, "windowLength");
  const precision = positive(options.precision ?? 16, "precision", true);
  const M = 2 ** precision;
  const cutoff = 8;
  // conj of pynapple's _morlet(M, gw, wl) (its own precision argument stays at 8)
  const xm = linspace(-8, 8, M);
  const amp = (Math.PI * gw) ** -0.25;
  const mre = new Float64Array(M), mim = new Float64Array(M);
  for (let i = 0; i < M; i++) {
    const g = amp * Math.exp(-(xm[i] ** 2) / gw);
    const th = 2 * Math.PI * wl * xm[i];
    mre[i] = g * Math.cos(th);
    mim[i] = -(g * Math.sin(th));
  }
  const x = linspace(-cutoff, cutoff, M);
  let maxLen = -1;
  let time: Float64Array = new Float64Array(0);
  const re: Float64Array[] = [], im: Float64Array[] = [];
  for (const freq of freqs) {
    const scale = wl / (freq / fs);
    const n = Math.ceil(scale * (x[M - 1] - x[0]) + 1);
    const step = scale * (x[1] - x[0]);
    const idx: number[] = [];
    for (let i = 0; i < n; i++) {
      const j = Math.ceil(i / step);
      if (j < M) idx.push(j);
    }
    idx.reverse();
    re.push(Float64Array.from(idx, (j) => mre[j]));
    im.push(Float64Array.from(idx, (j) => mim[j]));
    if (idx.length > maxLen) {
      maxLen = idx.length;
      time = linspace((-cutoff * wl) / freq, (cutoff * wl) / freq, maxLen);
    }
  }
  const pad = (a: Float64Array): Float64Array => {
    const out = new Float64Array(maxLen);
    out.set(a, Math.floor((maxLen - a.length) / 2));
    return out;
  };
  return { k: maxLen, re: re.map(pad), im: im.map(pad), time };
}

/**
 * pynapple `generate_morlet_filterbank(freqs, fs, ...)`: one complex Morlet kernel per frequency
 * (columns 0..F-1, all padded to the longest), indexed by the kernel's time axis.
 */
export function generateMorletFilterbank(
  freqs: ArrayLike<number>,
  fs: number,
  options: MorletOptions = {},
): ComplexSeries<TsdFrame> {
  options = checkOptions(options, MORLET_KEYS, "generateMorletFilterbank");
  const f = checkFreqs(freqs);
  positive(fs, "fs");
  const bank = morletBank(f, fs, options);
  const nf = f.length, k = bank.k;
  const re = new Float64Array(k * nf), im = new Float64Array(k * nf);
  for (let j = 0; j < nf; j++) {
    for (let i = 0; i < k; i++) {
      re[i * nf + j] = bank.re[j][i];
      im[i * nf + j] = bank.im[j][i];
    }
  }
  const frame = (d: Float64Array) => new TsdFrame({ t: bank.time, d: new NDArray(d, [k, nf]) });
  return new ComplexSeries(frame(re), frame(im));
}

function blockSize(k: number): number {
  let p = 1 << 16;
  while (p < 4 * k) p *= 2;
  return p;
}

/**
 * Continuous wavelet transform (pynapple `compute_wavelet_transform`): a Tsd gives a complex
 * TsdFrame (time × frequency, columns the frequencies), a TsdFrame or TsdTensor a complex
 * TsdTensor (time × … × frequency), each epoch of the time support convolved separately.
 */
export function computeWaveletTransform(
  sig: Tsd | TsdFrame | TsdTensor,
  freqs: ArrayLike<number>,
  options: WaveletOptions = {},
): ComplexSeries {
  options = checkOptions(options, WAVELET_KEYS, "computeWaveletTransform");
  if (!(sig instanceof Tsd) && !(sig instanceof TsdFrame) && !(sig instanceof TsdTensor)) {
    throw new NappleError("INVALID_ARGUMENT", "sig should be a Tsd, TsdFrame or TsdTensor", {
      key: "sig",
    });
  }
  const f = checkFreqs(freqs);
  const fs = options.fs === undefined ? sig.rate : positive(options.fs, "fs");
  const norm = options.norm ?? "l1";
  if (!["l1", "l2", "none"].includes(norm)) {
    throw new NappleError("INVALID_ARGUMENT", "norm must be 'l1', 'l2' or 'none'", {
      key: "norm",
    });
  }
  const bank = morletBank(f, fs, options);
  const nf = f.length, K = bank.k;
  const P = blockSize(K);
  const B = P - K + 1;
  // the kernels' transforms, computed once
  const plan = fftPlan(P);
  const hre: Float64Array[] = [], him: Float64Array[] = [];
  for (let j = 0; j < nf; j++) {
    const r = new Float64Array(P), i = new Float64Array(P);
    r.set(bank.re[j]);
    i.set(bank.im[j]);
    plan.run(r, i);
    hre.push(r);
    him.push(i);
  }
  const scale = Float64Array.from(
    f,
    (x) => norm === "l1" ? 1 / (fs / x) : norm === "l2" ? 1 / (fs / Math.sqrt(x)) : 1,
  );
  const src = sourceOf(sig as BaseTsd);
  const m = rowSizeOf(src);
  const n = sig.length;
  const outRe = allocFloat64(n * m * nf), outIm = allocFloat64(n * m * nf);
  const offset = Math.floor((K - 1) / 2);
  const ranges = restrictRanges(sig.t, sig.timeSupport.start, sig.timeSupport.end);
  const progress = Progress.start("wavelet transform", options.progress);
  progress?.setTotal(n);
  const xblk = new Float64Array(P);
  const wr = new Float64Array(P), wi = new Float64Array(P);
  try {
    for (const [a, b] of ranges) {
      const len = b - a;
      if (len === 0) continue;
      const win = new RowWindow(src, [[a, b]], options.batchSize);
      for (let s = 0; s < len; s += B) {
        const count = Math.min(B, len - s);
        // signal rows [s + offset - K + 1, s + offset - K + 1 + P), zero outside the epoch
        const lo = s + offset - K + 1;
        const r0 = Math.max(0, lo), r1 = Math.min(len, lo + P);
        if (r1 > r0) win.ensure(r0, r1);
        for (let c = 0; c < m; c++) {
          xblk.fill(0);
          for (let r = r0; r < r1; r++) xblk[r - lo] = win.at(r, c);
          const [xr, xi] = fftReal(xblk, P);
          for (let j = 0; j < nf; j++) {
            const hr = hre[j], hi = him[j];
            for (let q = 0; q < P; q++) {
              wr[q] = xr[q] * hr[q] - xi[q] * hi[q];
              wi[q] = xr[q] * hi[q] + xi[q] * hr[q];
            }
            plan.run(wr, wi, true);
            const sc = scale[j] / P;
            for (let i = 0; i < count; i++) {
              const o = ((a + s + i) * m + c) * nf + j;
              outRe[o] = wr[K - 1 + i] * sc;
              outIm[o] = wi[K - 1 + i] * sc;
            }
          }
        }
        progress?.advance(count);
      }
    }
  } finally {
    progress?.done();
  }
  const rowShape = sig.shape.slice(1);
  if (sig instanceof Tsd) {
    const frame = (d: Float64Array) =>
      new TsdFrame({
        t: sig.t,
        d: new NDArray(d, [n, nf]),
        columns: Array.from(f),
        timeSupport: sig.timeSupport,
      });
    return new ComplexSeries(frame(outRe), frame(outIm));
  }
  const tensor = (d: Float64Array) =>
    new TsdTensor({
      t: sig.t,
      d: new NDArray(d, [n, ...rowShape, nf]),
      timeSupport: sig.timeSupport,
    });
  return new ComplexSeries(tensor(outRe), tensor(outIm));
}
