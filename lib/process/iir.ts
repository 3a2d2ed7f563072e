/**
 * Butterworth filters as scipy 1.10 designs them (`signal.butter(..., output="sos")`: `buttap`,
 * the `lp2*_zpk` transforms, `bilinear_zpk` and `zpk2sos` with "nearest" pairing), their
 * frequency response (`sosfreqz`) and the zero-phase steady-state initial conditions
 * (`sosfilt_zi`). Same operations in the same order, in complex arithmetic written out as numpy
 * does it (Smith's division, principal square root), so the sections equal scipy's.
 * @module
 */
import { NappleError } from "../errors.ts";

/** A complex number `[re, im]`. */
type C = [number, number];

const add = (a: C, b: C): C => [a[0] + b[0], a[1] + b[1]];
const sub = (a: C, b: C): C => [a[0] - b[0], a[1] - b[1]];
const mul = (a: C, b: C): C => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
const neg = (a: C): C => [-a[0], -a[1]];
const conj = (a: C): C => [a[0], -a[1]];
const re = (x: number): C => [x, 0];
const cabs = (a: C): number => Math.hypot(a[0], a[1]);
const isReal = (a: C): boolean => a[1] === 0;

/** numpy's complex division (Smith's algorithm). */
function div(a: C, b: C): C {
  const [ar, ai] = a, [br, bi] = b;
  if (Math.abs(br) >= Math.abs(bi)) {
    if (br === 0 && bi === 0) return [ar / Math.abs(br), ai / Math.abs(bi)];
    const rat = bi / br;
    const scl = 1.0 / (br + bi * rat);
    return [(ar + ai * rat) * scl, (ai - ar * rat) * scl];
  }
  const rat = br / bi;
  const scl = 1.0 / (bi + br * rat);
  return [(ar * rat + ai) * scl, (ai * rat - ar) * scl];
}

/** C99 `csqrt`: the principal square root, the sign of a zero imaginary part kept. */
function csqrt(a: C): C {
  const [x, y] = a;
  if (x === 0 && y === 0) return [0, y];
  const r = Math.hypot(x, y);
  if (x >= 0) {
    const t = Math.sqrt((r + x) / 2);
    return [t, y / (2 * t)];
  }
  const t = Math.sqrt((r - x) / 2);
  const neg = y < 0 || Object.is(y, -0);
  return [Math.abs(y) / (2 * t), neg ? -t : t];
}

function prod(xs: readonly C[]): C {
  let p: C = [1, 0];
  for (const x of xs) p = mul(p, x);
  return p;
}

/** A filter type, as pynapple names it. */
export type FilterType = "lowpass" | "highpass" | "bandpass" | "bandstop";

/** Second-order sections, one row of `[b0, b1, b2, a0, a1, a2]` per section. */
export type Sos = Float64Array[];

interface Zpk {
  z: C[];
  p: C[];
  k: number;
}

function buttap(n: number): Zpk {
  const p: C[] = [];
  for (let m = -n + 1; m < n; m += 2) {
    const a = (Math.PI * m) / (2 * n);
    p.push([-Math.cos(a), -Math.sin(a)]);
  }
  return { z: [], p, k: 1 };
}

/** Coefficients of the monic polynomial with roots `r` (numpy `poly`), real when `r` is. */
function poly(r: readonly C[]): number[] {
  let a: C[] = [[1, 0]];
  for (const root of r) {
    const v: C[] = [[1, 0], neg(root)];
    const out: C[] = Array.from({ length: a.length + 1 }, (): C => [0, 0]);
    // numpy convolve: out[i] = sum_j a[j] * v[i - j]
    for (let i = 0; i < out.length; i++) {
      let s: C = [0, 0];
      for (let j = 0; j < a.length; j++) {
        const q = i - j;
        if (q >= 0 && q < 2) s = add(s, mul(a[j], v[q]));
      }
      out[i] = s;
    }
    a = out;
  }
  return a.map((c) => c[0]);
}

function singleSos(z: readonly C[], p: readonly C[]): Float64Array {
  const sos = new Float64Array(6);
  const b = poly(z), a = poly(p);
  sos.set(b, 3 - b.length);
  sos.set(a, 6 - a.length);
  return sos;
}

/** numpy `argsort` of `|from - to|`, then the first entry that is real/complex/any. */
function nearestIdx(from: readonly C[], to: C, which: "real" | "complex" | "any"): number {
  const order = from.map((_, i) => i).sort((i, j) =>
    cabs(sub(from[i], to)) - cabs(sub(from[j], to)) || i - j
  );
  if (which === "any") return order[0];
  const k = order.find((i) => isReal(from[i]) === (which === "real"));
  if (k === undefined) throw new NappleError("INVALID_ARGUMENT", "no zero to pair with a pole");
  return k;
}

