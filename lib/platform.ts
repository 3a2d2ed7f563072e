/**
 * Path and file helpers shared by lib/: the path functions of `@std/path`, Node's synchronous
 * file API (`fs`, built into Deno) for code written against it, and small helpers on top.
 * Importing paths from here instead of `@std/path` directly keeps the choice of implementation in
 * one place.
 * @module
 */
import { basename, extname } from "@std/path";
import * as nodeFs from "node:fs";

/** Node's synchronous file API (built into Deno), for the few places Deno.* lacks an equivalent. */
export { nodeFs as fs };

export { basename, dirname, extname, join, relative, resolve, SEPARATOR as sep } from "@std/path";

/** The file name without its folder and without its last extension. */
export function stem(path: string): string {
  const base = basename(path);
  const ext = extname(base);
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
