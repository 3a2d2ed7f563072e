/**
 * File-system and path helpers. `@std/path` and `@std/fs` cannot be fetched here, so napple uses
 * Deno's built-in `node:path` / `node:fs` through this one module.
 * @module
 */
import * as nodePath from "node:path";
import * as nodeFs from "node:fs";

/** Node's synchronous file API (built into Deno), for the few places Deno.* lacks an equivalent. */
export { nodeFs as fs };

export const { basename, dirname, extname, join, resolve, relative, sep } = nodePath;

/** The file name without its folder and without its last extension. */
export function stem(path: string): string {
  const base = nodePath.basename(path);
  const ext = nodePath.extname(base);
  return ext ? base.slice(0, -ext.length) : base;
}

/** Deno.stat that returns undefined instead of throwing when the path does not exist. */
export function statOrUndefined(path: string): Deno.FileInfo | undefined {
  try {
    return Deno.statSync(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
}
