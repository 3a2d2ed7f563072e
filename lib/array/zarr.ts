/**
 * Zarr arrays (v2 and v3) as napple data: the entry points, and the glue to zarrita. zarrita is
 * asynchronous and napple's core is not, so:
 *
 * - `await nap.openZarr(pathOrZarritaArray)` opens an array and returns a {@linkcode ZarrArray}, a
 *   LazyArray whose `readRows` is synchronous (zarr_array.ts): it reads the chunk files it needs
 *   from the local directory (zarr_store.ts) or from any store whose `get` answers synchronously
 *   (such as zarrita's in-memory Map store), after parsing the metadata (zarr_metadata.ts).
 * - `await nap.fromZarr(source, { loadArray })` is pynapple's `load_array` choice in one step:
 *   `true` (default) reads everything into an NDArray with pynapple's conversion warning, `false`
 *   returns the lazy ZarrArray. Pass the result as `d` to `new nap.TsdFrame({ t, d })`.
 * - `nap.writeZarr` writes an NDArray as a zarr v3 array with zarrita, atomically, and never over
 *   anything but a zarr array; `nap.ZarrDirectoryStore` lets zarrita write arrays directly.
 *
 * Arrays on asynchronous stores (HTTP) load fine with `loadArray: true` (through zarrita) but cannot
 * stay lazy. Not supported lazily: string/object dtypes, float16, Blosc's snappy, other filters
 * (delta, bitround...), sharding combined with other outer codecs — those raise a NappleError that
 * says to use `loadArray: true`, and `fromZarr` with `loadArray: true` hands them to zarrita.
 * @module
 */
import { NappleError } from "../errors.ts";
import { checkOptions, type OptionKeys } from "../options.ts";
import { basename, dirname, fs, join, statOrUndefined } from "../platform.ts";
import { warn } from "../warnings.ts";
import { type DType, isDType, type TypedArray } from "./dtype.ts";
import { NDArray } from "./ndarray.ts";
import { ZarrArray } from "./zarr_array.ts";
import { bad, readZarrMetadata } from "./zarr_metadata.ts";
import { type SyncZarrStore, ZarrDirectoryStore } from "./zarr_store.ts";

/** The parts of a zarrita `Array` napple uses (so zarrita need not be imported to type it). */
export interface ZarritaArrayLike {
  /** The zarrita store. */
  readonly store: unknown;
  /** The array's absolute path in the store. */
  readonly path: string;
  /** Shape. */
  readonly shape: number[];
  /** zarrita's dtype name. */
  readonly dtype: string;
  /** Always "array". */
  readonly kind: "array";
}

/** What {@linkcode openZarr} and {@linkcode fromZarr} accept: a local folder or a zarrita array. */
export type ZarrSource = string | ZarritaArrayLike;

/** Opens a local zarr array folder synchronously (the path must exist). */
export function openZarrSync(path: string): ZarrArray {
  const info = statOrUndefined(path);
  if (!info) {
    throw new NappleError("FILE_NOT_FOUND", "no such zarr array (the folder does not exist)", {
      path,
    });
  }
  if (!info.isDirectory) {
    throw new NappleError("UNSUPPORTED_FORMAT", "a local zarr array is a folder; this is a file", {
      path,
    });
  }
  const store = new ZarrDirectoryStore(path);
  return new ZarrArray(store, "", readZarrMetadata(store, "", path), path);
}

/**
 * True when `store` has a `get` method. Whether it answers synchronously shows only when it is
 * called: readZarrMetadata refuses a `get` that returns a Promise (NOT_IMPLEMENTED).
 */
function hasGet(store: unknown): store is SyncZarrStore {
  return typeof store === "object" && store !== null &&
    typeof (store as SyncZarrStore).get === "function";
}

