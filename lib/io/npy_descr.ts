/**
 * numpy dtype strings (`descr`, e.g. `<f8`, `>i4`, `|b1`, `<U5`, `|S3`, `|O`) and the conversion
 * between raw array bytes and napple arrays, shared by the `.npy` reader/writer and the
 * unpickler (which meets the same dtypes inside pickled arrays).
 * @module
 */
import { NappleError } from "../errors.ts";
import {
  allocate,
  descrOf,
  type DType,
  parseNumericDescr,
  type TypedArray,
} from "../array/dtype.ts";
import { NDArray, shapeSize } from "../array/ndarray.ts";
import { type NpyArray, StringArray } from "./npy_values.ts";

/** What a descr means. */
export interface DescrInfo {
  /** numpy kind character: b, i, u, f (numeric), U, S (strings), O (objects). */
  kind: "b" | "i" | "u" | "f" | "U" | "S" | "O";
  /** Bytes per element as stored. */
  itemsize: number;
  /** Byte order of the stored elements (true for `<`, `|`, `=`). */
  littleEndian: boolean;
  /** napple dtype the elements load into (numeric kinds only; float16 loads as float32). */
  dtype?: DType;
  /** True for `f2`, which napple widens to float32 on reading. */
  half?: boolean;
}

/** Parses a numpy descr; throws DTYPE naming `where` for anything napple cannot hold. */
export function parseDescr(descr: unknown, where: string): DescrInfo {
  if (typeof descr !== "string") {
    throw new NappleError(
      "DTYPE",
      `structured/record dtypes are not supported (descr ${JSON.stringify(descr)})`,
      { path: where },
    );
  }
  const numeric = parseNumericDescr(descr);
  if (numeric) {
    const kind = descr.replace(/^[<>|=]/, "")[0] as DescrInfo["kind"];
    return {
      kind,
      itemsize: Number(descr.replace(/^[<>|=]?[a-z]/, "")),
      littleEndian: numeric.littleEndian,
      dtype: numeric.dtype,
    };
  }
  const m = /^([<>|=]?)([a-zA-Z?])(\d*)$/.exec(descr);
  if (m) {
    const [, order, kind, sizeText] = m;
    const size = sizeText === "" ? undefined : Number(sizeText);
    const littleEndian = order !== ">";
    if (kind === "f" && size === 2) {
      return { kind: "f", itemsize: 2, littleEndian, dtype: "float32", half: true };
    }
    if (kind === "?" && (size === undefined || size === 1)) {
      return { kind: "b", itemsize: 1, littleEndian: true, dtype: "bool" };
    }
    if (kind === "O" && (size === undefined || size === 8)) {
      return { kind: "O", itemsize: 8, littleEndian: true };
    }
    if ((kind === "U" || kind === "S") && size !== undefined && size < 2 ** 28) {
      // `<U0` / `|S0` exist (empty strings); numpy stores them with itemsize 0.
      return { kind, itemsize: kind === "U" ? size * 4 : size, littleEndian };
    }
  }
  throw new NappleError(
    "DTYPE",
    `numpy dtype "${descr}" is not supported (napple reads bool, int8–64, uint8–64, ` +
      `float16/32/64, <U, |S and object arrays)`,
    { path: where },
  );
}

