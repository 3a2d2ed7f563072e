/**
 * `nap.loadFile(path, { lazyLoading })`: pynapple's `load_file`, dispatching on the extension —
 * `.npz` (a pynapple object, or the NpzFile of a plain numpy archive), `.npy` (an array) and
 * `.nwb` (an NWBFile). A missing path, a folder or another extension gives a NappleError that
 * says what to do.
 * @module
 */
import { NappleError } from "../errors.ts";
import { checkOptions, type OptionKeys } from "../options.ts";
import { extname, statOrUndefined } from "../platform.ts";
import { type ClassOf, expectInstance } from "../instance_of.ts";
import type { NpyLazyArray } from "../array/npy_lazy.ts";
import { loadNpy, type NpzFile } from "./npz.ts";
import { loadNpz, type NapObject } from "./npz_reader.ts";
import type { NpyArray } from "./npy_values.ts";
import { loadNwb, type NWBFile } from "./nwb/nwbfile.ts";
import { isUrl, RemoteFile } from "./remote/http_file.ts";

/** Options of {@linkcode loadFile}. */
export interface LoadFileOptions {
  /**
   * Keep data on disk and read rows on demand (pynapple's `lazy_loading`). For NWB files the
   * default is lazy, as in pynapple; for `.npz` / `.npy` the default is to load into memory.
   */
  lazyLoading?: boolean;
}

const LOAD_FILE_KEYS: OptionKeys<LoadFileOptions> = {
  lazyLoading: true,
};

/** Everything {@linkcode loadFile} can return. */
export type LoadedFile = NWBFile | NapObject | NpzFile | NpyArray | NpyLazyArray;

/** The extensions loadFile understands. */
export const LOADABLE_EXTENSIONS: readonly string[] = [".npz", ".npy", ".nwb"];

/**
 * The format of a URL: its extension when loadFile knows it, else what its first bytes say
 * (DANDI's blob URLs have no extension).
 */
function urlFormat(url: string): string {
  let ext: string;
  try {
    ext = extname(new URL(url).pathname).toLowerCase();
  } catch {
    throw new NappleError("INVALID_ARGUMENT", "not a valid URL", { path: url });
  }
  if (LOADABLE_EXTENSIONS.includes(ext)) return ext;
  const sniffed = RemoteFile.sniff(url);
  if (sniffed) return sniffed;
  throw new NappleError(
    "UNSUPPORTED_FORMAT",
    `File format not supported (${ext || "no extension"}, and the content is not HDF5, zip or ` +
      `.npy); loadFile reads ${LOADABLE_EXTENSIONS.join(", ")}`,
    { path: url },
  );
}

/**
 * Checks that `path` is an existing regular file; returns its lower-case extension. For an
 * HTTP(S) URL, returns its format (from the extension, or the first bytes).
 */
export function checkLoadablePath(path: string): string {
  if (typeof path !== "string" || path === "") {
    throw new NappleError("INVALID_ARGUMENT", "loadFile needs a file path");
  }
  if (isUrl(path)) return urlFormat(path);
  const info = statOrUndefined(path);
  if (!info) throw new NappleError("FILE_NOT_FOUND", "file does not exist", { path });
  if (info.isDirectory) {
    throw new NappleError("NOT_A_FILE", "is a folder; use loadFolder to open a folder", { path });
  }
  if (!info.isFile) throw new NappleError("NOT_A_FILE", "is not a regular file", { path });
  const ext = extname(path).toLowerCase();
  if (!LOADABLE_EXTENSIONS.includes(ext)) {
    throw new NappleError(
      "UNSUPPORTED_FORMAT",
      `File format not supported (${ext || "no extension"}); loadFile reads ${
        LOADABLE_EXTENSIONS.join(", ")
      }`,
      { path },
    );
  }
  return ext;
}

/**
 * Loads a file by its extension: `.npz` → the pynapple object it holds (Ts, Tsd, TsdFrame,
 * TsdTensor, TsGroup, IntervalSet) or an NpzFile for other archives; `.npy` → the array;
 * `.nwb` → an NWBFile (objects loaded on access, lazily by default). The return type follows
 * the extension written in the path; pass a class to get that type, checked when loading.
 *
 * @example Open an NWB file and take its units
 * ```ts
 * import * as nap from "jsr:@napple/napple";
 * const nwb = nap.loadFile("session.nwb"); // an NWBFile: nothing read but the structure
 * const units = nwb.get("units", nap.TsGroup); // a TsGroup, or a WRONG_TYPE error
 * console.log(units.toString());
 * ```
 * @example Load an npz saved by pynapple, as the type you expect
 * ```ts
 * import * as nap from "jsr:@napple/napple";
 * const tsd = nap.loadFile("my_tsd.npz", nap.Tsd);
 * console.log(tsd.restrict(new nap.IntervalSet({ start: [0], end: [5] })).toString());
 * ```
import { isUrl, RemoteFile } from "./remote/http_file.ts";
 */
export function loadFile(path: `${string}.nwb`, options?: LoadFileOptions): NWBFile;
/** An `.npz` holds a pynapple object, or is a plain numpy archive (an NpzFile). */
export function loadFile(path: `${string}.npz`, options?: LoadFileOptions): NapObject | NpzFile;
/** An `.npy` holds one array (lazy with `lazyLoading: true`). */
export function loadFile(path: `${string}.npy`, options?: LoadFileOptions): NpyArray | NpyLazyArray;
/** Any path: whatever the extension gives. */
export function loadFile(path: string, options?: LoadFileOptions): LoadedFile;
/** The object of the file, checked to be a `type` (else WRONG_TYPE naming both types). */
export function loadFile<T>(path: string, type: ClassOf<T>, options?: LoadFileOptions): T;
export function loadFile(
  path: string,
  typeOrOptions?: ClassOf<unknown> | LoadFileOptions,
  maybeOptions?: LoadFileOptions,
): unknown {
  const type = typeof typeOrOptions === "function" ? typeOrOptions : undefined;
  const options = checkOptions(
    type ? maybeOptions : typeOrOptions as LoadFileOptions | undefined,
    LOAD_FILE_KEYS,
    "loadFile",
  );
  const ext = checkLoadablePath(path);
  let value: LoadedFile;
  switch (ext) {
    case ".npy":
      value = loadNpy(path, { lazy: options.lazyLoading ?? false });
      break;
    case ".npz":
      value = loadNpz(path, { lazyLoading: options.lazyLoading ?? false });
      break;
    default:
      value = loadNwb(path, { lazyLoading: options.lazyLoading ?? true });
  }
  return type ? expectInstance(value, type, "the file's content", { path }) : value;
}
