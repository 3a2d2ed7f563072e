/**
 * Options objects are checked against the keys their type declares. Notebooks and `deno run` do
 * not type-check, so a pynapple habit (`time_units: "ms"`, `bin_size: 0.5`) would otherwise be
 * ignored silently; here it fails, naming the key and napple's spelling of it.
 * @module
 */
import { NappleError } from "./errors.ts";
import { suggestKey } from "./suggest.ts";

/**
 * Every key of options type `T`, each mapped to `true`. Declaring a list with this type makes
 * TypeScript reject a missing or a misspelled key, so the runtime list follows the interface.
 */
export type OptionKeys<T> = { readonly [K in keyof Required<T>]: true };

/**
 * `options` after checking that it is an object (`{}` when omitted) whose own keys are all in
 * `keys`; else INVALID_ARGUMENT naming the key, `what` (e.g. `"Tsd.count"`) and the napple name
 * the caller probably meant. Keys whose value is `undefined` are checked too: a misspelling
 * is a misspelling whatever its value.
 */
export function checkOptions<T extends object>(
  options: T | null | undefined,
  keys: OptionKeys<T>,
  what: string,
): T {
  if (options === undefined || options === null) return {} as T;
  if (typeof options !== "object" || Array.isArray(options)) {
    throw new NappleError("INVALID_ARGUMENT", `the options of ${what} must be an object`, {
      key: "options",
    });
  }
  for (const key of Object.keys(options)) {
    if (Object.hasOwn(keys, key)) continue;
    const known = Object.keys(keys);
    const guess = suggestKey(key, known);
    const hint = guess
      ? `did you mean ${guess}?`
      : known.length
      ? `known options: ${known.join(", ")}`
      : "it takes no options";
    throw new NappleError("INVALID_ARGUMENT", `unknown option "${key}" of ${what}: ${hint}`, {
      key,
    });
  }
  return options;
}
