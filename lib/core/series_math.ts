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
import { pairwiseSum } from "../array/pairwise_sum.ts";
import { adviseHugePages, allocFloat64 } from "../array/huge_pages.ts";
import { eachBatch, type Store } from "./store.ts";
import { Progress } from "../process/progress.ts";

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

/**
 * Elements converted per step when data are not float64: 256 KiB of float64, so the converted
 * block is still in cache when `fn` reads it (converting a whole 16 MB batch first, then
 * reducing it, reads everything from memory twice).
 */
const CONVERT_STEP = 1 << 15;

/**
 * Calls `fn(x, a, m)` on consecutive blocks of rows `[a, a + m)` of `store` as float64 values:
 * float64 data as they are (in memory: one block), other dtypes converted a few rows at a time
 * into one reused buffer. Lazy batches (`eachBatch`) are read into one reused buffer too: a
 * fresh buffer per batch costs page faults and leaves garbage that raised peak memory on long
 * lazy streams. `fn` must keep nothing of `x`.
 */
export function eachFloatBatch(
  store: Store,
  fn: (x: Float64Array, a: number, m: number) => void,
  progress?: Progress,
): void {
  const rs = Math.max(1, shapeSize(store.shape.slice(1)));
  const step = Math.max(1, Math.floor(CONVERT_STEP / rs));
  let buf: Float64Array | undefined;
  const convert = (rows: NDArray, a0: number): void => {
    const data = rows.data;
    if (data instanceof Float64Array) {
      fn(data, a0, rows.length);
      return;
    }
    buf ??= new Float64Array(step * rs);
    const big = data instanceof BigInt64Array || data instanceof BigUint64Array;
    for (let r = 0; r < rows.length; r += step) {
      const m = Math.min(step, rows.length - r);
      const part = data.subarray(r * rs, (r + m) * rs);
      const out = buf.subarray(0, part.length);
      if (big) { for (let i = 0; i < part.length; i++) out[i] = Number(part[i]); }
      else out.set(part as Exclude<TypedArray, BigInt64Array | BigUint64Array>);
      fn(out, a0 + r, m);
    }
  };
  if (store instanceof NDArray) convert(store, 0);
  // `fn` keeps nothing of a batch, so lazy batches are read into one reused buffer
  else {
    eachBatch(store, (rows, a) => {
      convert(rows, a);
      progress?.advance(rows.length);
    }, true);
  }
}

/** A zeroed Uint8Array (bool values) on huge pages where the platform allows (see huge_pages.ts). */
function hugeUint8(length: number): Uint8Array {
  const a = new Uint8Array(length);
  adviseHugePages(a);
  return a;
}

/**
 * The progress indicator of a streaming operation on lazy data (`passes` reads of every row),
 * or undefined in memory: like the analysis functions', it shows once the work has taken a while.
 */
function lazyProgress(store: Store, label: string, passes = 1): Progress | undefined {
  if (store instanceof NDArray) return undefined;
  const progress = Progress.start(label);
  progress?.setTotal(passes * (store.shape[0] ?? 0));
  return progress;
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
 * several times slower once the call site has seen several kernels), one function per output
 * type so each store site sees one array type. False for the other operations.
 */
function fastScalar(op: BinaryOp, x: Float64Array, y: number, out: Float64Array, off: number) {
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
  }
  return false;
}

/**
 * Comparisons with a number, as {@linkcode fastScalar}, into bool (0/1) values (`+(a > b)`
 * compiles without a branch; `a > b ? 1 : 0` was half as fast).
 */