function describe(source: ZarritaArrayLike): string {
  const store = source.store;
  if (store instanceof ZarrDirectoryStore) return join(store.root, source.path.replace(/^\//, ""));
  return `zarr:${source.path}`;
}

/**
 * Opens a zarr array as a lazy, synchronously readable {@linkcode ZarrArray}: from a local folder
 * path, or from a zarrita `Array` whose store reads synchronously (ZarrDirectoryStore, Map).
 *
 * The opening itself is synchronous: the promise is already settled when returned (failures
 * reject it), so that `await nap.openZarr(...)` reads like `await nap.fromZarr(...)`, whose
 * zarrita path is truly asynchronous. {@linkcode openZarrSync} opens a local folder without it.
 */
export function openZarr(source: ZarrSource): Promise<ZarrArray> {
  try {
    return Promise.resolve(openZarrNow(source));
  } catch (e) {
    return Promise.reject(e);
  }
}

function openZarrNow(source: ZarrSource): ZarrArray {
  if (typeof source === "string") return openZarrSync(source);
  if (!source || source.kind !== "array" || !hasGet(source.store)) {
    throw new NappleError("INVALID_ARGUMENT", "openZarr needs a folder path or a zarrita Array");
  }
  const where = describe(source);
  const store = source.store as SyncZarrStore;
  return new ZarrArray(
    store,
    source.path === "/" ? "" : source.path,
    readZarrMetadata(store, source.path, where),
    where,
  );
}

/** Options of {@linkcode fromZarr}. */
export interface FromZarrOptions {
  /** true (default): read everything into memory with pynapple's warning; false: stay lazy. */
  loadArray?: boolean;
  /** Name used in the conversion warning (pynapple's argument name; default "d"). */
  arrayName?: string;
}

const FROM_ZARR_KEYS: OptionKeys<FromZarrOptions> = {
  loadArray: true,
  arrayName: true,
};

/**
 * pynapple's `load_array` for zarr data: resolves to an in-memory NDArray (default, warning
 * "Converting 'd' to numpy.array. The provided array was of type 'Array'.") or, with
 * `loadArray: false`, to the lazy {@linkcode ZarrArray}. Use the result as `d` of a Tsd/TsdFrame.
 */
export async function fromZarr(
  source: ZarrSource,
  options: FromZarrOptions = {},
): Promise<NDArray | ZarrArray> {
  options = checkOptions(options, FROM_ZARR_KEYS, "fromZarr");
  const loadArray = options.loadArray ?? true;
  if (!loadArray) return await openZarr(source);
  let data: NDArray;
  if (typeof source !== "string" && !hasGet(source?.store)) {
    data = await loadWithZarrita(source);
  } else {
    try {
      data = (await openZarr(source)).toNDArray();
    } catch (e) {
      // codecs napple cannot decode synchronously: let zarrita decode them
      // and asynchronous stores: let zarrita read them
      if (
        !(e instanceof NappleError) || !["UNSUPPORTED_FILTER", "NOT_IMPLEMENTED"].includes(e.code)
      ) {
        throw e;
      }
      data = await loadWithZarrita(
        typeof source === "string" ? await openWithZarrita(source) : source,
      );
    }
  }
  warn(
    `Converting '${
      options.arrayName ?? "d"
    }' to numpy.array. The provided array was of type 'Array'.`,
    "ConversionWarning",
  );
  return data;
}

async function openWithZarrita(path: string): Promise<ZarritaArrayLike> {
  const zarr = await import("zarrita");
  // deno-lint-ignore no-explicit-any
  return await zarr.open(new ZarrDirectoryStore(path) as any, {
    kind: "array",
  }) as unknown as ZarritaArrayLike;
}

async function loadWithZarrita(source: ZarritaArrayLike): Promise<NDArray> {
  const zarr = await import("zarrita");
  // deno-lint-ignore no-explicit-any
  const chunk = await zarr.get(source as any);
  const dtype = source.dtype as DType;
  if (!isDType(dtype)) bad(describe(source), `zarr dtype ${source.dtype} is not supported`);
  const data = chunk.data as unknown as TypedArray;
  return new NDArray(
    dtype === "bool" ? Uint8Array.from(data as Uint8Array) : data,
    chunk.shape,
    dtype,
  );
}

/** Options of {@linkcode writeZarr}. */
export interface WriteZarrOptions {
  /** Chunk shape (default: the whole array in one chunk). */
  chunks?: readonly number[];
  /**
   * zarr v3 codecs as zarrita takes them, e.g.
   * `[{ name: "blosc", configuration: { cname: "lz4", clevel: 5, shuffle: 1, blocksize: 0 } }]`
   * (default: none, raw little-endian bytes).
   */
  codecs?: { name: string; configuration?: Record<string, unknown> }[];
}

const WRITE_ZARR_KEYS: OptionKeys<WriteZarrOptions> = {
  chunks: true,
  codecs: true,
};

/**
 * What is at `path`: nothing, an empty folder, a zarr array (a folder with `zarr.json` of an
 * array, or `.zarray`), or something else (named in the reason).
 */
function existingTarget(path: string): "none" | "empty" | "zarr array" | { other: string } {
  const info = statOrUndefined(path);
  if (!info) return "none";
  if (!info.isDirectory) return { other: "it is a file, not a folder" };
  const names = fs.readdirSync(path);
  if (names.length === 0) return "empty";
  if (names.includes(".zarray")) return "zarr array";
  if (names.includes("zarr.json")) {
    let nodeType: unknown;
    try {
      nodeType = JSON.parse(fs.readFileSync(join(path, "zarr.json"), "utf8")).node_type;
    } catch {
      return { other: "its zarr.json is not valid JSON" };
    }
    return nodeType === "array" ? "zarr array" : { other: `it is a zarr ${String(nodeType)}` };
  }
  if (names.includes(".zgroup")) return { other: "it is a zarr group" };
  return { other: `it is a folder of ${names.length} entries that is not a zarr array` };
}

/**
 * Writes `data` as a zarr v3 array in the folder `path` with zarrita. The array is written into
 * a new folder beside `path`, then renamed into place, so a failed write leaves what was there.
 * An existing zarr array (or an empty folder) at `path` is replaced; anything else there (a
 * file, a zarr group, any other folder) is refused with INVALID_ARGUMENT and left untouched.
 */
export async function writeZarr(
  path: string,
  data: NDArray,
  options: WriteZarrOptions = {},
): Promise<void> {
  if (typeof path !== "string" || path === "") {
    throw new NappleError("INVALID_ARGUMENT", "writeZarr needs a folder path");
  }
  options = checkOptions(options, WRITE_ZARR_KEYS, "writeZarr");
  const before = existingTarget(path);
  if (typeof before === "object") {
    throw new NappleError(
      "INVALID_ARGUMENT",
      `writeZarr replaces only a zarr array, and ${before.other}; nothing was written`,
      { path },
    );
  }
  const zarr = await import("zarrita");
  const parent = dirname(path);
  fs.mkdirSync(parent, { recursive: true });
  const temp = fs.mkdtempSync(join(parent, `.${basename(path)}.tmp-`));
  try {
    const store = new ZarrDirectoryStore(temp);
    // deno-lint-ignore no-explicit-any
    const arr: any = await zarr.create(store as any, {
      shape: [...data.shape],
      chunkShape: [...(options.chunks ?? data.shape)],
      dtype: data.dtype,
      // deno-lint-ignore no-explicit-any
      codecs: options.codecs as any,
    });
    await zarr.set(arr, null, {
      data: data.data,
      shape: [...data.shape],
      stride: stridesOf(data.shape),
    });
    replaceFolder(temp, path);
  } catch (e) {
    fs.rmSync(temp, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Moves the folder `from` to `to`. A folder already at `to` (checked replaceable by the caller)
 * is first renamed aside and deleted only once `from` is in place; if that rename fails it is
 * put back.
 */
function replaceFolder(from: string, to: string): void {
  const failed = (e: unknown) =>
    new NappleError("IO", `cannot move the new zarr array into place (${(e as Error).message})`, {
      path: to,
      cause: e,
    });
  if (!statOrUndefined(to)) {
    try {
      fs.renameSync(from, to);
    } catch (e) {
      throw failed(e);
    }
    return;
  }
  const aside = fs.mkdtempSync(join(dirname(to), `.${basename(to)}.old-`));
  const old = join(aside, "array");
  try {
    fs.renameSync(to, old);
  } catch (e) {
    fs.rmSync(aside, { recursive: true, force: true });
    throw failed(e);
  }
  try {
    fs.renameSync(from, to);
  } catch (e) {
    fs.renameSync(old, to);
    fs.rmSync(aside, { recursive: true, force: true });
    throw failed(e);
  }
  fs.rmSync(aside, { recursive: true, force: true });
}

function stridesOf(shape: readonly number[]): number[] {
  const s = new Array(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) s[d] = s[d + 1] * shape[d + 1];
  return s;
}