const EPS = 2.220446049250313e-16;

/** scipy `_cplxreal`: complex values with positive imaginary part (one per pair), then reals. */
function cplxreal(zin: readonly C[]): C[] {
  const tol = 100 * EPS;
  const z = zin.map((c, i) => ({ c, i })).sort((a, b) =>
    a.c[0] - b.c[0] || Math.abs(a.c[1]) - Math.abs(b.c[1]) || a.i - b.i
  ).map((e) => e.c);
  const realMask = z.map((c) => Math.abs(c[1]) <= tol * cabs(c));
  const zr: C[] = z.filter((_, i) => realMask[i]).map((c) => [c[0], 0]);
  const rest = z.filter((_, i) => !realMask[i]);
  const zp = rest.filter((c) => c[1] > 0);
  const zn = rest.filter((c) => c[1] < 0);
  if (zp.length !== zn.length) {
    throw new NappleError("INVALID_ARGUMENT", "complex value with no matching conjugate");
  }
  // runs of equal real part are ordered by |imag|
  let s = 0;
  while (s < zp.length) {
    let e = s + 1;
    while (e < zp.length && zp[e][0] - zp[e - 1][0] <= tol * cabs(zp[e - 1])) e++;
    if (e - s > 1) {
      for (const chunk of [zp, zn]) {
        const part = chunk.slice(s, e).sort((a, b) => Math.abs(a[1]) - Math.abs(b[1]));
        chunk.splice(s, e - s, ...part);
      }
    }
    s = e;
  }
  const zc = zp.map((c, i): C => div(add(c, conj(zn[i])), [2, 0]));
  return [...zc, ...zr];
}

/** scipy `zpk2sos(z, p, k)` with its default "nearest" pairing for digital filters. */
function zpk2sos(zin: C[], pin: C[], k: number): Sos {
  let z = [...zin], p = [...pin];
  while (p.length < z.length) p.push([0, 0]);
  while (z.length < p.length) z.push([0, 0]);
  const nSections = Math.floor((Math.max(p.length, z.length) + 1) / 2);
  if (p.length % 2 === 1) {
    p.push([0, 0]);
    z.push([0, 0]);
  }
  z = cplxreal(z);
  p = cplxreal(p);
  const idxWorst = (ps: readonly C[]): number => {
    let best = 0;
    for (let i = 1; i < ps.length; i++) {
      if (Math.abs(1 - cabs(ps[i])) < Math.abs(1 - cabs(ps[best]))) best = i;
    }
    return best;
  };
  const take = (arr: C[], i: number): C => arr.splice(i, 1)[0];
  const sos: Sos = Array.from({ length: nSections }, () => new Float64Array(6));
  for (let si = nSections - 1; si >= 0; si--) {
    const p1 = take(p, idxWorst(p));
    const realP = p.filter(isReal).length;
    if (isReal(p1) && realP === 0) {
      const z1 = take(z, nearestIdx(z, p1, "real"));
      sos[si] = singleSos([z1, [0, 0]], [p1, [0, 0]]);
    } else if (
      p.length + 1 === z.length && !isReal(p1) && realP === 1 && z.filter(isReal).length === 1
    ) {
      const z1 = take(z, nearestIdx(z, p1, "complex"));
      sos[si] = singleSos([z1, conj(z1)], [p1, conj(p1)]);
    } else {
      let p2: C;
      if (isReal(p1)) {
        const reals = p.map((c, i) => [c, i] as const).filter(([c]) => isReal(c));
        const w = idxWorst(reals.map(([c]) => c));
        p2 = take(p, reals[w][1]);
      } else p2 = conj(p1);
      if (z.length > 0) {
        const z1 = take(z, nearestIdx(z, p1, "any"));
        if (!isReal(z1)) sos[si] = singleSos([z1, conj(z1)], [p1, p2]);
        else if (z.length > 0) {
          const z2 = take(z, nearestIdx(z, p1, "real"));
          sos[si] = singleSos([z1, z2], [p1, p2]);
        } else sos[si] = singleSos([z1], [p1, p2]);
      } else sos[si] = singleSos([], [p1, p2]);
    }
  }
  for (let i = 0; i < 3; i++) sos[0][i] *= k;
  return sos;
}

