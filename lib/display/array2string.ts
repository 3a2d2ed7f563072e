/**
 * numpy 1.24's `np.array2string` for the short 1-D arrays pynapple prints inside TsdTensor rows
 * and metadata cells: float mode "maxprec" (shared padding, exponent mode when the range calls
 * for it), integers right-aligned, booleans as ` True`/`False`.
 * @module
 */
import type { DType, Scalar } from "../array/dtype.ts";
import { isFloatDType } from "../array/dtype.ts";
import { type Dragon4Options, dragon4Positional, dragon4Scientific } from "./pyfmt.ts";

function formatFloats(
  values: readonly number[],
  precision: number,
  float32: boolean,
  sign = false,
): string[] {
  const finite = values.filter((v) => Number.isFinite(v));
  const nonZero = finite.filter((v) => v !== 0).map(Math.abs);
  let expFormat = false;
  if (nonZero.length) {
    const max = Math.max(...nonZero);
    const min = Math.min(...nonZero);
    // numpy compares in the array's own precision: float32 values against float32(1e-4), and
    // their ratio rounded to float32
    const f = float32 ? Math.fround : (v: number) => v;
    if (max >= 1e8 || min < f(0.0001) || f(max / min) > 1000) expFormat = true;
  }
  let padLeft = 0;
  let padRight = 0;
  let opts: Dragon4Options;
  if (finite.length === 0) {
    opts = { precision, unique: true, trim: ".", float32, sign };
  } else if (expFormat) {
    const strs = finite.map((x) =>
      dragon4Scientific(x, { precision, unique: true, trim: ".", float32, sign })
    );
    const parts = strs.map((s) => {
      const [mant, exp] = s.split("e");
      const [int, frac = ""] = mant.split(".");
      return { int, frac, exp };
    });
    const expSize = Math.max(...parts.map((p) => p.exp.length)) - 1;
    const prec = Math.max(...parts.map((p) => p.frac.length));
    padLeft = Math.max(...parts.map((p) => p.int.length));
    padRight = expSize + 2 + prec;
    opts = {
      precision: prec,
      minDigits: prec,
      unique: true,
      trim: "k",
      padLeft,
      expDigits: expSize,
      float32,
      sign,
    };
  } else {
    const strs = finite.map((x) =>
      dragon4Positional(x, { precision, unique: true, trim: ".", float32, sign })
    );
    const parts = strs.map((s) => {
      const [int, frac = ""] = s.split(".");
      return { int, frac };
    });
    padLeft = Math.max(...parts.map((p) => p.int.length));
    padRight = Math.max(...parts.map((p) => p.frac.length));
    opts = { precision, minDigits: 0, unique: true, trim: ".", padLeft, padRight, float32, sign };
  }
  if (finite.length !== values.length) {
    // room for nan / inf under the same padding
    const negInf = sign || values.some((v) => v === -Infinity);
    const offset = padRight + 1;
    padLeft = Math.max(padLeft, 3 - offset, 3 + (negInf ? 1 : 0) - offset);
    opts = { ...opts, padLeft };
  }
  return values.map((x) => {
    if (!Number.isFinite(x)) {
      const s = Number.isNaN(x) ? (sign ? "+nan" : "nan") : x < 0 ? "-inf" : sign ? "+inf" : "inf";
      return " ".repeat(Math.max(0, padLeft + padRight + 1 - s.length)) + s;
    }
    return expFormat ? dragon4Scientific(x, opts) : dragon4Positional(x, opts);
  });
}

/** Formats each element the way `array2string` would (same width for all). */
export function formatArrayElements(
  values: readonly Scalar[],
  dtype: DType,
  precision = 8,
): string[] {
  if (values.length === 0) return [];
  if (isFloatDType(dtype)) {
    return formatFloats(values.map(Number), precision, dtype === "float32");
  }
  if (dtype === "bool") return values.map((v) => (v ? " True" : "False"));
  const strs = values.map((v) => String(v));
  const w = Math.max(...strs.map((s) => s.length));
  return strs.map((s) => s.padStart(w, " "));
}

/** `np.array2string(a, precision=..., separator=...)` for a 1-D array of `dtype`. */
export function array2string(
  values: readonly Scalar[],
  dtype: DType,
  precision = 8,
  separator = " ",
): string {
  return "[" + formatArrayElements(values, dtype, precision).join(separator) + "]";
}

/**
 * numpy's ComplexFloatingFormat: real parts and imaginary parts each formatted as a float array
 * (the imaginary ones always signed), `j` written before the imaginary part's right padding.
 */
export function formatComplexElements(
  re: readonly number[],
  im: readonly number[],
  precision = 8,
): string[] {
  if (re.length === 0) return [];
  const reals = formatFloats(re, precision, false);
  const imags = formatFloats(im, precision, false, true);
  return reals.map((r, k) => {
    const i = imags[k];
    const end = i.trimEnd().length;
    return r + i.slice(0, end) + "j" + i.slice(end);
  });
}
