/**
 * Python and numpy number formatting, ported so printouts match pynapple character for character:
 * `repr(float)`, numpy's shortest float32 repr, `format(x, "g")`, `np.around`, and the Dragon4
 * positional / scientific modes numpy's `array2string` uses. Rounding of exact ties is
 * half-to-even on the exact binary value, as in CPython and numpy (JS rounds ties up).
 * @module
 */

/** Decimal digits and exponent of a number: value = d1.d2d3… × 10^exp. */
export interface Digits {
  /** Significant digits, no leading zeros (at least one digit). */
  digits: string;
  /** Decimal exponent of the first digit. */
  exp: number;
}

function parseExponential(s: string): Digits {
  // s like "1.2345e+2" or "5e-7"
  const [mant, e] = s.split("e");
  return { digits: mant.replace(".", ""), exp: Number(e) };
}

/** Shortest round-trip digits of a float64 (what repr uses). `x` must be finite and positive. */
function shortest64(x: number): Digits {
  return parseExponential(x.toExponential());
}

/** Shortest digits that read back as the same float32. `x` must be finite, positive, float32. */
function shortest32(x: number): Digits {
  for (let p = 1; p <= 9; p++) {
    const d = roundSignificant(x, p); // ties to even, like numpy's Dragon4
    if (Math.fround(Number(`${d.digits[0]}.${d.digits.slice(1)}e${d.exp}`)) === x) return d;
  }
  return parseExponential(x.toExponential(8));
}

/** True when the decimal `digits × 10^k` (integer digits) is exactly the double `x` (> 0). */
function isExactDecimal(digits: string, k: number, x: number): boolean {
  // x = mant × 2^e exactly; compare with m × 10^k in integers
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let a = biased === 0 ? frac : frac | (1n << 52n);
  const e = biased === 0 ? -1074 : biased - 1075;
  let b = BigInt(digits);
  if (e >= 0) a <<= BigInt(e);
  else b <<= BigInt(-e);
  if (k >= 0) b *= 10n ** BigInt(k);
  else a *= 10n ** BigInt(-k);
  return a === b;
}

/** Adds one unit in the last place to a digit string; returns the new string and carry. */
function incrementDigits(d: string): { digits: string; carry: boolean } {
  const a = d.split("");
  let i = a.length - 1;
  while (i >= 0) {
    if (a[i] === "9") {
      a[i] = "0";
      i--;
    } else {
      a[i] = String.fromCharCode(a[i].charCodeAt(0) + 1);
      return { digits: a.join(""), carry: false };
    }
  }
  return { digits: "1" + a.join(""), carry: true };
}

/**
 * `x` (finite, > 0) rounded to `p` significant digits, ties to even on the exact value.
 */
export function roundSignificant(x: number, p: number): Digits {
  const longer = parseExponential(x.toExponential(Math.min(p, 100)));
  if (longer.digits.endsWith("5") && longer.digits.length === p + 1) {
    const k = longer.exp - p;
    if (isExactDecimal(longer.digits, k, x)) {
      const head = longer.digits.slice(0, p);
      const last = head.charCodeAt(p - 1) - 48;
      if (last % 2 === 0) return { digits: head, exp: longer.exp };
      const inc = incrementDigits(head);
      return inc.carry
        ? { digits: inc.digits.slice(0, p), exp: longer.exp + 1 }
        : { digits: inc.digits, exp: longer.exp };
    }
  }
  return parseExponential(x.toExponential(p - 1));
}

/**
 * `x` (finite, ≥ 0) rounded to `f` digits after the decimal point, ties to even on the exact
 * value. Returns digits with the exponent of the first digit (digits "0" for a zero result).
 */
function roundFixed(x: number, f: number): Digits {
  if (x === 0) return { digits: "0", exp: 0 };
  const e = shortest64(x).exp;
  const p = e + f + 1;
  if (p >= 1) return roundSignificant(x, Math.min(p, 101));
  // |x| < 10^-f: rounds to 0 or to one unit of 10^-f (ties to even, i.e. to 0)
  const unit = 10 ** -f;
  return p === 0 && x > unit / 2 ? { digits: "1", exp: -f } : { digits: "0", exp: 0 };
}

/** Positional string from digits: `d.dddd` placed by `exp`, no trailing-zero trimming. */
function positional(d: Digits): { int: string; frac: string } {
  const { digits, exp } = d;
  if (digits === "0") return { int: "0", frac: "" };
  if (exp < 0) return { int: "0", frac: "0".repeat(-exp - 1) + digits };
  if (digits.length <= exp + 1) {
    return { int: digits + "0".repeat(exp + 1 - digits.length), frac: "" };
  }
  return { int: digits.slice(0, exp + 1), frac: digits.slice(exp + 1) };
}