/** Checks an order and cutoff(s) the way scipy's `iirfilter` does; returns Wn normalised. */
function normalisedCutoff(
  order: number,
  cutoff: number | readonly number[],
  type: FilterType,
  fs: number,
): number[] {
  if (!Number.isInteger(order) || order < 1) {
    throw new NappleError("INVALID_ARGUMENT", `order should be a positive integer; got ${order}`, {
      key: "order",
    });
  }
  const band = type === "bandpass" || type === "bandstop";
  const wn = typeof cutoff === "number" ? [cutoff] : [...cutoff];
  if (band !== (wn.length === 2) || (!band && wn.length !== 1)) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      band
        ? `${type} filter require a pair of two numbers. ${
          JSON.stringify(cutoff)
        } provided instead.`
        : `${type} filter require a single number. ${JSON.stringify(cutoff)} provided instead.`,
      { key: "cutoff" },
    );
  }
  const w = wn.map((x) => (2 * x) / fs);
  if (w.some((x) => !(x > 0))) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      "filter critical frequencies must be greater than 0",
      {
        key: "cutoff",
      },
    );
  }
  if (w.length === 2 && !(w[0] < w[1])) {
    throw new NappleError("INVALID_ARGUMENT", "cutoff[0] must be less than cutoff[1]", {
      key: "cutoff",
    });
  }
  if (w.some((x) => x >= 1)) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      `Digital filter critical frequencies must be 0 < cutoff < fs/2 (fs=${fs} -> fs/2=${fs / 2})`,
      { key: "cutoff" },
    );
  }
  return w;
}

/** scipy `signal.butter(order, cutoff, btype=type, fs=fs, output="sos")`. */
export function butterSos(
  order: number,
  cutoff: number | readonly number[],
  type: FilterType,
  fs: number,
): Sos {
  const wn = normalisedCutoff(order, cutoff, type, fs);
  let { z, p, k } = buttap(order);
  const fs2 = 2.0;
  const warped = wn.map((w) => 2 * fs2 * Math.tan((Math.PI * w) / fs2));
  const degree = p.length - z.length;
  if (type === "lowpass") {
    const wo = warped[0];
    z = z.map((c) => mul(re(wo), c));
    p = p.map((c) => mul(re(wo), c));
    k = k * wo ** degree;
  } else if (type === "highpass") {
    const wo = warped[0];
    const kk = div(prod(z.map(neg)), prod(p.map(neg)))[0];
    z = [...z.map((c) => div(re(wo), c)), ...Array.from({ length: degree }, (): C => [0, 0])];
    p = p.map((c) => div(re(wo), c));
    k = k * kk;
  } else {
    const bw = warped[1] - warped[0];
    const wo = Math.sqrt(warped[0] * warped[1]);
    const wo2: C = [wo ** 2, 0];
    const split = (xs: C[]): C[] => [
      ...xs.map((c) => add(c, csqrt(sub(mul(c, c), wo2)))),
      ...xs.map((c) => sub(c, csqrt(sub(mul(c, c), wo2)))),
    ];
    if (type === "bandpass") {
      const zl = z.map((c) => div(mul(c, re(bw)), re(2)));
      const pl = p.map((c) => div(mul(c, re(bw)), re(2)));
      z = [...split(zl), ...Array.from({ length: degree }, (): C => [0, 0])];
      p = split(pl);
      k = k * bw ** degree;
    } else {
      const kk = div(prod(z.map(neg)), prod(p.map(neg)))[0];
      const zh = z.map((c) => div(re(bw / 2), c));
      const ph = p.map((c) => div(re(bw / 2), c));
      z = [
        ...split(zh),
        ...Array.from({ length: degree }, (): C => [0, wo]),
        ...Array.from({ length: degree }, (): C => [-0, -wo]),
      ];
      p = split(ph);
      k = k * kk;
    }
  }
  // bilinear transform at fs = 2
  const f2: C = [2.0 * fs2, 0];
  const deg = p.length - z.length;
  const kz = k * div(prod(z.map((c) => sub(f2, c))), prod(p.map((c) => sub(f2, c))))[0];
  const zz = [
    ...z.map((c) => div(add(f2, c), sub(f2, c))),
    ...Array.from({ length: deg }, (): C => [-1, 0]),
  ];
  const pz = p.map((c) => div(add(f2, c), sub(f2, c)));
  return zpk2sos(zz, pz, kz);
}

/**
 * scipy `sosfilt_zi(sos)`: each section's steady state for a unit step (`lfilter_zi`, solved by
 * LU with partial pivoting as LAPACK does), scaled by the DC gain of the sections before it.
 */
