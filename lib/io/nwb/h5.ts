/**
 * h5wasm loading and the one wrapper every HDF5 call goes through.
 *
 * Why a top-level await: h5wasm's Node build can only be instantiated asynchronously, while
 * napple's API (like pynapple's) is synchronous. This module therefore loads h5wasm once, while
 * `mod.ts` is being imported, so that `new NWBFile(path)` / `loadFile("x.nwb")` stay synchronous
 * afterwards. Loading costs ~0.2 s once per process.
 *
 * Why the `process.env` shim: during start-up the emscripten runtime enumerates `process.env`
 * (to give HDF5 its environment), which Deno refuses without `--allow-env`. When env access is
 * granted we leave it alone (HDF5 sees e.g. `HDF5_USE_FILE_LOCKING`); when it is not, we present
 * an empty environment for the duration of the start-up, so importing napple needs no permission
 * at all. Only reading a file needs `--allow-read`.
 *
 * Every call into h5wasm goes through {@linkcode h5call}, with HDF5's throwing error handler on:
 * HDF5's own messages become NappleErrors instead of stderr noise, and no WASM abort escapes.
 * @module
 */
import type * as H5Types from "h5wasm/node";
import { NappleError, type NappleErrorCode } from "../../errors.ts";
import { takeRemoteError } from "../remote/h5_device.ts";

/** The h5wasm module namespace (File, Group, Dataset, Module...). */
export type H5Wasm = typeof H5Types;
/** h5wasm's low-level emscripten module (malloc, HEAPU8, get_dataset_data...). */
export type H5Module = typeof H5Types.Module;

let api: H5Wasm | undefined;
let loadError: unknown;

async function load(): Promise<void> {
  // deno-lint-ignore no-explicit-any
  const proc = (globalThis as any).process as { env: unknown } | undefined;
  let envGranted = false;
  try {
    envGranted = Deno.permissions.querySync({ name: "env" }).state === "granted";
  } catch {
    envGranted = false;
  }
  const original = proc ? Object.getOwnPropertyDescriptor(proc, "env") : undefined;
  const shim = !envGranted && proc !== undefined && original?.configurable === true;
  if (shim) {
    Object.defineProperty(proc, "env", {
      value: {},
      configurable: true,
      writable: true,
      enumerable: true,
    });
  }
  try {
    const mod = await import("h5wasm/node");
    await mod.ready;
    // HDF5 errors now throw a JS Error carrying HDF5's error stack text.
    mod.Module.activate_throwing_error_handler();
    api = mod;
  } finally {
    if (shim && original) Object.defineProperty(proc, "env", original);
  }
}

try {
  await load();
} catch (e) {
  loadError = e;
}

/** The loaded h5wasm namespace; throws a NappleError when h5wasm could not be loaded. */
export function h5(): H5Wasm {
  if (!api) {
    throw new NappleError(
      "IO",
      `h5wasm (the HDF5 library napple reads NWB files with) could not be loaded: ${
        errorText(loadError)
      }`,
      { cause: loadError },
    );
  }
  return api;
}

/** The low-level emscripten module. */
export function h5module(): H5Module {
  return h5().Module;
}

/** True when h5wasm loaded. */
export function h5Available(): boolean {
  return api !== undefined;
}

/** Message of any thrown value (HDF5's stack text is trimmed to its informative lines). */
export function errorText(e: unknown): string {
  const raw = e instanceof Error ? e.message : String(e);
  // HDF5's error stack prints one "major/minor" pair per frame; the minor lines carry the reason.
  const minors = [...raw.matchAll(/minor:\s*(.+)/g)].map((m) => m[1].trim());
  const descs = [...raw.matchAll(/#\d+:.*?\):\s*(.+)/g)].map((m) => m[1].trim());
  if (descs.length) {
    const last = descs[descs.length - 1];
    const minor = minors[minors.length - 1];
    return minor && !last.includes(minor) ? `${last} (${minor})` : last;
  }
  return raw.trim().split("\n")[0] || "unknown error";
}

/**
 * Runs an h5wasm call and converts anything it throws (HDF5 error stacks, emscripten aborts,
 * out-of-memory) into a NappleError naming the file and object.
 */
export function h5call<T>(
  what: string,
  where: { path?: string; key?: string },
  fn: () => T,
  code: NappleErrorCode = "IO",
): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof NappleError) throw e;
    // a remote read failed underneath HDF5: its own error says what happened
    const remote = takeRemoteError();
    if (remote) throw remote;
    const obj = where.key ? ` (${where.key})` : "";
    throw new NappleError(code, `${what}${obj} failed: ${errorText(e)}`, {
      path: where.path,
      key: where.key,
      cause: e,
    });
  }
}
