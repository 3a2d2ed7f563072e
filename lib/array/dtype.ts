/**
 * numpy-compatible numeric dtypes and the TypedArrays that hold them. 64-bit integers live in
 * BigInt64Array / BigUint64Array so values round-trip exactly; booleans live in Uint8Array (0/1),
 * as numpy stores them.
 * @module
 */
import { NappleError } from "../errors.ts";

/** numpy's names for the numeric dtypes napple supports. */
export type DType =
  | "bool"
  | "int8"
  | "int16"
  | "int32"
  | "int64"
  | "uint8"
  | "uint16"
  | "uint32"
  | "uint64"
  | "float32"
  | "float64";

/** Every supported dtype, in numpy's kind order. */
export const DTYPES: readonly DType[] = [
  "bool",
  "int8",
  "int16",
  "int32",
  "int64",
  "uint8",
  "uint16",
  "uint32",
  "uint64",
  "float32",
  "float64",
];

/** Any TypedArray napple stores numbers in. */
export type TypedArray =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Uint16Array
  | Uint32Array
  | BigUint64Array
  | Float32Array
  | Float64Array;

/** One element of a TypedArray. */
export type Scalar = number | bigint;

/** A constructor of one of the TypedArrays. */
export interface TypedArrayConstructor {
  /** Bytes per element. */
  readonly BYTES_PER_ELEMENT: number;
  /** Allocates `length` zeroed elements. */
  new (length: number): TypedArray;
  /** Views `length` elements of `buffer` from `byteOffset`. */
  new (buffer: ArrayBufferLike, byteOffset?: number, length?: number): TypedArray;
}

const CONSTRUCTORS: Record<DType, TypedArrayConstructor> = {
  bool: Uint8Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  int64: BigInt64Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
  uint32: Uint32Array,
  uint64: BigUint64Array,
  float32: Float32Array,
  float64: Float64Array,
};

/** True when `value` names a supported dtype. */
export function isDType(value: unknown): value is DType {
  return typeof value === "string" && (DTYPES as readonly string[]).includes(value);
}

/** The TypedArray constructor that stores `dtype`. */
export function typedArrayFor(dtype: DType): TypedArrayConstructor {
  return CONSTRUCTORS[dtype];
}

/** Size of one element in bytes (numpy's `itemsize`). */
export function itemSize(dtype: DType): number {
  return CONSTRUCTORS[dtype].BYTES_PER_ELEMENT;
}

/** True for int64 / uint64, whose elements are bigints. */
export function isBigIntDType(dtype: DType): boolean {
  return dtype === "int64" || dtype === "uint64";
}

/** True for float32 / float64. */
export function isFloatDType(dtype: DType): boolean {
  return dtype === "float32" || dtype === "float64";
}

/** The dtype a TypedArray stores (Uint8Array reads as uint8; pass "bool" explicitly for bools). */
export function dtypeOfTypedArray(a: TypedArray): DType {
  if (a instanceof Float64Array) return "float64";
  if (a instanceof Float32Array) return "float32";
  if (a instanceof Int32Array) return "int32";
  if (a instanceof Int16Array) return "int16";
  if (a instanceof Int8Array) return "int8";
  if (a instanceof Uint32Array) return "uint32";
  if (a instanceof Uint16Array) return "uint16";
  if (a instanceof BigInt64Array) return "int64";
  if (a instanceof BigUint64Array) return "uint64";
  return "uint8";
}

/** True when `x` is one of the TypedArrays napple stores numbers in. */
export function isTypedArray(x: unknown): x is TypedArray {
  return ArrayBuffer.isView(x) && !(x instanceof DataView) &&
    !(x instanceof Uint8ClampedArray) &&
    !(typeof Float16Array !== "undefined" && x instanceof Float16Array);
}

/** Allocates a zeroed TypedArray for `length` elements of `dtype`. */
export function allocate(dtype: DType, length: number): TypedArray {
  return new CONSTRUCTORS[dtype](length);
}

/** Converts any TypedArray (bigints included) to a new Float64Array. */
export function toFloat64(a: ArrayLike<Scalar> | TypedArray): Float64Array {
  if (a instanceof Float64Array) return a.slice();
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = Number((a as ArrayLike<Scalar>)[i]);
  return out;
}

/** The values as float64: the array itself when it already is a Float64Array, else a converted copy. */
export function asFloat64(a: TypedArray): Float64Array {
  if (a instanceof Float64Array) return a;
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = Number(a[i]);
  return out;
}

/** Converts a TypedArray to another dtype with numpy's `astype` semantics for in-range values. */
export function castTypedArray(a: TypedArray, dtype: DType): TypedArray {
  const out = allocate(dtype, a.length);
  const big = isBigIntDType(dtype);
  if (dtype === "bool") {
    for (let i = 0; i < a.length; i++) out[i] = a[i] ? 1 : 0;
  } else if (big) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      (out as BigInt64Array)[i] = typeof v === "bigint" ? v : BigInt(Math.trunc(v));
    }
  } else {
    for (let i = 0; i < a.length; i++) (out as Float64Array)[i] = Number(a[i]);
  }
  return out;
}

/**
 * numpy's array-protocol type string (`descr`) for a dtype in little-endian order, e.g.
 * `<f8`, `|b1`, `|u1`.
 */
export function descrOf(dtype: DType): string {
  switch (dtype) {
    case "bool":
      return "|b1";
    case "int8":
      return "|i1";
    case "uint8":
      return "|u1";
    default: {
      const kind = dtype.startsWith("float") ? "f" : dtype.startsWith("uint") ? "u" : "i";
      return `<${kind}${itemSize(dtype)}`;
    }
  }
}

/** Parses a numeric numpy `descr` (`<f8`, `>i4`, `|b1`, `=u2`) into dtype and byte order. */
export function parseNumericDescr(
  descr: string,
): { dtype: DType; littleEndian: boolean } | undefined {
  const m = /^([<>|=]?)([biuf])(\d+)$/.exec(descr);
  if (!m) return undefined;
  const [, order, kind, sizeText] = m;
  const size = Number(sizeText);
  let dtype: DType | undefined;
  if (kind === "b" && size === 1) dtype = "bool";
  else if (kind === "f" && (size === 4 || size === 8)) dtype = `float${size * 8}` as DType;
  else if (kind === "i" && [1, 2, 4, 8].includes(size)) dtype = `int${size * 8}` as DType;
  else if (kind === "u" && [1, 2, 4, 8].includes(size)) dtype = `uint${size * 8}` as DType;
  if (!dtype) return undefined;
  return { dtype, littleEndian: order !== ">" };
}

/** Throws a DTYPE error unless `value` is a supported dtype name. */
export function assertDType(value: unknown, what = "dtype"): DType {
  if (!isDType(value)) {
    throw new NappleError(
      "DTYPE",
      `${what} ${JSON.stringify(value)} is not supported; use one of ${DTYPES.join(", ")}`,
    );
  }
  return value;
}

/**
 * Reverses the bytes of each `size`-byte element of `bytes` in place (big-endian data ↔ the
 * little-endian TypedArrays napple holds); a trailing partial element is left alone.
 */
export function swapBytes(bytes: Uint8Array, size: number): void {
  if (size <= 1) return;
  for (let i = 0; i + size <= bytes.length; i += size) {
    for (let a = i, b = i + size - 1; a < b; a++, b--) {
      const t = bytes[a];
      bytes[a] = bytes[b];
      bytes[b] = t;
    }
  }
}
