/**
 * The discrete Fourier transform of any length, as `numpy.fft.fft` computes it (pocketfft's
 * plan: a self-sorting mixed-radix transform over the factors 4, 2, 3, 5 and any other small
 * prime, Bluestein's chirp-z algorithm for lengths with a large prime factor). Results agree with
 * numpy to rounding (~1e-15 relative to the spectrum's largest value).
 * @module
 */
import { pass11, pass13, pass7 } from "./fft_passes.ts";

/** Prime factors above this are handled by Bluestein's algorithm rather than a direct pass. */
const MAX_DIRECT_RADIX = 64;

interface Pass {
  /** Radix of this pass. */
  radix: number;
  /** Product of the radices of the previous passes. */
  span: number;
  /** Twiddles `exp(-2πi k r / (span·radix))`, `(re, im)` for k < span, 1 ≤ r < radix. */
  tw: Float64Array;
}

/** A reusable transform of one length (twiddles computed once). */
export interface FftPlan {
  /** Transform length. */
  readonly n: number;
  /**
   * Forward transform in place: `re`/`im` (length n) become `sum_j x_j exp(-2πi jk/n)`;
   * `inverse` computes the unnormalised conjugate transform instead.
   */
  run(re: Float64Array, im: Float64Array, inverse?: boolean): void;
}

function factorize(n: number): number[] | undefined {
  const out: number[] = [];
  while (n % 4 === 0) {
    out.push(4);
    n /= 4;
  }
  while (n % 2 === 0) {
    out.push(2);
    n /= 2;
  }
  for (let p = 3; p * p <= n; p += 2) {
    while (n % p === 0) {
      if (p > MAX_DIRECT_RADIX) return undefined;
      out.push(p);
      n /= p;
    }
  }
  if (n > 1) {
    if (n > MAX_DIRECT_RADIX) return undefined;
    out.push(n);
  }
  return out;
}

/** `exp(-2πi k / n)` with the angle reduced first so large `k` keep full precision. */
function root(k: number, n: number): [number, number] {
  k %= n;
  const a = (-2 * Math.PI * k) / n;
  return [Math.cos(a), Math.sin(a)];
}

class MixedRadixPlan implements FftPlan {
  private readonly passes: Pass[] = [];
  private wre: Float64Array;
  private wim: Float64Array;
  private readonly gre: Float64Array;
  private readonly gim: Float64Array;

  constructor(readonly n: number, radices: number[]) {
    let span = 1;
    let maxR = 1;
    for (const radix of radices) {
      const tw = new Float64Array(2 * span * (radix - 1));
      for (let k = 0; k < span; k++) {
        for (let r = 1; r < radix; r++) {
          const [c, s] = root(k * r, span * radix);
          const at = 2 * (k * (radix - 1) + r - 1);
          tw[at] = c;
          tw[at + 1] = s;
        }
      }
      this.passes.push({ radix, span, tw });
      span *= radix;
      maxR = Math.max(maxR, radix);
    }
    this.wre = new Float64Array(n);
    this.wim = new Float64Array(n);
    // roots of unity of the largest generic radix, and scratch for its butterflies
    this.gre = new Float64Array(2 * maxR);
    this.gim = new Float64Array(2 * maxR);
  }

