/**
 * `NWBFile`: pynapple's lazy, dictionary-like view of an NWB file, without pynwb.
 *
 * Opening lists the convertible objects (reading only links and attributes); `get(key)` builds
 * the napple object on first access and caches it. Keys, their order, `keyToId`,
 * `keyToFullPath` and the printout are pynapple 0.9.2's.
 * @module
 */
import { isUrl, urlStem } from "../remote/http_file.ts";
import type * as H5Types from "h5wasm/node";
import { NappleError } from "../../errors.ts";
import { checkOptions, type OptionKeys } from "../../options.ts";
import { warn } from "../../warnings.ts";
import { resolve, stem } from "../../platform.ts";
import { h5 } from "./h5.ts";
import { H5File } from "./h5file.ts";
import { TypeHierarchy } from "./spec.ts";
import { buildCatalog, type CatalogEntry, type NwbObjectType } from "./catalog.ts";
import { convertEntry, type NwbConverted, type TsRecord } from "./convert.ts";
import { mixedOutline } from "./table.ts";
import { escapeHtml } from "../../display/html.ts";
import { type ClassOf, expectInstance } from "../../instance_of.ts";
import { suggestKeys } from "../../suggest.ts";

export type { NwbConverted, NwbObjectType, TsRecord };

/** Options of {@linkcode NWBFile} / {@linkcode loadNwb}. */
export interface NWBFileOptions {
  /**
   * Keep data on disk (default true): series hold a LazyArray over the HDF5 dataset and read
   * only the rows asked for. `false` reads every dataset into memory on access.
   */
  lazyLoading?: boolean;
}

const NWBFILE_KEYS: OptionKeys<NWBFileOptions> = {
  lazyLoading: true,
};

/** The h5wasm group `get` returns when an object cannot be converted (see h5wasm's docs). */
export interface RawH5Group {
  /** Path of the group in the file. */
  readonly path: string;
  /** h5wasm file id. */
  readonly file_id: bigint;
  /** Names of the group's members. */
  keys(): string[];
  /** A member (group, dataset, link) by name. */
  get(name: string): unknown;
  /** Attributes by name. */
  readonly attrs: Record<string, unknown>;
}

/** An HDF5 file opened with h5wasm (`new h5wasm.File(path, "r")` from `npm:h5wasm/node`). */
export interface H5wasmFile extends RawH5Group {
  /** Path the file was opened from. */
  readonly filename: string;
}

/** What `get` returns: a napple object, or the raw h5wasm group when conversion failed. */
export type NwbValue = NwbConverted | RawH5Group;

/**
 * A lazy, Map-like view of an NWB file, keyed as pynapple keys it.
 *
 * @example Open a file, list it, take objects by key
 * ```ts
 * import * as nap from "jsr:@napple/napple";
 * using nwb = new nap.NWBFile("session.nwb"); // closed at the end of the block
 * console.log(nwb.toString()); // the Keys / Type table pynapple prints
 * const units = nwb.get("units", nap.TsGroup);
 * const position = nwb.get("position", nap.TsdFrame); // lazy: rows are read on demand
 * console.log(units.restrict(position.timeSupport).toString());
 * ```
 */
export class NWBFile implements Iterable<[string, NwbValue]> {
  /** Title of the printout: the file stem. */
  readonly name: string;
  /** Absolute path of the file. */
  readonly path: string;
  #keyToId?: Readonly<Record<string, string>>;
  /** Key → pynapple full path (e.g. `/behavior/Position/position`). */
  readonly keyToFullPath: Readonly<Record<string, string>>;
  /** Full path → key. */
  readonly fullPathToKey: Readonly<Record<string, string>>;
  readonly #file: H5File;
  readonly #types: TypeHierarchy;
  readonly #entries: Map<string, CatalogEntry>;
  readonly #cache = new Map<string, NwbValue>();
  readonly #lazy: boolean;

