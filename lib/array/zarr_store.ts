/**
 * A zarr store over a local directory (node:fs): zarrita reads and writes through it
 * (`get`, `getRange`, `set`), and napple's synchronous chunk reads use the same `get`. Also the
 * store types napple's reader needs: {@linkcode SyncZarrStore} (a `get` that answers at once).
 * @module
 */
import { NappleError } from "../errors.ts";
import { fs, join } from "../platform.ts";

/** A store key as zarrita spells it: an absolute path inside the store (`/a/zarr.json`). */
export type ZarrKey = `/${string}`;

/** A store whose reads are synchronous (napple's lazy reads need that). */
export interface SyncZarrStore {
  /** The bytes under `key`, or undefined when absent. */
  get(key: ZarrKey): Uint8Array | undefined;
  /** Part of the bytes under `key` (used for shard indexes and inner chunks when present). */
  getRange?(key: ZarrKey, range: ZarrRange): Uint8Array | undefined;
}

/** A byte range of a store value: from an offset, or the last `suffixLength` bytes. */
export type ZarrRange = { offset: number; length: number } | { suffixLength: number };

/** A zarr store over a local directory, usable by zarrita (read and write) and by napple. */
export class ZarrDirectoryStore {
  /** The directory holding the store. */
  readonly root: string;

  /** Wraps `root` (created on first write if missing). */
  constructor(root: string) {
    this.root = root;
  }

  #file(key: string): string {
    const rel = key.replace(/^\/+/, "");
    if (rel.split("/").some((p) => p === "..")) {
      throw new NappleError(
        "INVALID_ARGUMENT",
        `zarr key ${JSON.stringify(key)} leaves the store`,
        {
          path: this.root,
        },
      );
    }
    return join(this.root, rel);
  }

  /** A failed open of `key`: undefined when the key does not exist (zarr's "missing"), else IO. */
  #missing(e: unknown, key: ZarrKey): undefined {
    const code = (e as { code?: string }).code;
    if (code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR") return undefined;
    throw new NappleError("IO", `cannot read zarr key ${key} (${(e as Error).message})`, {
      path: this.root,
      cause: e,
    });
  }

  /**
   * Reads `key`; undefined when the file does not exist.
   * @ignore the store protocol zarrita calls
   */
  get(key: ZarrKey): Uint8Array | undefined {
    try {
      return new Uint8Array(fs.readFileSync(this.#file(key)));
    } catch (e) {
      return this.#missing(e, key);
    }
  }

  /**
   * Reads part of `key` with one positioned read (zarrita needs this for sharded arrays).
   * @ignore the store protocol zarrita calls
   */
  getRange(key: ZarrKey, range: ZarrRange): Uint8Array | undefined {
    const file = this.#file(key);
    let fd: number;
    try {
      fd = fs.openSync(file, "r");
    } catch (e) {
      return this.#missing(e, key);
    }
    try {
      const size = fs.fstatSync(fd).size;
      const offset = "suffixLength" in range
        ? Math.max(0, size - range.suffixLength)
        : range.offset;
      const length = "suffixLength" in range
        ? size - offset
        : Math.max(0, Math.min(range.length, size - offset));
      const out = new Uint8Array(length);
      let at = 0;
      while (at < length) {
        const n = fs.readSync(fd, out, at, length - at, offset + at);
        if (n <= 0) break;
        at += n;
      }
      return at === length ? out : out.subarray(0, at);
    } finally {
      fs.closeSync(fd);
    }
  }

  /**
   * Writes `key`, creating folders as needed.
   * @ignore the store protocol zarrita calls
   */
  set(key: ZarrKey, value: Uint8Array): void {
    const file = this.#file(key);
    fs.mkdirSync(join(file, ".."), { recursive: true });
    fs.writeFileSync(file, value);
  }
}