  run(re: Float64Array, im: Float64Array, inverse = false): void {
    const n = this.n;
    if (n <= 1) return;
    if (this.wre.length < n) {
      this.wre = new Float64Array(n);
      this.wim = new Float64Array(n);
    }
    let ar = re, ai = im, br = this.wre, bi = this.wim;
    const sign = inverse ? -1 : 1;
    for (const pass of this.passes) {
      const { radix, span, tw } = pass;
      if (radix === 2) pass2(n, span, tw, ar, ai, br, bi, sign);
      else if (radix === 4) pass4(n, span, tw, ar, ai, br, bi, sign);
      else if (radix === 3) pass3(n, span, tw, ar, ai, br, bi, sign);
      else if (radix === 5) pass5(n, span, tw, ar, ai, br, bi, sign);
      else if (radix === 7) pass7(n, span, tw, ar, ai, br, bi, sign);
      else if (radix === 11) pass11(n, span, tw, ar, ai, br, bi, sign);
      else if (radix === 13) pass13(n, span, tw, ar, ai, br, bi, sign);
      else passGeneric(n, radix, span, tw, ar, ai, br, bi, sign, this.gre, this.gim);
      [ar, br] = [br, ar];
      [ai, bi] = [bi, ai];
    }
    if (ar !== re) {
      re.set(ar.subarray(0, n));
      im.set(ai.subarray(0, n));
    }
  }
}

// Each pass maps input element j + r·(n/R) (j < n/R) to output (j / span)·span·R + j % span +
// r·span after twiddling by exp(-2πi (j % span) r / (span·R)) and an R-point DFT: the
// Stockham autosort form, natural order in and out.

function pass2(
  n: number,
  span: number,
  tw: Float64Array,
  ar: Float64Array,
  ai: Float64Array,
  br: Float64Array,
  bi: Float64Array,
  sign: number,
): void {
  const m = n / 2;
  for (let b = 0, j = 0; j < m; b += 2 * span) {
    for (let k = 0; k < span; k++, j++) {
      const c = tw[2 * k], s = sign * tw[2 * k + 1];
      const x0r = ar[j], x0i = ai[j];
      const yr = ar[j + m], yi = ai[j + m];
      const x1r = yr * c - yi * s, x1i = yr * s + yi * c;
      const o = b + k;
      br[o] = x0r + x1r;
      bi[o] = x0i + x1i;
      br[o + span] = x0r - x1r;
      bi[o + span] = x0i - x1i;
    }
  }
}

function pass4(
  n: number,
  span: number,
  tw: Float64Array,
  ar: Float64Array,
  ai: Float64Array,
  br: Float64Array,
  bi: Float64Array,
  sign: number,
): void {
  const m = n / 4;
  for (let b = 0, j = 0; j < m; b += 4 * span) {
    for (let k = 0; k < span; k++, j++) {
      const t = 6 * k;
      const x0r = ar[j], x0i = ai[j];
      let yr = ar[j + m], yi = ai[j + m];
      let c = tw[t], s = sign * tw[t + 1];
      const x1r = yr * c - yi * s, x1i = yr * s + yi * c;
      yr = ar[j + 2 * m];
      yi = ai[j + 2 * m];
      c = tw[t + 2];
      s = sign * tw[t + 3];
      const x2r = yr * c - yi * s, x2i = yr * s + yi * c;
      yr = ar[j + 3 * m];
      yi = ai[j + 3 * m];
      c = tw[t + 4];
      s = sign * tw[t + 5];
      const x3r = yr * c - yi * s, x3i = yr * s + yi * c;
      const t0r = x0r + x2r, t0i = x0i + x2i;
      const t1r = x0r - x2r, t1i = x0i - x2i;
      const t2r = x1r + x3r, t2i = x1i + x3i;
      // -i·(x1 - x3) for the forward transform, +i· for the inverse
      const t3r = sign * (x1i - x3i), t3i = -sign * (x1r - x3r);
      const o = b + k;
      br[o] = t0r + t2r;
      bi[o] = t0i + t2i;
      br[o + span] = t1r + t3r;
      bi[o + span] = t1i + t3i;
      br[o + 2 * span] = t0r - t2r;
      bi[o + 2 * span] = t0i - t2i;
      br[o + 3 * span] = t1r - t3r;
      bi[o + 3 * span] = t1i - t3i;
    }
  }
}

const SIN60 = Math.sqrt(3) / 2;

