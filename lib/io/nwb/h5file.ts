/**
 * A thin, checked view of one open HDF5 file: listing, attributes, dataset metadata and reads,
 * every call wrapped so that HDF5 failures surface as NappleErrors naming the file and object.
 * @module
 */
import { NappleError } from "../../errors.ts";
import { statOrUndefined } from "../../platform.ts";
import { errorText, h5, h5call, h5module } from "./h5.ts";
import { isUrl, RemoteFile } from "../remote/http_file.ts";
import { registerRemote, unregisterRemote } from "../remote/h5_device.ts";
import { readFully } from "../../array/read_fully.ts";
import type * as H5Types from "h5wasm/node";

/** h5wasm's dataset / attribute type description. */
export type H5Metadata = H5Types.Metadata;

/** HDF5 class ids (H5T_class_t). */
export const H5T = {
  INTEGER: 0,
  FLOAT: 1,
  STRING: 3,
  COMPOUND: 6,
  REFERENCE: 7,
  ENUM: 8,
  VLEN: 9,
  ARRAY: 10,
} as const;

/** Filters HDF5 itself implements, which h5wasm's build therefore decodes. */
export const BUILTIN_FILTERS: Readonly<Record<number, string>> = {
  1: "deflate",
  2: "shuffle",
  3: "fletcher32",
  5: "nbit",
  6: "scaleoffset",
};

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** True when the file starts with the HDF5 signature (at 0, 512, 1024, ... as HDF5 allows). */
export function hasHdf5Signature(path: string | RemoteFile): boolean {
  if (path instanceof RemoteFile) {
    return signatureAt(path.size, (off) => path.read(off, 8));
  }
  let f: Deno.FsFile | undefined;
  try {
    f = Deno.openSync(path, { read: true });
    const file = f;
    return signatureAt(file.statSync().size, (off) => {
      const buf = new Uint8Array(8);
      file.seekSync(off, Deno.SeekMode.Start);
      let got = 0;
      while (got < 8) {
        const n = file.readSync(buf.subarray(got));
        if (n === null || n === 0) break;
        got += n;
      }
      return buf.subarray(0, got);
    });
  } finally {
    f?.close();
  }
}

function signatureAt(size: number, read8: (offset: number) => Uint8Array): boolean {
  for (let off = 0; off + 8 <= size; off = off === 0 ? 512 : off * 2) {
    const buf = read8(off);
    if (buf.length === 8 && HDF5_SIGNATURE.every((b, i) => buf[i] === b)) return true;
    if (off > 1 << 20) break;
  }
  return false;
}

/**
 * Closes HDF5 files nobody can reach any more (an NWBFile and all its lazy arrays forgotten
 * without `close()`), so long notebook sessions do not accumulate open files.
 */
const unreachable = new FinalizationRegistry<{ fileId: bigint; remote?: string }>((held) => {
  try {
    h5module().close_file(held.fileId);
  } catch {
    // already closed or the runtime is gone: nothing left to release
  }
  if (held.remote) unregisterRemote(held.remote);
});

/** An open HDF5 file. */
export class H5File {
  /** h5wasm file id. */
  readonly fileId: bigint;
  /** Absolute path of the file, or its URL. */
  readonly path: string;
  /** The h5wasm File object (for callers who want the raw API). */
  readonly file: H5Types.File;
  #closed = false;
  readonly #owned: boolean;
  /** The remote file behind a URL (h5wasm reads it through a virtual path). */
  readonly #remote?: RemoteFile;

  private constructor(file: H5Types.File, path: string, owned: boolean, remote?: RemoteFile) {
    this.file = file;
    this.fileId = file.file_id;
    this.path = path;
    this.#owned = owned;
    this.#remote = remote;
    if (owned) {
      const held = { fileId: this.fileId, remote: remote ? file.filename : undefined };
      unreachable.register(this, held, this);
    }
  }