function fastCompare(op: BinaryOp, x: Float64Array, y: number, out: Uint8Array, off: number) {
  const n = x.length;
  switch (op) {
    case "gt":
      for (let i = 0; i < n; i++) out[off + i] = +(x[i] > y);
      return true;
    case "lt":
      for (let i = 0; i < n; i++) out[off + i] = +(x[i] < y);
      return true;
    case "ge":
      for (let i = 0; i < n; i++) out[off + i] = +(x[i] >= y);
      return true;
    case "le":
      for (let i = 0; i < n; i++) out[off + i] = +(x[i] <= y);
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
  out: Float64Array,
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

/**
 * add/sub/mul/div of `m` rows with one number per row (an `(n, 1)` operand broadcast across the
 * columns), as {@linkcode fastScalar}.
 */
function fastPerRow(
  op: BinaryOp,
  x: Float64Array,
  y: Float64Array,
  m: number,
  rs: number,
  out: Float64Array,
  off: number,
): boolean {
  if (op !== "add" && op !== "sub" && op !== "mul" && op !== "div") return false;
  for (let i = 0; i < m; i++) {
    const xo = i * rs, oo = off + xo, v = y[i];
    if (op === "add") { for (let j = 0; j < rs; j++) out[oo + j] = x[xo + j] + v; }
    else if (op === "sub") { for (let j = 0; j < rs; j++) out[oo + j] = x[xo + j] - v; }
    else if (op === "mul") { for (let j = 0; j < rs; j++) out[oo + j] = x[xo + j] * v; }
    else for (let j = 0; j < rs; j++) out[oo + j] = x[xo + j] / v;
  }
  return true;
}

/** add/sub/mul/div of two arrays of the same shape, as {@linkcode fastScalar}. */
function fastSame(op: BinaryOp, x: Float64Array, y: Float64Array, out: Float64Array, off: number) {
  const n = x.length;
  switch (op) {
    case "add":
      for (let i = 0; i < n; i++) out[off + i] = x[i] + y[i];
      return true;
    case "sub":
      for (let i = 0; i < n; i++) out[off + i] = x[i] - y[i];
      return true;
    case "mul":
      for (let i = 0; i < n; i++) out[off + i] = x[i] * y[i];
      return true;
    case "div":
      for (let i = 0; i < n; i++) out[off + i] = x[i] / y[i];
      return true;
  }
  return false;
}

/** scipy's `zscore` arithmetic in one pass: `(x - mean[j]) / std[j]` per column `j`. */
export function standardize(store: Store, mean: Float64Array, std: Float64Array): NDArray {
  const n = store.shape[0] ?? 0;
  const rs = shapeSize(store.shape.slice(1));
  const out = allocFloat64(n * rs);
  const progress = lazyProgress(store, "zscore");
  try {
    eachFloatBatch(store, (x, a, m) => {
      for (let i = 0; i < m; i++) {
        const xo = i * rs, oo = (a + i) * rs;
        for (let j = 0; j < rs; j++) out[oo + j] = (x[xo + j] - mean[j]) / std[j];
      }
    }, progress);
  } finally {
    progress?.done();
  }
  return new NDArray(out, store.shape, "float64");
}

/**
 * `op(values, operand)` element by element with numpy's broadcasting, the result keeping the
 * values' shape; float64 for arithmetic, bool (0/1 in a Uint8Array) otherwise.
 */
export function elementwise(store: Store, op: BinaryOp, operand: Operand): NDArray {
  const progress = lazyProgress(store, op);
  try {
    return elementwiseWith(store, op, operand, progress);
  } finally {
    progress?.done();
  }
}

function elementwiseWith(
  store: Store,
  op: BinaryOp,
  operand: Operand,
  progress: Progress | undefined,
): NDArray {
  const shape = store.shape;
  const n = shape[0] ?? 0;
  const rs = shapeSize(shape.slice(1));
  const f = KERNELS[op];
  const bool = isBoolOp(op);
  const out = bool ? hugeUint8(n * rs) : allocFloat64(n * rs);
  if (typeof operand === "number") {
    eachFloatBatch(store, (x, a) => {
      const off = a * rs;
      const fast = out instanceof Float64Array
        ? fastScalar(op, x, operand, out, off)
        : fastCompare(op, x, operand, out, off);
      if (fast) return;
      for (let i = 0; i < x.length; i++) out[off + i] = f(x[i], operand);
    }, progress);
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
        if (out instanceof Float64Array && fastSame(op, x, y, out, off)) return;
        for (let i = 0; i < x.length; i++) out[off + i] = f(x[i], y[i]);
        return;
      }
      if (
        !perRow && m > 0 && out instanceof Float64Array &&
        fastRows(op, x, y, m, rs, offsets, identity, out, off)
      ) return;
      if (perRow && bRow === 1 && out instanceof Float64Array) {
        if (fastPerRow(op, x, y, m, rs, out, off)) return;
      }
      for (let i = 0; i < m; i++) {
        const yo = i * yStride;
        const xo = i * rs;
        for (let j = 0; j < rs; j++) out[off + xo + j] = f(x[xo + j], y[yo + offsets[j]]);
      }
    }, progress);
  }
  return new NDArray(out, shape, bool ? "bool" : "float64");
}

