/**
 * Argument checks shared by the core classes, so a wrong-typed argument from JavaScript (where
 * the types are not enforced) ends in a NappleError naming the argument, never a TypeError.
 * @module
 */
import { NappleError } from "../errors.ts";

/** `x` as an array-like (array or TypedArray), else INVALID_ARGUMENT naming `what`. */
export function arrayLikeArg<T = unknown>(x: unknown, what: string): ArrayLike<T> {
  if (
    typeof x === "object" && x !== null && typeof (x as ArrayLike<T>).length === "number" &&
    (Array.isArray(x) || ArrayBuffer.isView(x))
  ) {
    return x as ArrayLike<T>;
  }
  throw new NappleError("INVALID_ARGUMENT", `${what} must be an array`, { key: what });
}

/** One name or an array of names. */
export function namesArg(x: unknown, what = "name"): string[] {
  if (typeof x === "string") return [x];
  if (Array.isArray(x) && x.every((v) => typeof v === "string")) return x;
  throw new NappleError("INVALID_ARGUMENT", `${what} must be a string or an array of strings`, {
    key: what,
  });
}

/** A function argument. */
export function functionArg<F>(x: F, what = "fn"): F {
  if (typeof x !== "function") {
    throw new NappleError("INVALID_ARGUMENT", `${what} must be a function`, { key: what });
  }
  return x;
}

/** The error for data of a type no constructor accepts (`t`, `d`, `start`, `end`...). */
export function unsupportedDataError(what: string, x: unknown): NappleError {
  return new NappleError(
    "INVALID_ARGUMENT",
    `${what} must be a number, an array, a TypedArray, an NDArray or a LazyArray; got ${
      x === null ? "null" : typeof x
    }`,
    { key: what },
  );
}