function stripZeros(s: string): string {
  return s.replace(/0+$/, "");
}

function expString(e: number, minDigits = 2): string {
  const sign = e < 0 ? "-" : "+";
  return sign + String(Math.abs(e)).padStart(minDigits, "0");
}

/** Python's / numpy's repr layout for shortest digits: positional when 1e-4 ≤ |x| < 1e16. */
function reprFromDigits(neg: boolean, d: Digits, positionalMode?: boolean): string {
  const sign = neg ? "-" : "";
  if (positionalMode ?? (d.exp >= -4 && d.exp < 16)) {
    const { int, frac } = positional(d);
    return `${sign}${int}.${frac === "" ? "0" : frac}`;
  }
  const mant = d.digits.length > 1 ? `${d.digits[0]}.${d.digits.slice(1)}` : d.digits;
  return `${sign}${mant}e${expString(d.exp)}`;
}

/** Python `repr(float)` (also numpy float64 `str`): `1.0`, `0.1`, `1e-05`, `nan`, `-inf`. */
export function reprFloat(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  return reprFromDigits(x < 0, shortest64(Math.abs(x)));
}

/**
 * Python `repr(complex)`: `(re+imj)` with each part in repr digits but no `.0` on whole numbers,
 * or just `imj` when the real part is +0.
 */
export function reprComplex(re: number, im: number): string {
  const part = (x: number) => reprFloat(x).replace(/\.0$/, "");
  const imag = part(im);
  if (re === 0 && !Object.is(re, -0)) return `${imag}j`;
  return `(${part(re)}${imag.startsWith("-") ? "" : "+"}${imag}j)`;
}

/** numpy float32 `str`/`repr`: shortest digits that identify the float32. */
export function reprFloat32(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const ax = Math.fround(Math.abs(x));
  // numpy decides on the value (a float32 just under 1e-4 prints as 1e-04), not on the digits
  return reprFromDigits(x < 0, shortest32(ax), ax >= 1e-4 && ax < 1e16);
}

/** Python `format(x, "g")` (precision 6 by default): `50.9983`, `1e+06`, `0.0001`. */
export function formatG(x: number, precision = 6): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const p = precision === 0 ? 1 : precision;
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const sign = x < 0 ? "-" : "";
  const d = roundSignificant(Math.abs(x), p);
  if (d.exp >= -4 && d.exp < p) {
    const { int, frac } = positional(d);
    const f = stripZeros(frac);
    return sign + int + (f ? "." + f : "");
  }
  const rest = stripZeros(d.digits.slice(1));
  return `${sign}${d.digits[0]}${rest ? "." + rest : ""}e${expString(d.exp)}`;
}

/** numpy `rint`: round half to even. */
export function rint(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.round(x);
  if (Math.abs(x - Math.trunc(x)) === 0.5) {
    const f = Math.floor(x);
    const even = f % 2 === 0 ? f : f + 1;
    return even === 0 && x < 0 ? -0 : even; // rint(-0.5) is -0.0
  }
  return r === 0 && x < 0 ? -0 : r;
}

/** `np.around(x, decimals)` for float64: `rint(x * 10^d) / 10^d`, numpy's own (inexact) way. */
export function around(x: number, decimals: number): number {
  if (!Number.isFinite(x)) return x;
  if (decimals >= 0) {
    const f = 10 ** decimals;
    return rint(x * f) / f;
  }
  const f = 10 ** -decimals;
  return rint(x / f) * f;
}

/** Options of numpy's Dragon4 formatting (`np.format_float_positional` / `_scientific`). */
export interface Dragon4Options {
  /** Maximum digits after the point (positional) or in the mantissa fraction (scientific). */
  precision?: number;
  /** Use shortest unique digits (cut at `precision`). */
  unique?: boolean;
  /** Minimum number of fraction digits (zero-padded). */
  minDigits?: number;
  /** Trim mode: "k" keep, "." trim zeros keep point, "0" trim zeros keep one, "-" trim all. */
  trim?: "k" | "." | "0" | "-";
  /** Left padding of the integer part. */
  padLeft?: number;
  /** Right padding of the fraction part. */
  padRight?: number;
  /** Minimum exponent digits (scientific). */
  expDigits?: number;
  /** Treat the value as float32 for the shortest digits. */
  float32?: boolean;
  /** Write `+` before non-negative values (numpy's `sign=True`). */
  sign?: boolean;
}