  /** Opens `url` (HTTP/HTTPS) read-only: its head is fetched and checked to be HDF5. */
  static openUrl(url: string): H5File {
    const remote = RemoteFile.open(url);
    if (!hasHdf5Signature(remote)) {
      remote.close();
      throw new NappleError(
        "UNSUPPORTED_FORMAT",
        "is not an HDF5 file (no HDF5 signature), so it cannot be an NWB file",
        { path: url },
      );
    }
    const api = h5();
    const virtual = registerRemote(h5module(), remote);
    let file: H5Types.File;
    try {
      file = h5call(
        "opening the HDF5 file",
        { path: url },
        () => new api.File(virtual, "r"),
        "CORRUPT_FILE",
      );
    } catch (e) {
      unregisterRemote(virtual);
      remote.close();
      throw e;
    }
    return new H5File(file, url, true, remote);
  }

  /** Opens `path` read-only after checking it exists, is a file and is HDF5 (URLs too). */
  static open(path: string): H5File {
    if (isUrl(path)) return H5File.openUrl(path);
    const st = statOrUndefined(path);
    if (!st) {
      throw new NappleError("FILE_NOT_FOUND", "no such file", { path });
    }
    if (!st.isFile) {
      throw new NappleError("NOT_A_FILE", "is a directory, not an NWB file", { path });
    }
    if (!hasHdf5Signature(path)) {
      throw new NappleError(
        "UNSUPPORTED_FORMAT",
        "is not an HDF5 file (no HDF5 signature), so it cannot be an NWB file",
        { path },
      );
    }
    const api = h5();
    const file = h5call(
      "opening the HDF5 file",
      { path },
      () => new api.File(path, "r"),
      "CORRUPT_FILE",
    );
    if (typeof file.file_id !== "bigint" || file.file_id < 0n) {
      throw new NappleError("CORRUPT_FILE", "HDF5 could not open the file", { path });
    }
    return new H5File(file, path, true);
  }

  /** Wraps a file the caller opened with h5wasm (not closed by {@linkcode close}). */
  static wrap(file: H5Types.File): H5File {
    return new H5File(file, file.filename, false);
  }

  /** True once closed. */
  get closed(): boolean {
    return this.#closed;
  }