  /**
   * Opens an NWB file from a path, or wraps an h5wasm `File` opened by the caller (which then
   * stays the caller's to close). Only links and attributes are read here.
   */
  constructor(file: string | H5wasmFile, options: NWBFileOptions = {}) {
    options = checkOptions(options, NWBFILE_KEYS, "NWBFile");
    this.#lazy = options.lazyLoading ?? true;
    if (typeof file === "string") {
      this.path = isUrl(file) ? file : resolve(file);
      this.#file = H5File.open(this.path);
    } else if (file instanceof h5().File) {
      this.path = file.filename;
      this.#file = H5File.wrap(file as unknown as H5Types.File);
    } else {
      throw new NappleError(
        "INVALID_ARGUMENT",
        "NWBFile needs a path or an h5wasm File opened with napple's h5wasm (npm:h5wasm/node)",
      );
    }
    this.name = isUrl(this.path) ? urlStem(this.path) : stem(this.path);
    try {
      const rootAttrs = this.#file.attrNames("/");
      const rootType = rootAttrs.includes("neurodata_type")
        ? this.#file.attrString("/", "neurodata_type")
        : undefined;
      if (rootType !== "NWBFile" && !rootAttrs.includes("nwb_version")) {
        throw new NappleError(
          "UNSUPPORTED_FORMAT",
          "is an HDF5 file but not an NWB file (its root has no NWBFile neurodata_type)",
          { path: this.path },
        );
      }
      this.#types = new TypeHierarchy(() => this.#cachedSpecs());
      const entries = buildCatalog(this.#file, this.#types);
      this.#entries = new Map(entries.map((e) => [e.key, e]));
      this.keyToFullPath = Object.fromEntries(entries.map((e) => [e.key, e.fullPath]));
      this.fullPathToKey = Object.fromEntries(entries.map((e) => [e.fullPath, e.key]));
    } catch (e) {
      this.#file.close();
      throw e;
    }
  }

  /** Parsed JSON of every specification cached in `/specifications/<ns>/<version>/<source>`. */
  *#cachedSpecs(): Generator<unknown> {
    const f = this.#file;
    if (!f.names("/").includes("specifications")) return;
    for (const ns of f.names("/specifications")) {
      for (const ver of f.names(`/specifications/${ns}`)) {
        for (const src of f.names(`/specifications/${ns}/${ver}`)) {
          if (src === "namespace") continue;
          try {
            const text = f.readValue(`/specifications/${ns}/${ver}/${src}`);
            if (typeof text === "string") yield JSON.parse(text);
          } catch {
            // an unreadable spec source only loses extension types
          }
        }
      }
    }
  }