/** The descr napple writes for an array (little-endian, numpy's spelling). */
export function descrOfArray(a: NpyArray): string {
  return a instanceof NDArray ? descrOf(a.dtype) : a.descr;
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

/** Reorders a Fortran-order (column-major) flat array into C order. */
function fortranToCTyped(src: TypedArray, shape: readonly number[], dtype: DType): TypedArray {
  const n = src.length;
  const out = allocate(dtype, n);
  const nd = shape.length;
  const idx = new Array<number>(nd).fill(0);
  const strides = new Array<number>(nd);
  let s = 1;
  for (let k = nd - 1; k >= 0; k--) {
    strides[k] = s;
    s *= shape[k];
  }
  let c = 0;
  for (let f = 0; f < n; f++) {
    // deno-lint-ignore no-explicit-any
    (out as any)[c] = src[f];
    for (let k = 0; k < nd; k++) {
      c += strides[k];
      if (++idx[k] < shape[k]) break;
      c -= strides[k] * shape[k];
      idx[k] = 0;
    }
  }
  return out;
}

function fortranToCStrings(values: string[], shape: readonly number[]): string[] {
  const idx = values.map((_, i) => i);
  const order = fortranToCTyped(Float64Array.from(idx), shape, "float64") as Float64Array;
  return Array.from(order, (i) => values[i]);
}

/**
 * Turns the raw bytes of a non-object array into an NDArray (native byte order) or a
 * StringArray, in C order. Aligned little-endian C-order data is viewed, not copied.
 */
export function decodeArrayBytes(
  info: DescrInfo,
  shape: readonly number[],
  fortranOrder: boolean,
  bytes: Uint8Array,
  where: string,
): NpyArray {
  const size = shapeSize(shape);
  const needed = size * info.itemsize;
  if (bytes.length < needed) {
    throw new NappleError(
      "CORRUPT_FILE",
      `array data is truncated: shape (${shape.join(", ")}) needs ${needed} bytes, ` +
        `${bytes.length} present`,
      { path: where },
    );
  }
  bytes = bytes.subarray(0, needed);
  const fortran = fortranOrder && shape.length > 1;
  if (info.kind === "U" || info.kind === "S") {
    const values = new Array<string>(size);
    const chars = info.kind === "U" ? info.itemsize / 4 : info.itemsize;
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < size; i++) {
      let s = "";
      if (info.kind === "U") {
        let len = chars;
        const base = i * info.itemsize;
        while (len > 0 && dv.getUint32(base + (len - 1) * 4, info.littleEndian) === 0) len--;
        const cps: number[] = [];
        for (let j = 0; j < len; j++) {
          const cp = dv.getUint32(base + j * 4, info.littleEndian);
          if (cp > 0x10ffff) {
            throw new NappleError("CORRUPT_FILE", `invalid code point in <U array`, {
              path: where,
            });
          }
          cps.push(cp);
        }
        for (let j = 0; j < cps.length; j += 4096) {
          s += String.fromCodePoint(...cps.slice(j, j + 4096));
        }
      } else {
        let len = chars;
        const base = i * chars;
        while (len > 0 && bytes[base + len - 1] === 0) len--;
        for (let j = 0; j < len; j++) s += String.fromCharCode(bytes[base + j]);
      }
      values[i] = s;
    }
    return new StringArray(
      fortran ? fortranToCStrings(values, shape) : values,
      shape,
      info.kind,
      chars,
    );
  }
  if (info.kind === "O" || !info.dtype) {
    throw new NappleError("DTYPE", "object arrays need the unpickler", { path: where });
  }
  const dtype = info.dtype;
  let data: TypedArray;
  if (info.half) {
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const out = new Float32Array(size);
    for (let i = 0; i < size; i++) out[i] = halfToFloat(dv.getUint16(i * 2, info.littleEndian));
    data = out;
  } else if (
    info.littleEndian && (bytes.byteOffset % info.itemsize === 0)
  ) {
    const Ctor = allocate(dtype, 0).constructor as new (
      b: ArrayBufferLike,
      o: number,
      n: number,
    ) => TypedArray;
    data = new Ctor(bytes.buffer, bytes.byteOffset, size);
  } else {
    const copy = new Uint8Array(needed);
    copy.set(bytes);
    if (!info.littleEndian && info.itemsize > 1) {
      const w = info.itemsize;
      for (let i = 0; i < needed; i += w) {
        for (let a = i, b = i + w - 1; a < b; a++, b--) {
          const t = copy[a];
          copy[a] = copy[b];
          copy[b] = t;
        }
      }
    }
    const Ctor = allocate(dtype, 0).constructor as new (
      b: ArrayBufferLike,
      o: number,
      n: number,
    ) => TypedArray;
    data = new Ctor(copy.buffer, 0, size);
  }
  if (fortran) data = fortranToCTyped(data, shape, dtype);
  return new NDArray(data, shape, dtype);
}

/** Encodes a StringArray's elements as numpy stores them (UTF-32LE or latin-1, NUL padded). */
export function encodeStringArray(a: StringArray, where: string): Uint8Array {
  const w = a.kind === "U" ? a.itemsize * 4 : a.itemsize;
  const out = new Uint8Array(a.values.length * w);
  const dv = new DataView(out.buffer);
  a.values.forEach((s, i) => {
    let j = 0;
    if (a.kind === "U") {
      for (const ch of s) {
        if (j >= a.itemsize) break;
        dv.setUint32(i * w + j * 4, ch.codePointAt(0)!, true);
        j++;
      }
    } else {
      for (let k = 0; k < s.length && k < w; k++) {
        const c = s.charCodeAt(k);
        if (c > 255) {
          throw new NappleError(
            "DTYPE",
            `|S arrays hold bytes; "${s}" has a character beyond latin-1`,
            { path: where },
          );
        }
        out[i * w + k] = c;
      }
    }
  });
  return out;
}

/** The raw little-endian bytes of an NDArray (a view, no copy). */
export function ndarrayBytes(a: NDArray): Uint8Array {
  return new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength);
}