function pass3(
  n: number,
  span: number,
  tw: Float64Array,
  ar: Float64Array,
  ai: Float64Array,
  br: Float64Array,
  bi: Float64Array,
  sign: number,
): void {
  const m = n / 3;
  const s60 = -sign * SIN60;
  for (let b = 0, j = 0; j < m; b += 3 * span) {
    for (let k = 0; k < span; k++, j++) {
      const t = 4 * k;
      const x0r = ar[j], x0i = ai[j];
      let yr = ar[j + m], yi = ai[j + m];
      let c = tw[t], s = sign * tw[t + 1];
      const x1r = yr * c - yi * s, x1i = yr * s + yi * c;
      yr = ar[j + 2 * m];
      yi = ai[j + 2 * m];
      c = tw[t + 2];
      s = sign * tw[t + 3];
      const x2r = yr * c - yi * s, x2i = yr * s + yi * c;
      const sr = x1r + x2r, si = x1i + x2i;
      const dr = x1r - x2r, di = x1i - x2i;
      const mr = x0r - 0.5 * sr, mi = x0i - 0.5 * si;
      const o = b + k;
      br[o] = x0r + sr;
      bi[o] = x0i + si;
      // X1 = m + i·s60·d, X2 = m - i·s60·d
      br[o + span] = mr - s60 * di;
      bi[o + span] = mi + s60 * dr;
      br[o + 2 * span] = mr + s60 * di;
      bi[o + 2 * span] = mi - s60 * dr;
    }
  }
}

const C72 = Math.cos((2 * Math.PI) / 5);
const S72 = Math.sin((2 * Math.PI) / 5);
const C144 = Math.cos((4 * Math.PI) / 5);
const S144 = Math.sin((4 * Math.PI) / 5);

function pass5(
  n: number,
  span: number,
  tw: Float64Array,
  ar: Float64Array,
  ai: Float64Array,
  br: Float64Array,
  bi: Float64Array,
  sign: number,
): void {
  const m = n / 5;
  const s1 = -sign * S72, s2 = -sign * S144;
  for (let b = 0, j = 0; j < m; b += 5 * span) {
    for (let k = 0; k < span; k++, j++) {
      const t = 8 * k;
      const x0r = ar[j], x0i = ai[j];
      let yr = ar[j + m], yi = ai[j + m];
      let c = tw[t], s = sign * tw[t + 1];
      const x1r = yr * c - yi * s, x1i = yr * s + yi * c;
      yr = ar[j + 2 * m];
      yi = ai[j + 2 * m];
      c = tw[t + 2];
      s = sign * tw[t + 3];
      const x2r = yr * c - yi * s, x2i = yr * s + yi * c;
      yr = ar[j + 3 * m];
      yi = ai[j + 3 * m];
      c = tw[t + 4];
      s = sign * tw[t + 5];
      const x3r = yr * c - yi * s, x3i = yr * s + yi * c;
      yr = ar[j + 4 * m];
      yi = ai[j + 4 * m];
      c = tw[t + 6];
      s = sign * tw[t + 7];
      const x4r = yr * c - yi * s, x4i = yr * s + yi * c;
      const a1r = x1r + x4r, a1i = x1i + x4i, d1r = x1r - x4r, d1i = x1i - x4i;
      const a2r = x2r + x3r, a2i = x2i + x3i, d2r = x2r - x3r, d2i = x2i - x3i;
      const m1r = x0r + C72 * a1r + C144 * a2r, m1i = x0i + C72 * a1i + C144 * a2i;
      const m2r = x0r + C144 * a1r + C72 * a2r, m2i = x0i + C144 * a1i + C72 * a2i;
      // i·(s1·d1 + s2·d2) and i·(s2·d1 - s1·d2)
      const n1r = -(s1 * d1i + s2 * d2i), n1i = s1 * d1r + s2 * d2r;
      const n2r = -(s2 * d1i - s1 * d2i), n2i = s2 * d1r - s1 * d2r;
      const o = b + k;
      br[o] = x0r + a1r + a2r;
      bi[o] = x0i + a1i + a2i;
      br[o + span] = m1r + n1r;
      bi[o + span] = m1i + n1i;
      br[o + 4 * span] = m1r - n1r;
      bi[o + 4 * span] = m1i - n1i;
      br[o + 2 * span] = m2r + n2r;
      bi[o + 2 * span] = m2i + n2i;
      br[o + 3 * span] = m2r - n2r;
      bi[o + 3 * span] = m2i - n2i;
    }
  }
}

