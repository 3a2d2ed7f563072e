/**
 * The block cache of remote files: fixed-size blocks of file bytes, least recently used first
 * out, bounded in bytes for all files together (`RemoteOptions.cacheBytes`).
 * @module
 */
import { onRemoteOptionsChange, remoteOptions } from "./options.ts";

/** Bytes per cached block. HDF5 metadata reads are a few hundred bytes to a few KiB. */
export const BLOCK = 64 * 1024;

// Map iteration order is insertion order: re-inserting on use makes the first key the LRU one.
const blocks = new Map<string, Uint8Array>();
let held = 0;

function key(file: number, index: number): string {
  return `${file}:${index}`;
}

/** Block `index` of file `file`, marked as just used; undefined when not cached. */
export function getBlock(file: number, index: number): Uint8Array | undefined {
  const k = key(file, index);
  const b = blocks.get(k);
  if (b) {
    blocks.delete(k);
    blocks.set(k, b);
  }
  return b;
}

/** True when the block is cached (does not change its age). */
export function hasBlock(file: number, index: number): boolean {
  return blocks.has(key(file, index));
}

/** Stores a block (a copy the cache owns), evicting the least recently used beyond the bound. */
export function putBlock(file: number, index: number, bytes: Uint8Array): void {
  const k = key(file, index);
  const old = blocks.get(k);
  if (old) {
    held -= old.length;
    blocks.delete(k);
  }
  blocks.set(k, bytes);
  held += bytes.length;
  evict(remoteOptions().cacheBytes);
}

/** Forgets every block of `file` (closed or changed). */
export function dropFile(file: number): void {
  const prefix = `${file}:`;
  for (const [k, b] of blocks) {
    if (k.startsWith(prefix)) {
      blocks.delete(k);
      held -= b.length;
    }
  }
}

function evict(bound: number): void {
  for (const [k, b] of blocks) {
    if (held <= bound) break;
    blocks.delete(k);
    held -= b.length;
  }
}

/** Bytes the cache holds now. */
export function cachedBytes(): number {
  return held;
}

onRemoteOptionsChange(() => evict(remoteOptions().cacheBytes));
