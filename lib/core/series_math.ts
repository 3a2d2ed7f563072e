/**
 * numpy's element-wise arithmetic, comparisons and reductions on the values of a series, with
 * numpy's broadcasting and axis rules. Values are read one batch of rows at a time
 * (`eachBatch`), so lazy data is streamed, never loaded whole; results are float64 (comparisons
 * and logical operations: bool), whatever the input dtype, so 64-bit integer data (spike counts)
 * come out as plain numbers.
 * @module
 */
import { NappleError } from "../errors.ts";
import { warn } from "../warnings.ts";
import { assertDType, type DType, isFloatDType, type TypedArray } from "../array/dtype.ts";
import { NDArray, shapeSize } from "../array/ndarray.ts";
import { eachBatch, type Store } from "./store.ts";

/** Element-wise arithmetic (numpy `add`, `subtract`, `multiply`, `true_divide`, `power`, `mod`). */
export type ArithmeticOp = "add" | "sub" | "mul" | "div" | "pow" | "mod";

/** Element-wise comparisons (numpy `greater`, `greater_equal`, `less`, ...): bool results. */
export type CompareOp = "gt" | "ge" | "lt" | "le" | "eq" | "ne";

/** Element-wise logical operations (numpy `logical_and`, `logical_or`, `logical_xor`). */
export type LogicalOp = "and" | "or" | "xor";

/** Any element-wise binary operation. */
export type BinaryOp = ArithmeticOp | CompareOp | LogicalOp;

/**
 * The right-hand side of an element-wise operation once series are unwrapped: a number, or
 * values of `shape` given whole (`data`, row-major) or read by rows of their first axis
 * (`rows`, for a series of the same timestamps, possibly lazy).
 */
export type Operand = number | {
  shape: readonly number[];
  data?: Float64Array;
  rows?: (a: number, b: number) => Float64Array;
};

/** Elements converted per step when in-memory data are not float64. */
const CONVERT_STEP = 1 << 20;

/**
 * Calls `fn(x, a, m)` on consecutive blocks of rows `[a, a + m)` of `store` as float64 values:
 * float64 in-memory data in one block, as they are; other in-memory data and lazy data
 * (`eachBatch`) converted block by block into one reused buffer. A fresh buffer per block costs
 * page faults and leaves garbage that raises peak memory on long lazy streams.
 */
export function eachFloatBatch(
  store: Store,
  fn: (x: Float64Array, a: number, m: number) => void,
): void {
  let buf = new Float64Array(0);
  const convert = (data: TypedArray): Float64Array => {
    if (data instanceof Float64Array) return data;
    if (buf.length < data.length) buf = new Float64Array(data.length);
    const out = buf.subarray(0, data.length);
    if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
      for (let i = 0; i < data.length; i++) out[i] = Number(data[i]);
    } else out.set(data);
    return out;
  };
  if (store instanceof NDArray && !(store.data instanceof Float64Array)) {
    const n = store.length;
    const step = Math.max(1, Math.floor(CONVERT_STEP / Math.max(1, store.rowSize)));
    for (let a = 0; a < n; a += step) {
      const rows = store.sliceRows(a, Math.min(n, a + step));
      fn(convert(rows.data), a, rows.length);
    }
    return;
  }
  eachBatch(store, (rows, a) => fn(convert(rows.data), a, rows.length));
}

const KERNELS: Record<BinaryOp, (x: number, y: number) => number> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  pow: (x, y) => x ** y,
  // numpy's mod takes the sign of the divisor (Python's %), unlike JavaScript's remainder
  mod: (x, y) => {
    if (y === 0 || !Number.isFinite(x)) return NaN;
    const r = x % y;
    return r !== 0 && (r < 0) !== (y < 0) ? r + y : r;
  },
  gt: (x, y) => (x > y ? 1 : 0),
  ge: (x, y) => (x >= y ? 1 : 0),
  lt: (x, y) => (x < y ? 1 : 0),
  le: (x, y) => (x <= y ? 1 : 0),
  eq: (x, y) => (x === y ? 1 : 0),
  ne: (x, y) => (x !== y ? 1 : 0),
  // numpy's truth: anything but 0 (NaN included) is true
  and: (x, y) => (x !== 0 && y !== 0 ? 1 : 0),
  or: (x, y) => (x !== 0 || y !== 0 ? 1 : 0),
  xor: (x, y) => ((x !== 0) !== (y !== 0) ? 1 : 0),
};