function passGeneric(
  n: number,
  radix: number,
  span: number,
  tw: Float64Array,
  ar: Float64Array,
  ai: Float64Array,
  br: Float64Array,
  bi: Float64Array,
  sign: number,
  xr: Float64Array,
  xi: Float64Array,
): void {
  // An odd prime radix: inputs r and radix - r are paired, so each output pair (q, radix - q)
  // needs (radix - 1) / 2 cosine and sine sums instead of radix complex products each.
  const m = n / radix;
  const half = (radix - 1) / 2;
  // cos / sin of 2π k / radix after the radix inputs in the scratch arrays
  for (let k = 0; k < radix; k++) {
    const [c, s] = root(k, radix);
    xr[radix + k] = c;
    xi[radix + k] = -s;
  }
  for (let b = 0, j = 0; j < m; b += radix * span) {
    for (let k = 0; k < span; k++, j++) {
      const x0r = ar[j], x0i = ai[j];
      for (let r = 1; r < radix; r++) {
        const at = 2 * (k * (radix - 1) + r - 1);
        const c = tw[at], s = sign * tw[at + 1];
        const yr = ar[j + r * m], yi = ai[j + r * m];
        xr[r] = yr * c - yi * s;
        xi[r] = yr * s + yi * c;
      }
      const o = b + k;
      let sumr = x0r, sumi = x0i;
      for (let r = 1; r <= half; r++) {
        sumr += xr[r] + xr[radix - r];
        sumi += xi[r] + xi[radix - r];
      }
      br[o] = sumr;
      bi[o] = sumi;
      for (let q = 1; q <= half; q++) {
        let sr = x0r, si = x0i, tr = 0, ti = 0;
        for (let r = 1, e = q; r <= half; r++, e += q) {
          if (e >= radix) e -= radix;
          const c = xr[radix + e], s = sign * xi[radix + e];
          const pr = xr[r], pi = xi[r], nr = xr[radix - r], ni = xi[radix - r];
          sr += (pr + nr) * c;
          si += (pi + ni) * c;
          // -i · (x_r - x_{radix-r}) · sin
          tr += (pi - ni) * s;
          ti -= (pr - nr) * s;
        }
        br[o + q * span] = sr + tr;
        bi[o + q * span] = si + ti;
        br[o + (radix - q) * span] = sr - tr;
        bi[o + (radix - q) * span] = si - ti;
      }
    }
  }
}

/** Bluestein: a length-n DFT as a convolution computed with a power-of-two transform. */
class BluesteinPlan implements FftPlan {
  private readonly m: number;
  private readonly inner: FftPlan;
  private readonly cr: Float64Array;
  private readonly ci: Float64Array;
  private readonly kr: Float64Array;
  private readonly ki: Float64Array;