/** numpy's `logical_not`: bool values, 1 where the value is 0. */
export function logicalNot(store: Store): NDArray {
  const n = store.shape[0] ?? 0;
  const rs = shapeSize(store.shape.slice(1));
  const out = hugeUint8(n * rs);
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
  const twoPasses = spec.kind === "var" || spec.kind === "std";
  const label = `${spec.skipNaN ? "nan" : ""}${spec.kind}`;
  const progress = lazyProgress(store, label, twoPasses ? 2 : 1);
  try {
    return reduceWith(store, axes, spec, progress);
  } finally {
    progress?.done();
  }
}

function reduceWith(
  store: Store,
  axes: readonly number[],
  spec: ReduceSpec,
  progress: Progress | undefined,
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
  const out = allocFloat64(outSize);
  const count = new Float64Array(outSize);

  if (kind === "sum" || kind === "mean" || kind === "var" || kind === "std") {
    // sums of values, or of squared deviations from `mean`; the common layouts (over time only,
    // across every column) get loops without index tables; additions happen in the same order
    const overTime = !timeKept && keptRow === rs;
    const acrossRow = timeKept && keptRow === 1;
    // every value into one result: numpy adds a contiguous array pairwise (lazy: per batch)
    const everything = !timeKept && keptRow === 1;
    const sumPass = (mean?: Float64Array) =>
      eachFloatBatch(store, (x, a, m) => {
        if (!skipNaN && everything) {
          out[0] += mean ? pairwiseSquares(x, 0, m * rs, mean[0]) : pairwiseSum(x, 0, m * rs);
          return;
        }
        if (!skipNaN && overTime) {
          if (mean) squaresOverTime(x, m, rs, mean, out);
          else sumOverTime(x, m, rs, out);
          return;
        }
        if (skipNaN && overTime) {
          // `count` counts the NaN values here (turned into counts of the others below)
          if (mean) nanSquaresOverTime(x, m, rs, mean, out);
          else nanSumOverTime(x, m, rs, out, count);
          return;
        }
        if (!skipNaN && acrossRow) {
          // numpy sums each contiguous row pairwise
          for (let i = 0; i < m; i++) {
            out[a + i] = mean
              ? pairwiseSquares(x, i * rs, rs, mean[a + i])
              : pairwiseSum(x, i * rs, rs);
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
      }, progress);
    sumPass();
    if (!skipNaN) count.fill(reducedSize);
    else if (overTime) { for (let j = 0; j < rs; j++) count[j] = reducedSize - count[j]; }
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

  const isMax = kind === "max" || kind === "argmax";
  if (!timeKept && keptRow === rs) {
    // over time only (a flat argmin/argmax index is then the row)
    return { shape: outShape, data: extremaOverTime(store, rs, isMax, arg, skipNaN, progress) };
  }
  if (timeKept && keptRow === 1 && (!arg || nd === 2)) {
    // across each row (an arg index is then the column)
    return { shape: outShape, data: extremaAcrossRows(store, rs, isMax, arg, skipNaN, progress) };
  }
  // min, max, argmin, argmax: `count` marks positions that have seen a value
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
  }, progress);
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

/**
 * `out[j] += x[i, j]` over the `m` rows of `x`, four rows per step: `out[j] + a + b + c + d`
 * adds in row order (left to right), so the sums are exactly those of one row at a time (numpy's
 * order over a non-contiguous axis) with a quarter of the loads and stores of `out`.
 */
function sumOverTime(x: Float64Array, m: number, rs: number, out: Float64Array): void {
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const o = i * rs;
    for (let j = 0; j < rs; j++) {
      out[j] = out[j] + x[o + j] + x[o + rs + j] + x[o + 2 * rs + j] + x[o + 3 * rs + j];
    }
  }
  for (; i < m; i++) {
    const o = i * rs;
    for (let j = 0; j < rs; j++) out[j] += x[o + j];
  }
}

/** `out[j] += (x[i, j] - mean[j])²` over the rows of `x`, as {@linkcode sumOverTime}. */
function squaresOverTime(
  x: Float64Array,
  m: number,
  rs: number,
  mean: Float64Array,
  out: Float64Array,
): void {
  let i = 0;
  for (; i + 2 <= m; i += 2) {
    const o = i * rs;
    for (let j = 0; j < rs; j++) {
      const mu = mean[j];
      const d0 = x[o + j] - mu, d1 = x[o + rs + j] - mu;
      out[j] = out[j] + d0 * d0 + d1 * d1;
    }
  }
  for (; i < m; i++) {
    const o = i * rs;
    for (let j = 0; j < rs; j++) {
      const d = x[o + j] - mean[j];
      out[j] += d * d;
    }
  }
}

/** {@linkcode sumOverTime} skipping NaN values, counted per column in `nans`. */
function nanSumOverTime(
  x: Float64Array,
  m: number,
  rs: number,
  out: Float64Array,
  nans: Float64Array,
): void {
  for (let i = 0; i < m; i++) {
    const o = i * rs;
    for (let j = 0; j < rs; j++) {
      const v = x[o + j];
      if (v === v) out[j] += v;
      else nans[j]++;
    }
  }
}

/** {@linkcode squaresOverTime} skipping NaN values. */
function nanSquaresOverTime(
  x: Float64Array,
  m: number,
  rs: number,
  mean: Float64Array,
  out: Float64Array,
): void {
  for (let i = 0; i < m; i++) {
    const o = i * rs;
    for (let j = 0; j < rs; j++) {
      const v = x[o + j];
      if (v === v) out[j] += (v - mean[j]) * (v - mean[j]);
    }
  }
}

/** numpy's block size below which `pairwise_sum` adds with eight accumulators. */
const PW_BLOCKSIZE = 128;

/** `pairwiseSum` of the squared deviations `(x - mu)²` of `x[off .. off + n)`. */
function pairwiseSquares(x: Float64Array, off: number, n: number, mu: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) {
      const d = x[off + i] - mu;
      res += d * d;
    }
    return res;
  }
  if (n <= PW_BLOCKSIZE) {
    const sq = (p: number) => (x[p] - mu) * (x[p] - mu);
    let r0 = sq(off), r1 = sq(off + 1), r2 = sq(off + 2), r3 = sq(off + 3);
    let r4 = sq(off + 4), r5 = sq(off + 5), r6 = sq(off + 6), r7 = sq(off + 7);
    const end = n - (n % 8);
    let i = 8;
    for (; i < end; i += 8) {
      const p = off + i;
      r0 += sq(p);
      r1 += sq(p + 1);
      r2 += sq(p + 2);
      r3 += sq(p + 3);
      r4 += sq(p + 4);
      r5 += sq(p + 5);
      r6 += sq(p + 6);
      r7 += sq(p + 7);
    }
    let res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < n; i++) res += sq(off + i);
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSquares(x, off, n2, mu) + pairwiseSquares(x, off + n2, n - n2, mu);
}

