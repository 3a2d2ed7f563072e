/**
 * An in-memory N-d array: a TypedArray in row-major (C) order, a shape and a numpy dtype.
 * Row slices are views (no copy), like numpy basic slicing.
 * @module
 */
import { NappleError } from "../errors.ts";
import {
  allocate,
  type DType,
  dtypeOfTypedArray,
  isBigIntDType,
  isTypedArray,
  type Scalar,
  type TypedArray,
  typedArrayFor,
} from "./dtype.ts";

/** Nested plain arrays, as accepted for 1-D, 2-D and N-d data. */
export type NestedArray = ReadonlyArray<number | bigint | boolean | NestedArray>;

/** Product of the dimensions (1 for a 0-d shape). */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** A numpy-like in-memory array. */
export class NDArray {
  /** numpy dtype name. */
  readonly dtype: DType;
  /** Dimensions, outermost first. */
  readonly shape: readonly number[];
  /** Elements in row-major order; length equals the product of `shape`. */
  readonly data: TypedArray;

  /** Wraps `data` (not copied) with `shape`; throws SHAPE_MISMATCH when sizes differ. */
  constructor(data: TypedArray, shape: readonly number[], dtype?: DType) {
    const size = shapeSize(shape);
    if (data.length !== size) {
      throw new NappleError(
        "SHAPE_MISMATCH",
        `array of ${data.length} elements cannot have shape (${shape.join(", ")})`,
      );
    }
    this.data = data;
    this.shape = Object.freeze([...shape]);
    this.dtype = dtype ?? dtypeOfTypedArray(data);
  }

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }

  /** Total number of elements. */
  get size(): number {
    return this.data.length;
  }

  /** Length of the first axis (0 for a 0-d array). */
  get length(): number {
    return this.shape.length ? this.shape[0] : 0;
  }

  /** Elements per row (product of all but the first dimension). */
  get rowSize(): number {
    return shapeSize(this.shape.slice(1));
  }

  /** Rows `[start, end)` as a view sharing memory with this array. */
  sliceRows(start: number, end: number): NDArray {
    const s = Math.max(0, Math.min(start, this.length));
    const e = Math.max(s, Math.min(end, this.length));
    const r = this.rowSize;
    return new NDArray(
      this.data.subarray(s * r, e * r),
      [e - s, ...this.shape.slice(1)],
      this.dtype,
    );
  }

  /** A copy holding the rows at `indices`, in that order. */
  takeRows(indices: ArrayLike<number>): NDArray {
    const r = this.rowSize;
    const out = allocate(this.dtype, indices.length * r);
    for (let i = 0; i < indices.length; i++) {
      const src = indices[i];
      if (src < 0 || src >= this.length) {
        throw new NappleError(
          "INDEX_OUT_OF_RANGE",
          `row ${src} is out of range for length ${this.length}`,
        );
      }
      // deno-lint-ignore no-explicit-any
      (out as any).set(this.data.subarray(src * r, (src + 1) * r), i * r);
    }
    return new NDArray(out, [indices.length, ...this.shape.slice(1)], this.dtype);
  }

  /**
   * A copy keeping only the columns (second-axis positions) `columns`, written into `into` when
   * it holds them (into new memory otherwise).
   */
  takeColumns(columns: readonly number[], into?: ArrayBuffer): NDArray {
    if (this.ndim < 2) {
      throw new NappleError("SHAPE_MISMATCH", "takeColumns needs a 2-D or higher array");
    }
    const n = this.length;
    const ncol = this.shape[1];
    const inner = shapeSize(this.shape.slice(2));
    const size = n * columns.length * inner;
    const Ctor = typedArrayFor(this.dtype);
    // `into`: a streaming loop's reused buffer, when it is large enough
    const out = into && into.byteLength >= size * Ctor.BYTES_PER_ELEMENT
      ? new Ctor(into, 0, size)
      : allocate(this.dtype, size);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < columns.length; j++) {
        const c = columns[j];
        if (c < 0 || c >= ncol) {
          throw new NappleError(
            "INDEX_OUT_OF_RANGE",
            `column ${c} is out of range for ${ncol} columns`,
          );
        }
        const from = (i * ncol + c) * inner;
        // deno-lint-ignore no-explicit-any
        (out as any).set(this.data.subarray(from, from + inner), (i * columns.length + j) * inner);
      }
    }
    return new NDArray(out, [n, columns.length, ...this.shape.slice(2)], this.dtype);
  }

  /** The element at a full index (one number per dimension). */
  get(...index: number[]): Scalar {
    if (index.length !== this.ndim) {
      throw new NappleError("INVALID_ARGUMENT", `need ${this.ndim} indices, got ${index.length}`);
    }
    let flat = 0;
    for (let k = 0; k < index.length; k++) {
      const i = index[k] < 0 ? index[k] + this.shape[k] : index[k];
      if (i < 0 || i >= this.shape[k]) {
        throw new NappleError(
          "INDEX_OUT_OF_RANGE",
          `index ${index[k]} is out of range for axis ${k}`,
        );
      }
      flat = flat * this.shape[k] + i;
    }
    return this.data[flat];
  }

  /** A copy with its own buffer. */
  copy(): NDArray {
    return new NDArray(this.data.slice(), this.shape, this.dtype);
  }

  /** Same data seen with another shape of the same size (no copy). */
  reshape(shape: readonly number[]): NDArray {
    return new NDArray(this.data, shape, this.dtype);
  }

  /** Nested plain arrays (bools as booleans, 64-bit integers as bigints). */
  toNested(): NestedArray | Scalar | boolean {
    const conv = this.dtype === "bool" ? (v: Scalar) => v !== 0 : (v: Scalar) => v;
    const build = (axis: number, offset: number): NestedArray | Scalar | boolean => {
      if (axis === this.ndim) return conv(this.data[offset]);
      const stride = shapeSize(this.shape.slice(axis + 1));
      const out: (NestedArray | Scalar | boolean)[] = [];
      for (let i = 0; i < this.shape[axis]; i++) out.push(build(axis + 1, offset + i * stride));
      return out as NestedArray;
    };
    return build(0, 0);
  }

  /** Builds an array from nested plain arrays or a TypedArray, inferring shape (and dtype). */
  static from(input: NestedArray | TypedArray | NDArray, dtype?: DType): NDArray {
    if (input instanceof NDArray) {
      return dtype && dtype !== input.dtype ? input.astype(dtype) : input;
    }
    if (isTypedArray(input)) {
      const a = new NDArray(input, [input.length], dtype && dtype === "bool" ? "bool" : undefined);
      return dtype && dtype !== a.dtype ? a.astype(dtype) : a;
    }
    const shape: number[] = [];
    let probe: unknown = input;
    while (Array.isArray(probe)) {
      shape.push(probe.length);
      probe = probe[0];
    }
    const flat: (number | bigint | boolean)[] = [];
    const walk = (x: unknown, axis: number) => {
      if (axis === shape.length) {
        if (Array.isArray(x)) throw new NappleError("SHAPE_MISMATCH", "nested array is ragged");
        if (typeof x !== "number" && typeof x !== "bigint" && typeof x !== "boolean") {
          throw new NappleError("DTYPE", `array element ${String(x)} is not a number or boolean`);
        }
        flat.push(x);
        return;
      }
      if (!Array.isArray(x) || x.length !== shape[axis]) {
        throw new NappleError("SHAPE_MISMATCH", "nested array is ragged");
      }
      for (const v of x) walk(v, axis + 1);
    };
    walk(input, 0);
    const inferred: DType = dtype ??
      (flat.length && flat.every((v) => typeof v === "boolean")
        ? "bool"
        : flat.some((v) => typeof v === "bigint")
        ? "int64"
        : "float64");
    const data = allocate(inferred, flat.length);
    const big = isBigIntDType(inferred);
    for (let i = 0; i < flat.length; i++) {
      const v = flat[i];
      // deno-lint-ignore no-explicit-any
      (data as any)[i] = big
        ? (typeof v === "bigint" ? v : BigInt(Math.trunc(Number(v))))
        : typeof v === "bigint"
        ? Number(v)
        : typeof v === "boolean"
        ? (v ? 1 : 0)
        : v;
    }
    return new NDArray(data, shape, inferred);
  }

  /** A copy converted to `dtype`. */
  astype(dtype: DType): NDArray {
    if (dtype === this.dtype) return this.copy();
    const out = allocate(dtype, this.size);
    const big = isBigIntDType(dtype);
    for (let i = 0; i < this.size; i++) {
      const v = this.data[i];
      // deno-lint-ignore no-explicit-any
      (out as any)[i] = dtype === "bool"
        ? (v ? 1 : 0)
        : big
        ? (typeof v === "bigint" ? v : BigInt(Math.trunc(v)))
        : Number(v);
    }
    return new NDArray(out, this.shape, dtype);
  }

  /** Concatenates arrays along the first axis (all must share dtype and row shape). */
  static concatRows(parts: readonly NDArray[], dtype: DType, rowShape: readonly number[]): NDArray {
    const r = shapeSize(rowShape);
    let n = 0;
    for (const p of parts) n += p.length;
    const out = allocate(dtype, n * r);
    let at = 0;
    for (const p of parts) {
      // deno-lint-ignore no-explicit-any
      (out as any).set(p.dtype === dtype ? p.data : p.astype(dtype).data, at);
      at += p.size;
    }
    return new NDArray(out, [n, ...rowShape], dtype);
  }
}
