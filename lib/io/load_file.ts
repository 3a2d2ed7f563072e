/**
 * `nap.loadFile(path, { lazyLoading })`: pynapple's `load_file`, dispatching on the extension —
 * `.npz` (a pynapple object, or the NpzFile of a plain numpy archive), `.npy` (an array) and
 * `.nwb` (an NWBFile). A missing path, a folder or another extension gives a NappleError that
 * says what to do.
 * @module
 */
import { NappleError } from "../errors.ts";
import { extname, statOrUndefined } from "../platform.ts";
import { loadNpy } from "./npz.ts";
import { loadNpz } from "./npz_reader.ts";
import { loadNwb } from "./nwb/nwbfile.ts";

/** Options of {@linkcode loadFile}. */
export interface LoadFileOptions {
  /**
   * Keep data on disk and read rows on demand (pynapple's `lazy_loading`). For NWB files the
   * default is lazy, as in pynapple; for `.npz` / `.npy` the default is to load into memory.
   */
  lazyLoading?: boolean;
}

/** The extensions loadFile understands. */
export const LOADABLE_EXTENSIONS: readonly string[] = [".npz", ".npy", ".nwb"];

/** Checks that `path` is an existing regular file; returns its lower-case extension. */
export function checkLoadablePath(path: string): string {
  if (typeof path !== "string" || path === "") {
    throw new NappleError("INVALID_ARGUMENT", "loadFile needs a file path");
  }
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
 * `.nwb` → an NWBFile (objects loaded on access, lazily by default).
 */
export function loadFile(path: string, options: LoadFileOptions = {}): unknown {
  const ext = checkLoadablePath(path);
  switch (ext) {
    case ".npy":
      return loadNpy(path, { lazy: options.lazyLoading ?? false });
    case ".npz":
      return loadNpz(path, { lazyLoading: options.lazyLoading ?? false });
    default:
      return loadNwb(path, { lazyLoading: options.lazyLoading ?? true });
  }
}