function fractionDigits(x: number, o: Dragon4Options): Digits {
  const shortest = o.float32 ? shortest32(x) : shortest64(x);
  const unique = o.unique ?? true;
  const prec = o.precision;
  if (!unique) return roundFixed(x, prec ?? 0);
  // fraction digits of the shortest form (negative when it stops above the units place)
  const frac = shortest.digits.length - shortest.exp - 1;
  if (prec !== undefined && frac > prec) return roundFixed(x, prec);
  // Dragon4 goes on with exact digits down to min_digits (e.g. all integer digits of a large
  // float32 when min_digits is 0, where the shortest form would end in zeros)
  if (o.minDigits !== undefined && o.minDigits >= 0 && frac < o.minDigits) {
    return roundFixed(x, o.minDigits);
  }
  return shortest;
}

function applyTrim(frac: string, o: Dragon4Options): { frac: string; point: boolean } {
  let f = frac;
  const minDigits = o.minDigits ?? 0;
  const trim = o.trim ?? "k";
  if (trim === "." || trim === "0" || trim === "-") f = stripZeros(f);
  if (f.length < minDigits) f = f + "0".repeat(minDigits - f.length);
  if (trim === "k" && !(o.unique ?? true) && o.precision !== undefined && f.length < o.precision) {
    f = f + "0".repeat(o.precision - f.length);
  }
  if (f === "") {
    if (trim === "0") return { frac: "0", point: true };
    if (trim === "-") return { frac: "", point: false };
    return { frac: "", point: true };
  }
  return { frac: f, point: true };
}

/** numpy `dragon4_positional` (`np.format_float_positional`) for a finite value. */
export function dragon4Positional(x: number, o: Dragon4Options = {}): string {
  const neg = x < 0 || Object.is(x, -0);
  const ax = Math.abs(x);
  const d = ax === 0 ? { digits: "0", exp: 0 } : fractionDigits(ax, o);
  const { int, frac } = positional(d);
  const t = applyTrim(frac, o);
  const intPart = (neg ? "-" : o.sign ? "+" : "") + int;
  const padLeft = o.padLeft ?? 0;
  let s = intPart.padStart(padLeft, " ");
  s += t.point ? "." + t.frac : "";
  if (o.padRight !== undefined) s += " ".repeat(Math.max(0, o.padRight - t.frac.length));
  return s;
}

/** numpy `dragon4_scientific` (`np.format_float_scientific`) for a finite value. */
export function dragon4Scientific(x: number, o: Dragon4Options = {}): string {
  const neg = x < 0 || Object.is(x, -0);
  const ax = Math.abs(x);
  let d: Digits;
  if (ax === 0) d = { digits: "0", exp: 0 };
  else {
    const shortest = o.float32 ? shortest32(ax) : shortest64(ax);
    const unique = o.unique ?? true;
    const frac = shortest.digits.length - 1;
    if (!unique || (o.precision !== undefined && frac > o.precision)) {
      d = roundSignificant(ax, (o.precision ?? 0) + 1);
    } else if (o.minDigits !== undefined && o.minDigits >= 0 && frac < o.minDigits) {
      d = roundSignificant(ax, o.minDigits + 1); // exact digits past the shortest form
    } else d = shortest;
  }
  const t = applyTrim(d.digits.slice(1), o);
  const intPart = (neg ? "-" : o.sign ? "+" : "") + d.digits[0];
  let s = intPart.padStart(o.padLeft ?? 0, " ");
  s += t.point ? "." + t.frac : "";
  return s + "e" + expString(d.exp, o.expDigits !== undefined && o.expDigits > 0 ? o.expDigits : 2);
}

/** Python `format(x, ".{digits}f")` (with `" "` as the sign of non-negative values if asked). */
export function formatFixed(x: number, digits: number, spaceSign = false): string {
  const pos = spaceSign ? " " : "";
  if (Number.isNaN(x)) return pos + "nan";
  if (!Number.isFinite(x)) return x > 0 ? pos + "inf" : "-inf";
  const neg = x < 0 || Object.is(x, -0);
  const d = roundFixed(Math.abs(x), digits);
  const { int, frac } = positional(d);
  const f = (frac + "0".repeat(digits)).slice(0, digits);
  return (neg ? "-" : pos) + int + (digits > 0 ? "." + f : "");
}

/** Python `format(x, ".{digits}e")` (with `" "` as the sign of non-negative values if asked). */
export function formatExp(x: number, digits: number, spaceSign = false): string {
  const pos = spaceSign ? " " : "";
  if (Number.isNaN(x)) return pos + "nan";
  if (!Number.isFinite(x)) return x > 0 ? pos + "inf" : "-inf";
  const neg = x < 0 || Object.is(x, -0);
  const d = x === 0
    ? { digits: "0".repeat(digits + 1), exp: 0 }
    : roundSignificant(Math.abs(x), digits + 1);
  const frac = d.digits.slice(1).padEnd(digits, "0");
  return (neg ? "-" : pos) + d.digits[0] + (digits > 0 ? "." + frac : "") + "e" + expString(d.exp);
}