/**
 * min/max/argmin/argmax of every column over time (axis 0), numpy's NaN rules: a NaN makes the
 * result NaN (arg: the first NaN's row) unless `skipNaN`; an all-NaN column is NaN with a
 * warning (arg: an error). One comparison per value in the common case.
 */
function extremaOverTime(
  store: Store,
  rs: number,
  isMax: boolean,
  arg: boolean,
  skipNaN: boolean,
  progress: Progress | undefined,
): Float64Array {
  const best = new Float64Array(rs).fill(isMax ? -Infinity : Infinity);
  if (!arg && !skipNaN) {
    // Math.max/min propagate NaN as numpy's maximum/minimum do: no branch per value
    eachFloatBatch(store, (x, _a, m) => {
      if (isMax) maxRows(x, m, rs, best);
      else minRows(x, m, rs, best);
    }, progress);
    return best;
  }
  // row of the best value (-1 before any non-NaN value) and of the first NaN (-1: none)
  const at = new Float64Array(rs).fill(-1);
  const nanAt = new Float64Array(rs).fill(-1);
  eachFloatBatch(store, (x, a, m) => {
    if (isMax) extremaRows(x, m, rs, a, best, at, nanAt, 1);
    else extremaRows(x, m, rs, a, best, at, nanAt, -1);
  }, progress);
  const out = arg ? at : best;
  let allNaN = false;
  for (let j = 0; j < rs; j++) {
    if (!skipNaN && nanAt[j] >= 0) out[j] = arg ? nanAt[j] : NaN;
    else if (at[j] < 0) {
      allNaN = true;
      out[j] = NaN;
    }
  }
  if (allNaN && skipNaN) {
    if (arg) throw new NappleError("INVALID_ARGUMENT", "All-NaN slice encountered");
    warn("All-NaN slice encountered", "RuntimeWarning");
  }
  return out;
}