/** True for the operations whose result is bool. */
export function isBoolOp(op: BinaryOp): boolean {
  return !(op in ARITHMETIC);
}
const ARITHMETIC = { add: 1, sub: 1, mul: 1, div: 1, pow: 1, mod: 1 };

/** A shape as Python prints it: `(5,)`, `(5,3)` (numpy's broadcast error style). */
function pyShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(",")})`;
}

/**
 * numpy's broadcast of `b` against `a`: the result must keep `a`'s shape (a series keeps its
 * rows and columns). Returns `b`'s shape padded with leading 1s to `a`'s rank.
 */
export function broadcastTo(a: readonly number[], b: readonly number[]): number[] {
  const fail = (extra = "") =>
    new NappleError(
      "SHAPE_MISMATCH",
      `operands could not be broadcast together with shapes ${pyShape(a)} ${pyShape(b)}${extra}`,
    );
  if (b.length > a.length) {
    throw fail(`: the result would have more dimensions than the series`);
  }
  const padded = [...Array(a.length - b.length).fill(1), ...b];
  for (let d = 0; d < a.length; d++) {
    if (padded[d] !== a[d] && padded[d] !== 1) {
      if (a[d] === 1) throw fail(": the result would not keep the series' shape");
      throw fail();
    }
  }
  return padded;
}

/**
 * For each position `j` within a row of `a` (shape `a`, time first), the offset of the matching
 * element within a row of `b` (padded shape, broadcast dims count 0).
 */
function rowOffsets(a: readonly number[], b: readonly number[]): Int32Array {
  const rowSize = shapeSize(a.slice(1));
  const out = new Int32Array(rowSize);
  const nd = a.length;
  const bStride = new Array<number>(nd).fill(0);
  let s = 1;
  for (let d = nd - 1; d >= 1; d--) {
    bStride[d] = b[d] === 1 ? 0 : s;
    s *= b[d];
  }
  for (let j = 0; j < rowSize; j++) {
    let rem = j, off = 0;
    for (let d = nd - 1; d >= 1; d--) {
      const idx = rem % a[d];
      rem = (rem - idx) / a[d];
      off += idx * bStride[d];
    }
    out[j] = off;
  }
  return out;
}

/**
 * The common operations with a number as loops of their own (a kernel called per element is
 * several times slower once the call site has seen several kernels). False for the others.
 */
function fastScalar(
  op: BinaryOp,
  x: Float64Array,
  y: number,
  out: Float64Array | Uint8Array,
  off: number,
): boolean {
  const n = x.length;
  switch (op) {
    case "add":
      for (let i = 0; i < n; i++) out[off + i] = x[i] + y;
      return true;
    case "sub":
      for (let i = 0; i < n; i++) out[off + i] = x[i] - y;
      return true;
    case "mul":
      for (let i = 0; i < n; i++) out[off + i] = x[i] * y;
      return true;
    case "div":
      for (let i = 0; i < n; i++) out[off + i] = x[i] / y;
      return true;
    case "gt":
      for (let i = 0; i < n; i++) out[off + i] = x[i] > y ? 1 : 0;
      return true;
    case "lt":
      for (let i = 0; i < n; i++) out[off + i] = x[i] < y ? 1 : 0;
      return true;
    case "ge":
      for (let i = 0; i < n; i++) out[off + i] = x[i] >= y ? 1 : 0;
      return true;
    case "le":
      for (let i = 0; i < n; i++) out[off + i] = x[i] <= y ? 1 : 0;
      return true;
  }
  return false;
}

/**
 * add/sub/mul/div of `m` rows with one row `y` broadcast over time (a per-column array): loops
 * of their own, as {@linkcode fastScalar}. False for the other operations.
 */
function fastRows(
  op: BinaryOp,
  x: Float64Array,
  y: Float64Array,
  m: number,
  rs: number,
  offsets: Int32Array,
  identity: boolean,
  out: Float64Array | Uint8Array,
  off: number,
): boolean {
  if (op !== "add" && op !== "sub" && op !== "mul" && op !== "div") return false;
  const row = identity ? y : Float64Array.from(offsets, (o) => y[o]);
  for (let i = 0; i < m; i++) {
    const xo = i * rs, oo = off + xo;
    if (op === "add") { for (let j = 0; j < rs; j++) out[oo + j] = x[xo + j] + row[j]; }
    else if (op === "sub") { for (let j = 0; j < rs; j++) out[oo + j] = x[xo + j] - row[j]; }
    else if (op === "mul") { for (let j = 0; j < rs; j++) out[oo + j] = x[xo + j] * row[j]; }
    else for (let j = 0; j < rs; j++) out[oo + j] = x[xo + j] / row[j];
  }
  return true;
}

/** scipy's `zscore` arithmetic in one pass: `(x - mean[j]) / std[j]` per column `j`. */
export function standardize(store: Store, mean: Float64Array, std: Float64Array): NDArray {
  const n = store.shape[0] ?? 0;
  const rs = shapeSize(store.shape.slice(1));
  const out = new Float64Array(n * rs);
  eachFloatBatch(store, (x, a, m) => {
    for (let i = 0; i < m; i++) {
      const xo = i * rs, oo = (a + i) * rs;
      for (let j = 0; j < rs; j++) out[oo + j] = (x[xo + j] - mean[j]) / std[j];
    }
  });
  return new NDArray(out, store.shape, "float64");
}

/**
 * `op(values, operand)` element by element with numpy's broadcasting, the result keeping the
 * values' shape; float64 for arithmetic, bool (0/1 in a Uint8Array) otherwise.
 */
export function elementwise(store: Store, op: BinaryOp, operand: Operand): NDArray {
  const shape = store.shape;
  const n = shape[0] ?? 0;
  const rs = shapeSize(shape.slice(1));
  const f = KERNELS[op];
  const bool = isBoolOp(op);
  const out = bool ? new Uint8Array(n * rs) : new Float64Array(n * rs);
  if (typeof operand === "number") {
    eachFloatBatch(store, (x, a) => {
      const off = a * rs;
      if (fastScalar(op, x, operand, out, off)) return;
      for (let i = 0; i < x.length; i++) out[off + i] = f(x[i], operand);
    });
  } else {
    const bs = broadcastTo(shape, operand.shape);
    const bRow = shapeSize(bs.slice(1));
    // one operand row per series row, or one row broadcast over time
    const perRow = bs[0] !== 1;
    const whole = perRow ? undefined : operand.data ?? operand.rows!(0, 1);
    const offsets = rowOffsets(shape, bs);
    const identity = bRow === rs && offsets.every((o, j) => o === j);
    eachFloatBatch(store, (x, a, m) => {
      const y = whole ??
        (operand.data ? operand.data.subarray(a * bRow, (a + m) * bRow) : operand.rows!(a, a + m));
      const yStride = perRow ? bRow : 0;
      const off = a * rs;
      if (identity && perRow) {
        for (let i = 0; i < x.length; i++) out[off + i] = f(x[i], y[i]);
        return;
      }
      if (!perRow && m > 0 && fastRows(op, x, y, m, rs, offsets, identity, out, off)) return;
      for (let i = 0; i < m; i++) {
        const yo = i * yStride;
        const xo = i * rs;
        for (let j = 0; j < rs; j++) out[off + xo + j] = f(x[xo + j], y[yo + offsets[j]]);
      }
    });
  }
  return new NDArray(out, shape, bool ? "bool" : "float64");
}

/** numpy's `logical_not`: bool values, 1 where the value is 0. */
export function logicalNot(store: Store): NDArray {
  const n = store.shape[0] ?? 0;
  const rs = shapeSize(store.shape.slice(1));
  const out = new Uint8Array(n * rs);
  eachFloatBatch(store, (x, a) => {
    const off = a * rs;
    for (let i = 0; i < x.length; i++) out[off + i] = x[i] === 0 ? 1 : 0;
  });
  return new NDArray(out, store.shape, "bool");
}

/** numpy's reductions napple implements. */
export type ReduceKind = "sum" | "mean" | "var" | "std" | "min" | "max" | "argmin" | "argmax";

/** What to reduce and how. */
export interface ReduceSpec {
  /** The reduction. */
  kind: ReduceKind;
  /** numpy's `nan*` variant: NaN values are ignored. */
  skipNaN: boolean;
  /** Delta degrees of freedom of `var`/`std` (numpy's `ddof`, default 0). */
  ddof?: number;
}

/** The reduced axes, sorted, in range, distinct (numpy's AxisError otherwise). */
export function normalizeAxes(
  axis: number | readonly number[] | undefined,
  ndim: number,
): number[] {
  if (axis === undefined || axis === null) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof axis === "number" ? [axis] : Array.isArray(axis) ? [...axis] : null;
  if (!list) {
    throw new NappleError("INVALID_ARGUMENT", "axis must be a number or an array of numbers");
  }
  const out = list.map((k) => {
    if (!Number.isInteger(k) || k < -ndim || k >= ndim) {
      throw new NappleError(
        "INVALID_ARGUMENT",
        `axis ${k} is out of bounds for array of dimension ${ndim}`,
      );
    }
    return k < 0 ? k + ndim : k;
  });
  if (new Set(out).size !== out.length) {
    throw new NappleError("INVALID_ARGUMENT", "duplicate value in 'axis'");
  }
  return out.sort((a, b) => a - b);
}

const NUMPY_NAMES: Record<ReduceKind, string> = {
  sum: "add",
  mean: "mean",
  var: "var",
  std: "std",
  min: "minimum",
  max: "maximum",
  argmin: "argmin",
  argmax: "argmax",
};

/**
 * numpy's reduction of the values over `axes` (sorted, from `normalizeAxes`): the result shape
 * (the kept axes) and float64 values. Values are read batch by batch (twice for var/std, whose
 * deviations are taken from the mean as numpy does). `argmin`/`argmax` over every axis give
 * flat indices, over one axis the position along it.
 */
export function reduce(
  store: Store,
  axes: readonly number[],
  spec: ReduceSpec,
): { shape: number[]; data: Float64Array } {
  const shape = store.shape;
  const nd = shape.length;
  const rowShape = shape.slice(1);
  const rs = shapeSize(rowShape);
  const { kind, skipNaN } = spec;
  const arg = kind === "argmin" || kind === "argmax";
  if (arg && axes.length !== 1 && axes.length !== nd) {
    throw new NappleError("INVALID_ARGUMENT", `${kind} takes a single axis (or none)`);
  }
  const reduced = new Set(axes);
  const outShape = shape.filter((_, d) => !reduced.has(d));
  const outSize = shapeSize(outShape);
  const reducedSize = shapeSize(axes.map((d) => shape[d]));
  const identityFree = !(kind === "sum" || kind === "mean" || kind === "var" || kind === "std");
  if (reducedSize === 0 && outSize > 0 && identityFree) {
    throw new NappleError(
      "SHAPE_MISMATCH",
      `zero-size array to reduction operation ${NUMPY_NAMES[kind]} which has no identity`,
    );
  }
  // output position of element (i, j): time part + offset of the kept row axes
  const timeKept = !reduced.has(0);
  const keptRow = shapeSize(rowShape.filter((_, d) => !reduced.has(d + 1)));
  const outOff = new Int32Array(rs);
  // position along the reduced axis, for argmin/argmax over one row axis
  const along = new Int32Array(rs);
  const argAxis = arg && axes.length === 1 ? axes[0] : -1;
  for (let j = 0; j < rs; j++) {
    let rem = j, off = 0, stride = 1;
    for (let d = nd - 1; d >= 1; d--) {
      const idx = rem % shape[d];
      rem = (rem - idx) / shape[d];
      if (d === argAxis) along[j] = idx;
      if (!reduced.has(d)) {
        off += idx * stride;
        stride *= shape[d];
      }
    }
    outOff[j] = off;
  }
  const tStride = timeKept ? keptRow : 0;
  const out = new Float64Array(outSize);
  const count = new Float64Array(outSize);

  if (kind === "sum" || kind === "mean" || kind === "var" || kind === "std") {
    // sums of values, or of squared deviations from `mean`; the common layouts (over time only,
    // across every column) get loops without index tables; additions happen in the same order
    const overTime = !timeKept && keptRow === rs;
    const acrossRow = timeKept && keptRow === 1;
    const sumPass = (mean?: Float64Array) =>
      eachFloatBatch(store, (x, a, m) => {
        if (!skipNaN && overTime) {
          for (let i = 0; i < m; i++) {
            const xo = i * rs;
            if (mean) {
              for (let j = 0; j < rs; j++) {
                const d = x[xo + j] - mean[j];
                out[j] += d * d;
              }
            } else for (let j = 0; j < rs; j++) out[j] += x[xo + j];
          }
          return;
        }
        if (!skipNaN && acrossRow) {
          for (let i = 0; i < m; i++) {
            const xo = i * rs;
            let acc = 0;
            if (mean) {
              const mu = mean[a + i];
              for (let j = 0; j < rs; j++) {
                const d = x[xo + j] - mu;
                acc += d * d;
              }
            } else for (let j = 0; j < rs; j++) acc += x[xo + j];
            out[a + i] = acc;
          }
          return;
        }
        for (let i = 0; i < m; i++) {
          const base = (a + i) * tStride;
          const xo = i * rs;
          for (let j = 0; j < rs; j++) {
            const v = x[xo + j];
            if (skipNaN && v !== v) continue;
            const o = base + outOff[j];
            if (mean) {
              const d = v - mean[o];
              out[o] += d * d;
            } else {
              out[o] += v;
              if (skipNaN) count[o]++;
            }
          }
        }
      });
    sumPass();
    if (!skipNaN) count.fill(reducedSize);
    if (kind === "sum") return { shape: outShape, data: out };
    let emptyMean = false;
    for (let o = 0; o < outSize; o++) {
      if (count[o] === 0) emptyMean = true;
      out[o] = out[o] / count[o];
    }
    if (emptyMean) {
      warn(skipNaN ? "Mean of empty slice" : "Mean of empty slice.", "RuntimeWarning");
    }
    if (kind === "mean") return { shape: outShape, data: out };
    const mean = out.slice();
    out.fill(0);
    sumPass(mean);
    const ddof = spec.ddof ?? 0;
    let badDof = false;
    for (let o = 0; o < outSize; o++) {
      const dof = count[o] - ddof;
      if (dof <= 0) badDof = true;
      // numpy: var divides by max(n - ddof, 0); nanvar gives NaN where n - ddof <= 0
      out[o] = skipNaN && dof <= 0 ? NaN : out[o] / Math.max(dof, 0);
      if (kind === "std") out[o] = Math.sqrt(out[o]);
    }
    if (badDof) warn("Degrees of freedom <= 0 for slice.", "RuntimeWarning");
    return { shape: outShape, data: out };
  }

  // min, max, argmin, argmax: `count` marks positions that have seen a value
  const isMax = kind === "max" || kind === "argmax";
  const index = arg ? new Float64Array(outSize) : undefined;
  const hasNaN = new Uint8Array(outSize);
  const flat = arg && axes.length === nd;
  eachFloatBatch(store, (x, a, m) => {
    for (let i = 0; i < m; i++) {
      const t = a + i;
      const base = t * tStride;
      const xo = i * rs;
      for (let j = 0; j < rs; j++) {
        const v = x[xo + j];
        const o = base + outOff[j];
        if (v !== v) {
          if (skipNaN || hasNaN[o]) continue;
          // numpy's min/max propagate NaN; argmin/argmax point at the first NaN
          hasNaN[o] = 1;
          out[o] = NaN;
          if (index) index[o] = flat ? t * rs + j : argAxis === 0 ? t : along[j];
          continue;
        }
        if (hasNaN[o]) continue;
        if (count[o] === 0 || (isMax ? v > out[o] : v < out[o])) {
          out[o] = v;
          if (index) index[o] = flat ? t * rs + j : argAxis === 0 ? t : along[j];
        }
        count[o] = 1;
      }
    }
  });
  let allNaN = false;
  for (let o = 0; o < outSize; o++) {
    if (count[o] === 0 && !hasNaN[o]) {
      allNaN = true;
      out[o] = NaN;
    }
  }
  if (allNaN && skipNaN) {
    if (index) throw new NappleError("INVALID_ARGUMENT", "All-NaN slice encountered");
    warn("All-NaN slice encountered", "RuntimeWarning");
  }
  return { shape: outShape, data: index ?? out };
}

/** True when both time arrays hold the same timestamps. */
export function sameTimes(a: Float64Array, b: Float64Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const MAX_EXACT = Number.MAX_SAFE_INTEGER;

/**
 * Every value as a number, row-major (lazy data read batch by batch). 64-bit integers beyond
 * 2^53 cannot be numbers exactly: a DTYPE error names the first one instead of rounding it.
 */
export function valuesAsNumbers(store: Store): Float64Array {
  const out = new Float64Array(shapeSize(store.shape));
  const rs = shapeSize(store.shape.slice(1));
  const big = store.dtype === "int64" || store.dtype === "uint64";
  eachBatch(store, (rows, a) => {
    const x = rows.data;
    const off = a * rs;
    for (let i = 0; i < x.length; i++) {
      const v = Number(x[i]);
      if (big && (v > MAX_EXACT || v < -MAX_EXACT)) {
        throw new NappleError(
          "DTYPE",
          `value ${x[i]} at position ${off + i} does not fit a number exactly (beyond 2^53)`,
        );
      }
      out[off + i] = v;
    }
  });
  return out;
}

/**
 * The values converted to `dtype` in memory (numpy `astype`: floats truncated towards zero for
 * integer dtypes). NaN or ±Infinity cannot become integers: a DTYPE error instead of numpy's
 * arbitrary value.
 */
export function castStore(store: Store, dtype: DType): NDArray {
  assertDType(dtype);
  const parts: NDArray[] = [];
  const toInt = !isFloatDType(dtype) && dtype !== "bool";
  eachBatch(store, (rows) => {
    if (toInt && isFloatDType(rows.dtype)) {
      for (const v of rows.data as Float64Array) {
        if (!Number.isFinite(v)) {
          throw new NappleError("DTYPE", `cannot convert ${v} to ${dtype}`);
        }
      }
    }
    parts.push(rows.astype(dtype));
  });
  return NDArray.concatRows(parts, dtype, store.shape.slice(1));
}

/** The values with every NaN replaced by `value` (float data; other dtypes are copied as is). */
export function fillNaN(store: Store, value: number): NDArray {
  const parts: NDArray[] = [];
  eachBatch(store, (rows) => {
    const copy = rows.copy();
    if (copy.dtype === "float64" || copy.dtype === "float32") {
      const x = copy.data as Float64Array;
      for (let i = 0; i < x.length; i++) if (x[i] !== x[i]) x[i] = value;
    }
    parts.push(copy);
  });
  return NDArray.concatRows(parts, store.dtype, store.shape.slice(1));
}
