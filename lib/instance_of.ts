/**
 * Typed access by class: `nwb.get("units", nap.TsGroup)` returns a `TsGroup` to TypeScript and
 * checks at run time that the entry really is one, so a notebook needs no cast and a wrong guess
 * fails with a clear error instead of a later TypeError.
 * @module
 */
import { NappleError, type NappleErrorOptions } from "./errors.ts";

/** A class whose instances are `T` (`nap.TsGroup`, `nap.TsdFrame`, ...). */
export type ClassOf<T> = abstract new (...args: never[]) => T;

/** What `x` is, for messages: its class name, or its JS type. */
export function kindName(x: unknown): string {
  if (x === null) return "null";
  if (typeof x !== "object") return typeof x;
  const name = (x as { constructor?: { name?: string } }).constructor?.name;
  return name && name !== "Object" ? name : "a plain object";
}

/**
 * `value` when it is an instance of `type`; else WRONG_TYPE naming both types and `what` (e.g.
 * `entry "units"`), with `where` (the file, the key) attached to the error.
 */
export function expectInstance<T>(
  value: unknown,
  type: ClassOf<T>,
  what: string,
  where: NappleErrorOptions = {},
): T {
  if (typeof type !== "function") {
    throw new NappleError("INVALID_ARGUMENT", `the type asked for ${what} must be a class`);
  }
  if (value instanceof type) return value;
  throw new NappleError(
    "WRONG_TYPE",
    `${what} is a ${kindName(value)}, not a ${type.name}`,
    where,
  );
}