/** {@linkcode extremaOverTime} within each row: one result per row. */
function extremaAcrossRows(
  store: Store,
  rs: number,
  isMax: boolean,
  arg: boolean,
  skipNaN: boolean,
  progress: Progress | undefined,
): Float64Array {
  const out = allocFloat64(store.shape[0] ?? 0);
  const sign = isMax ? 1 : -1;
  let allNaN = false;
  eachFloatBatch(store, (x, a, m) => {
    for (let i = 0; i < m; i++) {
      const o = i * rs;
      let best = -Infinity, at = -1, nanAt = -1;
      for (let j = 0; j < rs; j++) {
        const v = sign * x[o + j];
        if (v > best) {
          best = v;
          at = j;
        } else if (v !== v) {
          if (nanAt < 0) nanAt = j;
        } else if (at < 0) at = j;
      }
      if (!skipNaN && nanAt >= 0) out[a + i] = arg ? nanAt : NaN;
      else if (at < 0) {
        allNaN = true;
        out[a + i] = NaN;
      } else out[a + i] = arg ? at : sign * best;
    }
  }, progress);
  if (allNaN && skipNaN) {
    if (arg) throw new NappleError("INVALID_ARGUMENT", "All-NaN slice encountered");
    warn("All-NaN slice encountered", "RuntimeWarning");
  }
  return out;
}

/** `best[j] = max(best[j], x[i, j])` over the rows of `x`, four rows per step (NaN wins). */
function maxRows(x: Float64Array, m: number, rs: number, best: Float64Array): void {
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const o = i * rs;
    for (let j = 0; j < rs; j++) {
      best[j] = Math.max(best[j], x[o + j], x[o + rs + j], x[o + 2 * rs + j], x[o + 3 * rs + j]);
    }
  }
  for (; i < m; i++) {
    const o = i * rs;
    for (let j = 0; j < rs; j++) best[j] = Math.max(best[j], x[o + j]);
  }
}

/** {@linkcode maxRows} for the smallest values. */
function minRows(x: Float64Array, m: number, rs: number, best: Float64Array): void {
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const o = i * rs;
    for (let j = 0; j < rs; j++) {
      best[j] = Math.min(best[j], x[o + j], x[o + rs + j], x[o + 2 * rs + j], x[o + 3 * rs + j]);
    }
  }
  for (; i < m; i++) {
    const o = i * rs;
    for (let j = 0; j < rs; j++) best[j] = Math.min(best[j], x[o + j]);
  }
}

/**
 * One batch of {@linkcode extremaOverTime}: `sign` 1 keeps the largest values, -1 the smallest
 * (`sign * v > sign * best` is exact: negation does not round).
 */
function extremaRows(
  x: Float64Array,
  m: number,
  rs: number,
  a: number,
  best: Float64Array,
  at: Float64Array,
  nanAt: Float64Array,
  sign: number,
): void {
  for (let i = 0; i < m; i++) {
    const o = i * rs;
    const t = a + i;
    for (let j = 0; j < rs; j++) {
      const v = x[o + j];
      if (sign * v > sign * best[j]) {
        best[j] = v;
        at[j] = t;
      } else if (v !== v) {
        if (nanAt[j] < 0) nanAt[j] = t;
      } else if (at[j] < 0) at[j] = t; // the first value, equal to the ±Infinity start
    }
  }
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
  const out = allocFloat64(shapeSize(store.shape));
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
  }, true);
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
