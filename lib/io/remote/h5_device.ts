/**
 * Lets h5wasm's HDF5 read a remote file as if it were on disk.
 *
 * How: h5wasm's Node build routes every file access through emscripten's `FS` object, whose
 * functions its NODERAWFS layer replaced with direct `node:fs` calls — except for streams that
 * carry their own `stream_ops`, which it hands back to emscripten's generic VFS. So napple
 * registers a virtual path (`/napple-remote/<n>/<name>`) per remote file and wraps `FS.open`,
 * `FS.fstat`, `FS.stat` and `FS.lstat`: for a registered path, `open` returns a stream whose
 * `stream_ops.read` copies bytes from the {@linkcode RemoteFile} (its block cache, or a
 * synchronous ranged fetch) into the WASM heap, and the stat calls report the remote size.
 * Every other path goes to the original functions untouched.
 *
 * Why this and not the alternatives: HDF5's own network driver (ros3) is not in h5wasm's build;
 * copying the whole file into emscripten's memory file system defeats lazy reading; a userspace
 * HDF5 driver would need a custom WASM build. The stream hook keeps HDF5's sec2 driver, its
 * metadata cache and its chunk cache exactly as for local files, and direct_reads.ts's address
 * probe sees remote streams like local ones (it matches the stream path).
 *
 * A failed remote read must not unwind through HDF5 (it would leave HDF5's state half-updated):
 * the read reports EIO to HDF5, which fails the call cleanly, and the NappleError explaining the
 * failure is kept for `h5call` to throw instead of HDF5's generic message ({@linkcode takeRemoteError}).
 * @module
 */
import type { H5Module } from "../nwb/h5.ts";
import type { RemoteFile } from "./http_file.ts";

/** Folder of the virtual paths. */
const ROOT = "/napple-remote";
const files = new Map<string, RemoteFile>();
const hooked = new WeakSet<object>();
let counter = 0;
let pendingError: unknown;

/** The error of the last failed remote read HDF5 saw, once (then cleared). */
export function takeRemoteError(): unknown {
  const e = pendingError;
  pendingError = undefined;
  return e;
}

/** Registers `file` and returns the path h5wasm should open. */
export function registerRemote(M: H5Module, file: RemoteFile): string {
  install(M);
  const name = (new URL(file.name).pathname.split("/").pop() || "file").replace(/[^\w.-]/g, "_");
  const path = `${ROOT}/${++counter}/${name}`;
  files.set(path, file);
  return path;
}

/** Forgets a virtual path (after h5wasm closed it). */
export function unregisterRemote(path: string): void {
  files.delete(path);
}

interface Stream {
  path: string;
  position: number;
  remote?: RemoteFile;
}

// deno-lint-ignore no-explicit-any
type Fn = (...args: any[]) => any;

function install(M: H5Module): void {
  // deno-lint-ignore no-explicit-any
  const FS = (M as any).FS as Record<string, Fn> & { ErrnoError: new (errno: number) => Error };
  if (hooked.has(FS)) return;
  hooked.add(FS);
  const EIO = 29;
  const EINVAL = 28;
  const EROFS = 69;
  const FILE_MODE = 0o100444;
  const statOf = (f: RemoteFile, ino: number) => {
    const t = new Date(0);
    return {
      dev: 1,
      ino,
      mode: FILE_MODE,
      nlink: 1,
      uid: 0,
      gid: 0,
      rdev: 0,
      size: f.size,
      blksize: 4096,
      blocks: Math.ceil(f.size / 512),
      atime: t,
      mtime: t,
      ctime: t,
    };
  };
  const streamOps = {
    read(stream: Stream, buffer: Int8Array, offset: number, length: number, position: number) {
      const f = stream.remote!;
      const n = Math.max(0, Math.min(length, f.size - position));
      if (n === 0) return 0;
      try {
        f.readInto(position, new Uint8Array(buffer.buffer, buffer.byteOffset + offset, n));
      } catch (e) {
        pendingError = e;
        throw new FS.ErrnoError(EIO);
      }
      return n;
    },
    llseek(stream: Stream, offset: number, whence: number) {
      let pos = offset;
      if (whence === 1) pos += stream.position;
      else if (whence === 2) pos += stream.remote!.size;
      else if (whence !== 0) throw new FS.ErrnoError(EINVAL);
      if (pos < 0) throw new FS.ErrnoError(EINVAL);
      return pos;
    },
    write() {
      throw new FS.ErrnoError(EROFS);
    },
  };
  const original = { open: FS.open, fstat: FS.fstat, stat: FS.stat, lstat: FS.lstat };
  FS.open = function (path: unknown, flags: unknown, mode: unknown) {
    const f = typeof path === "string" ? files.get(path) : undefined;
    if (!f) return original.open.call(this, path, flags, mode);
    const numeric = typeof flags === "number" ? flags : 0;
    if ((numeric & 3) !== 0) throw new FS.ErrnoError(EROFS); // remote files are read-only
    const ino = 1_000_000 + Number((path as string).split("/")[2]);
    return FS.createStream({
      path,
      flags: numeric,
      seekable: true,
      position: 0,
      node: { id: ino, mode: FILE_MODE, path, node_ops: {} },
      stream_ops: streamOps,
      remote: f,
      ino,
    });
  };
  FS.fstat = function (fd: number) {
    const stream = FS.getStreamChecked(fd) as Stream & { ino: number };
    if (stream.remote) return statOf(stream.remote, stream.ino);
    return original.fstat.call(this, fd);
  };
  for (const name of ["stat", "lstat"] as const) {
    FS[name] = function (path: unknown, ...rest: unknown[]) {
      const f = typeof path === "string" ? files.get(path) : undefined;
      if (f) return statOf(f, 1_000_000);
      return original[name].call(this, path, ...rest);
    };
  }
}