  constructor(readonly n: number) {
    let m = 1;
    while (m < 2 * n - 1) m *= 2;
    this.m = m;
    this.inner = fftPlan(m);
    // chirp exp(-iπ k²/n), with k² reduced mod 2n so the angle stays exact
    this.cr = new Float64Array(n);
    this.ci = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const k2 = Number((BigInt(k) * BigInt(k)) % BigInt(2 * n));
      const a = (-Math.PI * k2) / n;
      this.cr[k] = Math.cos(a);
      this.ci[k] = Math.sin(a);
    }
    // transform of the conjugate chirp, wrapped around
    this.kr = new Float64Array(m);
    this.ki = new Float64Array(m);
    this.kr[0] = this.cr[0];
    this.ki[0] = -this.ci[0];
    for (let k = 1; k < n; k++) {
      this.kr[k] = this.kr[m - k] = this.cr[k];
      this.ki[k] = this.ki[m - k] = -this.ci[k];
    }
    this.inner.run(this.kr, this.ki);
  }

  run(re: Float64Array, im: Float64Array, inverse = false): void {
    const { n, m, cr, kr, ki } = this;
    const s = inverse ? -1 : 1;
    const ar = new Float64Array(m);
    const ai = new Float64Array(m);
    for (let k = 0; k < n; k++) {
      const c = cr[k], d = s * this.ci[k];
      ar[k] = re[k] * c - im[k] * d;
      ai[k] = re[k] * d + im[k] * c;
    }
    this.inner.run(ar, ai);
    for (let k = 0; k < m; k++) {
      // the inverse transform's kernel is the conjugate chirp's conjugate
      const c = kr[k], d = s * ki[k];
      const r = ar[k] * c - ai[k] * d;
      ai[k] = ar[k] * d + ai[k] * c;
      ar[k] = r;
    }
    this.inner.run(ar, ai, true);
    for (let k = 0; k < n; k++) {
      const c = cr[k], d = s * this.ci[k];
      const xr = ar[k] / m, xi = ai[k] / m;
      re[k] = xr * c - xi * d;
      im[k] = xr * d + xi * c;
    }
  }
}

const plans = new Map<number, FftPlan>();

/** A (cached) transform plan for length `n`. */
export function fftPlan(n: number): FftPlan {
  let p = plans.get(n);
  if (!p) {
    const radices = factorize(n);
    p = radices ? new MixedRadixPlan(n, radices) : new BluesteinPlan(n);
    if (plans.size > 64) plans.clear();
    plans.set(n, p);
  }
  return p;
}

/** Scratch and twiddles of the real transform of one even length. */
interface RealPlan {
  zr: Float64Array;
  zi: Float64Array;
  /** `exp(-2πi k / n)` for k ≤ n/2. */
  cos: Float64Array;
  sin: Float64Array;
}

const realPlans = new Map<number, RealPlan>();

function realPlan(n: number): RealPlan {
  let p = realPlans.get(n);
  if (!p) {
    const h = n / 2;
    p = {
      zr: new Float64Array(h),
      zi: new Float64Array(h),
      cos: new Float64Array(h + 1),
      sin: new Float64Array(h + 1),
    };
    for (let k = 0; k <= h; k++) [p.cos[k], p.sin[k]] = root(k, n);
    if (realPlans.size > 16) realPlans.clear();
    realPlans.set(n, p);
  }
  return p;
}

/**
 * numpy `fft.fft(x, n)` of real values into `re` / `im` (length `n`): `x` cropped or zero-padded
 * to `n`. Even lengths use one half-length complex transform (twiddles and scratch cached).
 */
export function fftRealInto(
  x: ArrayLike<number>,
  n: number,
  re: Float64Array,
  im: Float64Array,
): void {
  const len = Math.min(n, x.length);
  if (n % 2 !== 0 || n < 4) {
    for (let i = 0; i < len; i++) re[i] = x[i];
    re.fill(0, len, n);
    im.fill(0, 0, n);
    fftPlan(n).run(re, im);
    return;
  }
  // pack even samples as real parts, odd ones as imaginary parts, then separate the spectra
  const h = n / 2;
  const { zr, zi, cos, sin } = realPlan(n);
  for (let i = 0; i < h; i++) {
    zr[i] = 2 * i < len ? x[2 * i] : 0;
    zi[i] = 2 * i + 1 < len ? x[2 * i + 1] : 0;
  }
  fftPlan(h).run(zr, zi);
  for (let k = 0; k <= h; k++) {
    const a = k === h ? 0 : k, b = k === 0 ? 0 : h - k;
    // E_k = (Z_k + conj Z_{h-k}) / 2, O_k = (Z_k - conj Z_{h-k}) / 2i
    const er = (zr[a] + zr[b]) / 2, ei = (zi[a] - zi[b]) / 2;
    const or = (zi[a] + zi[b]) / 2, oi = -(zr[a] - zr[b]) / 2;
    const c = cos[k], s = sin[k];
    const tr = or * c - oi * s, ti = or * s + oi * c;
    re[k] = er + tr;
    im[k] = ei + ti;
    if (k > 0 && k < h) {
      re[n - k] = er + tr;
      im[n - k] = -(ei + ti);
    }
  }
}