  #check(key?: string): void {
    if (this.#closed) {
      throw new NappleError("CLOSED", "the NWB file is closed", { path: this.path, key });
    }
  }

  /** Closes the file if napple opened it. Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (!this.#owned) return;
    unreachable.unregister(this);
    try {
      h5call("closing the file", { path: this.path }, () => this.file.close());
    } finally {
      if (this.#remote) {
        unregisterRemote(this.file.filename);
        this.#remote.close();
      }
    }
  }

  /** The remote file when the file was opened from a URL. */
  get remote(): RemoteFile | undefined {
    return this.#remote;
  }

  /**
   * What identifies the file's current version for direct reads: size and modification time
   * on disk; constant for a remote file, whose every response is checked against its size and
   * ETag instead.
   */
  rawStamp(): string {
    if (this.#remote) return `remote:${this.#remote.size}:${this.#remote.etag ?? ""}`;
    const st = Deno.statSync(this.path);
    return `${st.size}:${st.mtime?.getTime()}`;
  }

  /**
   * Reads stored bytes at file positions straight into `dst` buffers (direct reads), refusing
   * when the file's stamp is no longer `stamp`.
   */
  readRaw(pieces: readonly { pos: number; dst: Uint8Array }[], stamp?: string): void {
    if (this.#remote) {
      for (const p of pieces) this.#remote.readInto(p.pos, p.dst);
      return;
    }
    const file = Deno.openSync(this.path, { read: true });
    try {
      if (stamp !== undefined) {
        const info = file.statSync();
        if (`${info.size}:${info.mtime?.getTime()}` !== stamp) {
          throw new NappleError(
            "IO",
            "the file changed on disk since it was opened; open it again",
            { path: this.path },
          );
        }
      }
      for (const p of pieces) readFully(file, p.pos, p.dst, this.path);
    } finally {
      file.close();
    }
  }

  /** Names of the links in group `group`, in HDF5's iteration order (h5py's). */
  names(group: string): string[] {
    this.#check(group);
    return h5call(
      "listing a group",
      { path: this.path, key: group },
      () => h5module().get_names(this.fileId, group, false),
    );
  }

  /**
   * Kinds of all children of a group in one call (soft links resolved to their target's kind).
   * undefined when HDF5 cannot follow one of the children (a dangling soft link, an external link
   * to a missing file): it then fails the whole listing, and the caller asks child by child
   * (`resolvedKind`). Any other failure is an error.
   */
  childKinds(group: string): Map<string, "group" | "dataset" | "other"> | undefined {
    this.#check(group);
    const M = h5module();
    const types = h5call("listing the kinds of a group's children", {
      path: this.path,
      key: group,
    }, () => {
      try {
        // deno-lint-ignore no-explicit-any
        return (M as any).get_types(this.fileId, group) as Record<string, number>;
      } catch (e) {
        if (cannotFollowChild(e)) return undefined;
        throw e;
      }
    });
    if (!types) return undefined;
    const out = new Map<string, "group" | "dataset" | "other">();
    // H5O_TYPE_GROUP = 0, H5O_TYPE_DATASET = 1
    for (const [k, v] of Object.entries(types)) {
      out.set(k, v === 0 ? "group" : v === 1 ? "dataset" : "other");
    }
    return out;
  }

  /**
   * Kind of the object a path resolves to, following soft links; undefined when missing or a
   * dangling link. An object HDF5 cannot read (corrupted header) is a CORRUPT_FILE error.
   */
  resolvedKind(path: string): "group" | "dataset" | undefined {
    this.#check(path);
    const M = h5module();
    const t = h5call(
      "reading an object header",
      { path: this.path, key: path },
      () => M.get_type(this.fileId, path),
      "CORRUPT_FILE",
    );
    if (t === M.H5G_GROUP) return "group";
    if (t === M.H5G_DATASET) return "dataset";
    return undefined;
  }

  /** True when the link at `path` is a hard link (not a soft or external link). */
  isHardLink(path: string): boolean {
    this.#check(path);
    const M = h5module();
    return h5call("inspecting a link", { path: this.path, key: path }, () => {
      if (M.get_symbolic_link(this.fileId, path) != null) return false;
      const ext = M.get_external_link(this.fileId, path) as { filename?: string };
      return !(ext && typeof ext.filename === "string");
    });
  }

  /** Attribute names of the object at `path`. */
  attrNames(path: string): string[] {
    this.#check(path);
    return h5call(
      "listing attributes",
      { path: this.path, key: path },
      () => h5module().get_attribute_names(this.fileId, path),
    );
  }

  /** Value of attribute `name` of the object at `path` (strings decoded, arrays as h5wasm gives). */
  attr(path: string, name: string): unknown {
    this.#check(path);
    const api = h5();
    return h5call(
      `reading attribute "${name}"`,
      { path: this.path, key: path },
      () => new api.Group(this.fileId, path).get_attribute(name, false),
    );
  }

  /** Attribute as a string when it is one (NWB's neurodata_type, namespace, object_id...). */
  attrString(path: string, name: string): string | undefined {
    const v = this.attr(path, name);
    if (typeof v === "string") return v;
    if (Array.isArray(v) && v.length === 1 && typeof v[0] === "string") return v[0];
    return undefined;
  }

  /**
   * A string attribute, or undefined when the object has no such attribute: one call instead
   * of listing the attributes first. Any other failure (a corrupted header) is CORRUPT_FILE.
   */
  optionalAttrString(path: string, name: string): string | undefined {
    this.#check(path);
    const api = h5();
    let v: unknown;
    try {
      v = new api.Group(this.fileId, path).get_attribute(name, false);
    } catch (e) {
      // h5wasm's own message when the attribute does not exist
      if (e instanceof Error && e.message === "error - name not defined!") return undefined;
      throw new NappleError(
        "CORRUPT_FILE",
        `reading attribute "${name}" (${path}) failed: ${errorText(e)}`,
        { path: this.path, key: path, cause: e },
      );
    }
    if (typeof v === "string") return v;
    if (Array.isArray(v) && v.length === 1 && typeof v[0] === "string") return v[0];
    return undefined;
  }

  /** Type and shape of the dataset at `path`, without reading it. */
  datasetMeta(path: string): H5Metadata {
    this.#check(path);
    return h5call(
      "reading dataset metadata",
      { path: this.path, key: path },
      () => h5module().get_dataset_metadata(this.fileId, path),
    );
  }

  /** Shape of the dataset (`[]` for a scalar). */
  shape(path: string): number[] {
    return (this.datasetMeta(path).shape ?? []).map(Number);
  }

  /** Filters of the dataset's pipeline. */
  filters(path: string): { id: number; name: string }[] {
    this.#check(path);
    return h5call(
      "reading dataset filters",
      { path: this.path, key: path },
      () => h5module().get_dataset_filters(this.fileId, path),
    );
  }

  /**
   * Refuses datasets compressed with a filter h5wasm does not implement. HDF5 silently skips
   * filters marked optional (h5py marks LZF so), which would hand back compressed bytes as data.
   */
  checkFilters(path: string): { id: number; name: string }[] {
    const filters = this.filters(path);
    for (const f of filters) {
      if (!(f.id in BUILTIN_FILTERS)) {
        const name = f.id === 32000 ? "lzf" : (f.name || `id ${f.id}`);
        throw new NappleError(
          "UNSUPPORTED_FILTER",
          `dataset ${path} is compressed with the "${name}" filter (id ${f.id}), which napple's ` +
            `HDF5 (h5wasm) cannot decode; rewrite it with gzip, e.g. ` +
            `\`h5repack -f GZIP=4 in.nwb out.nwb\``,
          { path: this.path, key: path },
        );
      }
    }
    return filters;
  }

  /** Whole dataset through h5wasm's high-level reader (strings, references, small tables). */
  readValue(path: string): unknown {
    this.#check(path);
    this.checkFilters(path);
    const api = h5();
    return h5call(
      "reading a dataset",
      { path: this.path, key: path },
      () => new api.Dataset(this.fileId, path).value,
    );
  }

  /**
   * Rows of a compound dataset, numbers and object references (as paths) decoded from the raw
   * bytes; h5wasm's own reader drops references inside compounds. Other member types are
   * undefined.
   */
  readCompoundRows(path: string): unknown[][] {
    this.#check(path);
    const meta = this.datasetMeta(path);
    const members = meta.compound_type?.members ?? [];
    const n = Number(meta.total_size);
    const size = meta.size;
    const M = h5module();
    const where = { path: this.path, key: path };
    const nbytes = n * size;
    const ptr = h5call("allocating read buffer", where, () => M._malloc(Math.max(1, nbytes)));
    let raw: Uint8Array;
    try {
      h5call(
        "reading a compound dataset",
        where,
        () => M.get_dataset_data(this.fileId, path, null, null, null, BigInt(ptr)),
      );
      raw = M.HEAPU8.slice(ptr, ptr + nbytes);
    } finally {
      M._free(ptr);
    }
    const view = new DataView(raw.buffer);
    const rows: unknown[][] = [];
    for (let i = 0; i < n; i++) {
      const base = i * size;
      rows.push(members.map((m) => {
        const at = base + m.offset;
        if (m.type === H5T.INTEGER) {
          if (m.size === 8) {
            return Number(m.signed ? view.getBigInt64(at, true) : view.getBigUint64(at, true));
          }
          if (m.size === 4) return m.signed ? view.getInt32(at, true) : view.getUint32(at, true);
          if (m.size === 2) return m.signed ? view.getInt16(at, true) : view.getUint16(at, true);
          return m.signed ? view.getInt8(at) : view.getUint8(at);
        }
        if (m.type === H5T.FLOAT) {
          return m.size === 8 ? view.getFloat64(at, true) : view.getFloat32(at, true);
        }
        if (m.type === H5T.REFERENCE) {
          const ref = raw.slice(at, at + m.size);
          return ref.every((b) => b === 0) ? null : h5call(
            "following an object reference",
            where,
            () => M.get_referenced_name(this.fileId, ref, true),
          );
        }
        return undefined;
      }));
    }
    return rows;
  }

  /** Path of the object an HDF5 object reference points to. */
  dereferencePath(ref: H5Types.Reference): string {
    this.#check();
    return h5call(
      "following an object reference",
      { path: this.path },
      () => h5module().get_referenced_name(this.fileId, ref.ref_data, true),
    );
  }
}

/**
 * True for HDF5's error when a listing cannot get the object info of one child by index (its
 * link leads nowhere), the one failure of `get_types` that {@linkcode H5File.childKinds} answers
 * with undefined.
 */
function cannotFollowChild(e: unknown): boolean {
  return e instanceof Error && e.message.startsWith("HDF5-DIAG") &&
    e.message.includes("H5Oget_info_by_idx");
}
