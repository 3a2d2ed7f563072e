/**
 * pynapple's windowed-sinc kernels (Smith, "DSP guide", ch. 16): `M = rint(4 / transition
 * bandwidth)`, a `sinc(2·fc·x)` low-pass per cutoff times numpy's Blackman window, normalised to
 * sum 1, turned into high-pass / band-pass / band-stop by spectral inversion.
 * @module
 */
import type { FilterType } from "./iir.ts";

/** numpy `rint` (round half to even). */
function rint(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/** numpy `blackman(M)`: `0.42 + 0.5·cos(π n/(M-1)) + 0.08·cos(2π n/(M-1))`, n = 1-M, 3-M, …. */
export function blackman(M: number): Float64Array {
  if (M < 1) return new Float64Array(0);
  if (M === 1) return new Float64Array([1]);
  const w = new Float64Array(M);
  for (let i = 0; i < M; i++) {
    const n = 1 - M + 2 * i;
    w[i] = 0.42 + 0.5 * Math.cos((Math.PI * n) / (M - 1)) +
      0.08 * Math.cos((2.0 * Math.PI * n) / (M - 1));
  }
  return w;
}

/** A normalised low-pass kernel at `fc` (a fraction of the sampling rate) over `x`. */
function lowpass(fc: number, x: Int32Array, window: Float64Array): Float64Array {
  const k = new Float64Array(x.length);
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    // numpy sinc: sin(πy)/(πy) with y = 1e-20 at 0
    const v = 2 * fc * x[i];
    const y = Math.PI * (v === 0 ? 1.0e-20 : v);
    k[i] = (Math.sin(y) / y) * window[i];
    sum += k[i];
  }
  for (let i = 0; i < k.length; i++) k[i] /= sum;
  return k;
}

function invert(k: Float64Array): Float64Array {
  for (let i = 0; i < k.length; i++) k[i] *= -1.0;
  const mid = Math.floor(k.length / 2);
  k[mid] = 1.0 + k[mid];
  return k;
}

/** pynapple `_get_windowed_sinc_kernel(fc, filter_type, fs, transition_bandwidth)`. */
export function sincKernel(
  fc: number | readonly [number, number],
  type: FilterType,
  fs: number,
  transitionBandwidth: number,
): Float64Array {
  const M = rint(4.0 / transitionBandwidth);
  const half = Math.floor(M / 2);
  const x = Int32Array.from({ length: 2 * half + 1 }, (_, i) => i - half);
  const window = blackman(x.length);
  if (type === "lowpass" || type === "highpass") {
    const k = lowpass((fc as number) / fs, x, window);
    return type === "lowpass" ? k : invert(k);
  }
  const [f1, f2] = fc as readonly [number, number];
  const lo = lowpass(f1 / fs, x, window);
  const hi = invert(lowpass(f2 / fs, x, window));
  const sum = lo.map((v, i) => v + hi[i]);
  return type === "bandstop" ? sum : invert(sum);
}