export function sosfiltZi(sos: Sos): Float64Array {
  const zi = new Float64Array(2 * sos.length);
  let scale = 1.0;
  sos.forEach((s, i) => {
    let [b0, b1, b2, a0, a1, a2] = s;
    if (a0 !== 1) {
      b0 /= a0;
      b1 /= a0;
      b2 /= a0;
      a1 /= a0;
      a2 /= a0;
    }
    // (I - companion(a).T) zi = b[1:] - a[1:] * b[0]:  [[1 + a1, -1], [a2, 1]]
    const m00 = 1 + a1, m01 = -1, m10 = a2, m11 = 1;
    const r0 = b1 - a1 * b0, r1 = b2 - a2 * b0;
    let x0: number, x1: number;
    if (Math.abs(m00) >= Math.abs(m10)) {
      const l = m10 / m00;
      const u11 = m11 - l * m01;
      x1 = (r1 - l * r0) / u11;
      x0 = (r0 - m01 * x1) / m00;
    } else {
      const l = m00 / m10;
      const u11 = m01 - l * m11;
      x1 = (r0 - l * r1) / u11;
      x0 = (r1 - m11 * x1) / m10;
    }
    zi[2 * i] = scale * x0;
    zi[2 * i + 1] = scale * x1;
    scale *= (s[0] + s[1] + s[2]) / (s[3] + s[4] + s[5]);
  });
  return zi;
}

/** scipy's default `sosfiltfilt` pad length: `3 · (2·sections + 1 - zeros at the origin)`. */
export function sosPadLength(sos: Sos): number {
  const zb = sos.filter((s) => s[2] === 0).length;
  const za = sos.filter((s) => s[5] === 0).length;
  return 3 * (2 * sos.length + 1 - Math.min(zb, za));
}

/**
 * scipy `sosfreqz(sos, worN=n, fs=fs)`: `n` frequencies from 0 (inclusive) to fs/2 (exclusive),
 * and `|H|` at each.
 */
export function sosFrequencyResponse(
  sos: Sos,
  n: number,
  fs: number,
): { freqs: Float64Array; gain: Float64Array } {
  const freqs = new Float64Array(n);
  const gain = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // numpy linspace(0, pi, n, endpoint=False): step pi/n
    const wi = i * (Math.PI / n);
    const zm1: C = [Math.cos(-wi), Math.sin(-wi)];
    let h: C = [1, 0];
    for (const s of sos) {
      const hb = add(re(s[0]), mul(add(re(s[1]), mul(re(s[2]), zm1)), zm1));
      const ha = add(re(s[3]), mul(add(re(s[4]), mul(re(s[5]), zm1)), zm1));
      h = mul(h, div(hb, ha));
    }
    gain[i] = cabs(h);
    freqs[i] = (wi * fs) / (2 * Math.PI);
  }
  return { freqs, gain };
}

/**
 * scipy `signal.cheby1(order, rp, wn, output="sos")` for a digital low-pass (`wn` relative to
 * Nyquist), as `decimate` designs its anti-aliasing filter: `cheb1ap`, `lp2lp_zpk` at the
 * pre-warped cutoff, `bilinear_zpk` at fs = 2, `zpk2sos`.
 */
export function cheby1Sos(order: number, rp: number, wn: number): Sos {
  if (!Number.isInteger(order) || order < 1) {
    throw new NappleError("INVALID_ARGUMENT", `order should be a positive integer; got ${order}`);
  }
  if (!(wn > 0 && wn < 1)) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      "Digital filter critical frequencies must be 0 < Wn < 1",
    );
  }
  const eps = Math.sqrt(10 ** (0.1 * rp) - 1);
  const mu = Math.asinh(1 / eps) / order;
  let p: C[] = [];
  for (let m = -order + 1; m < order; m += 2) {
    const theta = (Math.PI * m) / (2 * order);
    // -sinh(mu + i·theta)
    p.push([-(Math.sinh(mu) * Math.cos(theta)), -(Math.cosh(mu) * Math.sin(theta))]);
  }
  let k = prod(p.map(neg))[0];
  if (order % 2 === 0) k = k / Math.sqrt(1 + eps * eps);
  const fs2 = 2.0;
  const wo = 2 * fs2 * Math.tan((Math.PI * wn) / fs2);
  p = p.map((c) => mul(re(wo), c));
  k = k * wo ** p.length;
  const f2: C = [2.0 * fs2, 0];
  const kz = k * div([1, 0], prod(p.map((c) => sub(f2, c))))[0];
  const zz = Array.from({ length: p.length }, (): C => [-1, 0]);
  const pz = p.map((c) => div(add(f2, c), sub(f2, c)));
  return zpk2sos(zz, pz, kz);
}
