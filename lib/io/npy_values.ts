/**
 * The arrays a `.npy` member can hold beyond napple's numeric NDArray: fixed-width strings
 * (`<U`, `|S`) and object arrays (`|O`, read through the restricted unpickler). Together with
 * NDArray they form {@linkcode NpyArray}, what `loadNpy` and `NpzFile.get` return.
 * @module
 */
import { NDArray, shapeSize } from "../array/ndarray.ts";
import { NappleError } from "../errors.ts";

/** A numpy string array: `<U` (unicode, itemsize in characters) or `|S` (bytes, latin-1 here). */
export class StringArray {
  /** Marks the class for structural checks. */
  readonly kind: "U" | "S";
  /** numpy's itemsize in characters (U) or bytes (S): the widest element. */
  readonly itemsize: number;
  /** Dimensions, outermost first. */
  readonly shape: readonly number[];
  /** Elements in row-major order (trailing NULs stripped, as numpy does). */
  readonly values: readonly string[];

  /**
   * Wraps `values` with `shape`. `itemsize` defaults to the longest element (at least 1), as
   * `np.array(list_of_str)` chooses it.
   */
  constructor(
    values: readonly string[],
    shape: readonly number[] = [values.length],
    kind: "U" | "S" = "U",
    itemsize?: number,
  ) {
    if (shapeSize(shape) !== values.length) {
      throw new NappleError(
        "SHAPE_MISMATCH",
        `string array of ${values.length} elements cannot have shape (${shape.join(", ")})`,
      );
    }
    this.kind = kind;
    this.values = values;
    this.shape = Object.freeze([...shape]);
    let widest = 1;
    for (const v of values) widest = Math.max(widest, kind === "U" ? codePointLength(v) : v.length);
    this.itemsize = itemsize ?? widest;
  }

  /** numpy's dtype string, e.g. `<U5` or `|S3`. */
  get descr(): string {
    return this.kind === "U" ? `<U${this.itemsize}` : `|S${this.itemsize}`;
  }

  /** Number of elements. */
  get size(): number {
    return this.values.length;
  }
}

/** A numpy object array (`|O`): each element is a plain JS value decoded from the pickle. */
export class ObjectArray {
  /** Dimensions, outermost first. */
  readonly shape: readonly number[];
  /** Elements in row-major order: strings, numbers, bigints, booleans, null, arrays, records. */
  readonly values: readonly unknown[];

  /** Wraps `values` with `shape`. */
  constructor(values: readonly unknown[], shape: readonly number[] = [values.length]) {
    if (shapeSize(shape) !== values.length) {
      throw new NappleError(
        "SHAPE_MISMATCH",
        `object array of ${values.length} elements cannot have shape (${shape.join(", ")})`,
      );
    }
    this.values = values;
    this.shape = Object.freeze([...shape]);
  }

  /** Always `|O`. */
  get descr(): string {
    return "|O";
  }

  /** Number of elements. */
  get size(): number {
    return this.values.length;
  }
}

/**
 * A Python float with an integral value inside an object array (`3.0`, not `3`): JS numbers
 * cannot tell them apart, and pynapple prints them differently. napple's display prints it as
 * `3.0` and the pickler writes it back as a float. Other floats are plain numbers.
 */
export interface PyFloatValue {
  /** Marks a Python float. */
  readonly py: "float";
  /** The value. */
  readonly v: number;
}

/** True for a {@linkcode PyFloatValue}. */
export function isPyFloat(x: unknown): x is PyFloatValue {
  return typeof x === "object" && x !== null && (x as PyFloatValue).py === "float" &&
    typeof (x as PyFloatValue).v === "number";
}

/** Anything a `.npy` file can hold that napple reads. */
export type NpyArray = NDArray | StringArray | ObjectArray;

/** Number of Unicode code points (numpy's `<U` counts code points, not UTF-16 units). */
export function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) i++;
    n++;
  }
  return n;
}

/** True for any of the three array kinds. */
export function isNpyArray(x: unknown): x is NpyArray {
  return x instanceof NDArray || x instanceof StringArray || x instanceof ObjectArray;
}
