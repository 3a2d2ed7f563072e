/**
 * 1-D linear convolution (numpy/scipy `convolve`, mode "full") for smoothing time series: direct
 * summation for small work, FFT overlap-add for long kernels, so smoothing millions of samples
 * with a wide Gaussian stays fast.
 * @module
 */

/** In-place iterative radix-2 FFT of (re, im); `inverse` divides by n. */
function fft(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j], re[i]];
      [im[i], im[j]] = [im[j], im[i]];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (2 * Math.PI / len) * (inverse ? 1 : -1);
    const wr = Math.cos(ang);
    const wi = Math.sin(ang);
    for (let i = 0; i < n; i += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < len / 2; k++) {
        const a = i + k;
        const b = a + len / 2;
        const xr = re[b] * cr - im[b] * ci;
        const xi = re[b] * ci + im[b] * cr;
        re[b] = re[a] - xr;
        im[b] = im[a] - xi;
        re[a] += xr;
        im[a] += xi;
        const ncr = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = ncr;
      }
    }
  }
  if (inverse) {
    for (let i = 0; i < n; i++) {
      re[i] /= n;
      im[i] /= n;
    }
  }
}

/** The full convolution of `x` and `k` (length `x.length + k.length - 1`). */
export function convolveFull(x: ArrayLike<number>, k: ArrayLike<number>): Float64Array {
  const n = x.length;
  const m = k.length;
  if (n === 0 || m === 0) return new Float64Array(0);
  const out = new Float64Array(n + m - 1);
  if (m <= 64 || n * m <= 4e6) {
    for (let i = 0; i < n; i++) {
      const xi = x[i];
      if (xi === 0) continue;
      for (let j = 0; j < m; j++) out[i + j] += xi * k[j];
    }
    // NaN must spread as in numpy (0 * NaN is skipped above)
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(x[i])) { for (let j = 0; j < m; j++) out[i + j] = NaN; }
    }
    return out;
  }
  // overlap-add: blocks of `block` samples, FFT size `size` >= block + m - 1
  let size = 1;
  while (size < 2 * m) size <<= 1;
  size = Math.max(size, 1024);
  const block = size - m + 1;
  const kr = new Float64Array(size);
  const ki = new Float64Array(size);
  for (let j = 0; j < m; j++) kr[j] = k[j];
  fft(kr, ki, false);
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  for (let start = 0; start < n; start += block) {
    const len = Math.min(block, n - start);
    re.fill(0);
    im.fill(0);
    for (let i = 0; i < len; i++) re[i] = x[start + i];
    fft(re, im, false);
    for (let i = 0; i < size; i++) {
      const r = re[i] * kr[i] - im[i] * ki[i];
      im[i] = re[i] * ki[i] + im[i] * kr[i];
      re[i] = r;
    }
    fft(re, im, true);
    const lim = Math.min(len + m - 1, out.length - start);
    for (let i = 0; i < lim; i++) out[start + i] += re[i];
  }
  return out;
}

/** scipy `signal.windows.gaussian(M, std)` (symmetric). */
export function gaussianWindow(size: number, std: number): Float64Array {
  if (size < 1) return new Float64Array(0);
  const w = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const n = i - (size - 1) / 2;
    w[i] = Math.exp(-(n * n) / (2 * std * std));
  }
  return w;
}

/** pynapple's trimming of the full convolution back to `t` samples. */
export function trimBounds(
  t: number,
  k: number,
  trim: "both" | "left" | "right",
): [number, number] {
  if (trim === "left") return [k - 1, t + k - 1];
  if (trim === "right") return [0, t];
  const c = Math.floor((k - 1) / 2);
  return [c, t + k - 1 - c - (1 - (k % 2))];
}