/**
 * numpy `fft.fft(x, n)` of real values: `x` cropped or zero-padded to `n`, the full complex
 * spectrum returned as `[re, im]`.
 */
export function fftReal(x: ArrayLike<number>, n: number = x.length): [Float64Array, Float64Array] {
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  fftRealInto(x, n, re, im);
  return [re, im];
}

/** numpy `fft.fftfreq(n, d)`: `[0, 1, …, ⌈n/2⌉-1, -⌊n/2⌋, …, -1] / (d·n)`. */
export function fftFreq(n: number, d = 1): Float64Array {
  const out = new Float64Array(n);
  const val = 1 / (n * d);
  const half = Math.floor((n - 1) / 2) + 1;
  for (let i = 0; i < half; i++) out[i] = i * val;
  for (let i = half; i < n; i++) out[i] = (i - n) * val;
  return out;
}

/**
 * Adds `scale·|X_k|²` and `scale·|Y_k|²` (k < n) of two real sequences x and y to
 * `sum[at + k·stride]` and `sum[at + k·stride + 1]`, from one complex transform of `x + i·y`
 * (`X_k = (Z_k + conj Z_{n-k}) / 2`, `Y_k = (Z_k - conj Z_{n-k}) / 2i`): half the work of two
 * transforms. `re` holds x and `im` y on entry (both overwritten); `maxX` / `maxY` are their
 * largest magnitudes, finite and non-zero (transform an all-zero or non-finite sequence alone:
 * that gives numpy's exact zeros and NaN pattern). When their scales differ, y is first scaled
 * by a power of two (exact) so that neither's rounding error is measured on the other's scale.
 */
export function addPairedPower(
  re: Float64Array,
  im: Float64Array,
  n: number,
  maxX: number,
  maxY: number,
  sum: Float64Array,
  at: number,
  stride: number,
  scale: number,
): void {
  // 2^e ≈ maxX / maxY, kept where 2^e and 2^(-2e) are normal numbers
  const e = Math.max(-500, Math.min(500, Math.round(Math.log2(maxX / maxY))));
  // a factor up to 16 between the scales costs at most 4 bits of y's precision
  if (Math.abs(e) > 4) {
    const f = 2 ** e;
    for (let i = 0; i < n; i++) im[i] *= f;
  }
  fftPlan(n).run(re, im);
  // |2X|² / 4 and |2Y|² / 4 back on y's scale: exact powers of two
  const ux = scale / 4, uy = Math.abs(e) > 4 ? scale * 2 ** (-2 * e - 2) : scale / 4;
  const xr0 = 2 * re[0], yr0 = 2 * im[0];
  sum[at] += (xr0 * xr0) * ux;
  sum[at + 1] += (yr0 * yr0) * uy;
  // k and n - k have the same power (real sequences): computed once
  for (let k = 1, a = at + stride, b = at + (n - 1) * stride; k <= n - k; k++) {
    const q = n - k;
    const xr = re[k] + re[q], xi = im[k] - im[q];
    const yr = im[k] + im[q], yi = re[q] - re[k];
    const px = (xr * xr + xi * xi) * ux, py = (yr * yr + yi * yi) * uy;
    sum[a] += px;
    sum[a + 1] += py;
    if (q !== k) {
      sum[b] += px;
      sum[b + 1] += py;
    }
    a += stride;
    b -= stride;
  }
}