  /** Key → NWB object id (`object_id` attributes, read on first use). */
  get keyToId(): Readonly<Record<string, string>> {
    if (!this.#keyToId) {
      if (this.#file.closed) {
        throw new NappleError("CLOSED", "the NWB file is closed", { path: this.path });
      }
      this.#keyToId = Object.fromEntries(
        [...this.#entries.values()].map((e) => [
          e.key,
          this.#file.attrString(e.node.h5path, "object_id") ?? "",
        ]),
      );
    }
    return this.#keyToId;
  }

  /** Keys in pynapple's order. */
  keys(): string[] {
    return [...this.#entries.keys()];
  }

  /** Number of listed objects. */
  get size(): number {
    return this.#entries.size;
  }

  /** True when `key` (or a full path starting with `/`) is listed. */
  has(key: string): boolean {
    if (typeof key !== "string") return false;
    return this.#entries.has(key) || this.#byPath(key) !== undefined;
  }

  /** `[key, type]` pairs as pynapple's printout lists them. */
  get view(): [string, NwbObjectType][] {
    return [...this.#entries.values()].map((e) => [e.key, e.type]);
  }

  /** The pynapple type `key` converts to. */
  typeOf(key: string): NwbObjectType {
    return this.#entry(key).type;
  }

  /** Path of the object inside the HDF5 file. */
  h5Path(key: string): string {
    return this.#entry(key).node.h5path;
  }

  /** The key of a pynapple full path, or (napple extension) of an HDF5 path inside the file. */
  #byPath(path: string): string | undefined {
    if (!path.startsWith("/")) return undefined;
    if (Object.hasOwn(this.fullPathToKey, path)) return this.fullPathToKey[path];
    for (const e of this.#entries.values()) if (e.node.h5path === path) return e.key;
    return undefined;
  }

  #entry(key: string): CatalogEntry {
    if (typeof key !== "string") {
      throw new NappleError("INVALID_ARGUMENT", "NWB keys are strings", { path: this.path });
    }
    const k = this.#byPath(key) ?? key;
    const e = this.#entries.get(k);
    if (!e) {
      const hints = suggestKeys(
        key,
        key.startsWith("/") ? Object.keys(this.fullPathToKey) : this.keys(),
      );
      throw new NappleError(
        "KEY_NOT_FOUND",
        `Can't find key ${key} in group index.` +
          (hints.length ? ` Did you mean ${hints.map((h) => JSON.stringify(h)).join(", ")}?` : ""),
        { path: this.path, key },
      );
    }
    return e;
  }

  /**
   * The object under `key` (or its full path `/module/...`, or its HDF5 path
   * `/processing/module/...`), built on first access and cached. When it
   * cannot be converted, warns and returns the raw h5wasm group (as pynapple returns the raw
   * NWB object).
   */
  get(key: string): NwbValue;
  /**
   * The object under `key` as a `type` (`nwb.get("units", nap.TsGroup)`): typed for TypeScript,
   * checked at run time (WRONG_TYPE naming both types when the entry is something else).
   *
   * @example
   * ```ts
   * import * as nap from "jsr:@napple/napple";
   * const nwb = new nap.NWBFile("session.nwb");
   * const position = nwb.get("position", nap.TsdFrame);
   * console.log(position.columns);
   * ```
   */
  get<T>(key: string, type: ClassOf<T>): T;
  get<T>(key: string, type?: ClassOf<T>): NwbValue | T {
    const value = this.#get(key);
    if (type === undefined) return value;
    return expectInstance(value, type, `entry "${key}"`, { path: this.path, key });
  }

  #get(key: string): NwbValue {
    const entry = this.#entry(key);
    const cached = this.#cache.get(entry.key);
    if (cached !== undefined) return cached;
    if (this.#file.closed) {
      throw new NappleError("CLOSED", "the NWB file is closed", { path: this.path, key });
    }
    let value: NwbValue;
    try {
      value = convertEntry({ file: this.#file, types: this.#types, lazy: this.#lazy }, entry);
    } catch (e) {
      // A file-level problem (closed file, unsupported compression) is an error, not a
      // conversion failure: the user has to act on it.
      if (e instanceof NappleError && (e.code === "UNSUPPORTED_FILTER" || e.code === "CLOSED")) {
        throw e;
      }
      warn(
        `Failed to build ${entry.type}.\n Returning the NWB object for manual inspection` +
          ` (${e instanceof Error ? e.message : String(e)})`,
      );
      value = new (h5().Group)(this.#file.fileId, entry.node.h5path) as unknown as RawH5Group;
      // the raw group keeps the file alive (files nobody references are closed on GC)
      Object.defineProperty(value, "nappleFile", { value: this.#file, enumerable: false });
    }
    this.#cache.set(entry.key, value);
    return value;
  }

  /** Builds (or takes from the cache) every object, in key order. */
  values(): NwbValue[] {
    return this.keys().map((k) => this.get(k));
  }

  /** `[key, object]` pairs in key order (objects are built on demand). */
  entries(): [string, NwbValue][] {
    return this.keys().map((k) => [k, this.get(k)]);
  }

  /** pynapple's `items()`: the same as {@linkcode NWBFile.entries}. */
  items(): [string, NwbValue][] {
    return this.entries();
  }

  /** Iterates `[key, object]` pairs, building objects as they are reached. */
  *[Symbol.iterator](): Iterator<[string, NwbValue]> {
    for (const k of this.keys()) yield [k, this.get(k)];
  }

  /** Closes the HDF5 file; lazy objects built from it can no longer read. */
  close(): void {
    this.#file.close();
  }

  /** Closes the file at the end of a `using` block. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** pynapple's printout: the file stem, then a Keys / Type table. */
  toString(): string {
    return `${this.name}\n${mixedOutline(["Keys", "Type"], this.view)}`;
  }

  /** `console.log(x)` shows pynapple's printout, as `print(x)` does in Python. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }

  /** Shape of what `key` holds, from metadata only (no data read). */
  #shapeText(e: CatalogEntry): string {
    const f = this.#file;
    const p = e.node.h5path;
    try {
      switch (e.type) {
        case "Tsd":
        case "TsdFrame":
        case "TsdTensor":
          return `(${f.shape(`${p}/data`).join(", ")}${
            f.shape(`${p}/data`).length === 1 ? "," : ""
          })`;
        case "IntervalSet":
          return `(${f.shape(`${p}/id`)[0]}, 2)`;
        case "TsGroup":
          return `${f.shape(`${p}/id`)[0]} units`;
        case "Ts":
          return e.node.members.has("timestamps")
            ? `(${f.shape(`${p}/timestamps`)[0]},)`
            : `(${f.shape(`${p}/id`)[0]},)`;
      }
    } catch {
      return "";
    }
  }

  /** Jupyter display: text/plain is the printout; text/html a table of keys, types, shapes. */
  [Symbol.for("Jupyter.display")](): Record<string, string> {
    const rows = [...this.#entries.values()].map((e) =>
      `<tr><td>${escapeHtml(e.key)}</td><td>${e.type}</td><td>${
        escapeHtml(this.#shapeText(e))
      }</td><td><code>${escapeHtml(e.node.h5path)}</code></td></tr>`
    ).join("");
    const html = `<div class="napple-nwb"><strong>${escapeHtml(this.name)}</strong>` +
      `<table><thead><tr><th>Keys</th><th>Type</th><th>Shape</th><th>Location in file</th>` +
      `</tr></thead><tbody>${rows}</tbody></table></div>`;
    return { "text/plain": this.toString(), "text/html": html };
  }
}

/** `nap.load_file` for `.nwb`: opens an {@linkcode NWBFile}. */
export function loadNwb(path: string, options: NWBFileOptions = {}): NWBFile {
  return new NWBFile(path, options);
}
