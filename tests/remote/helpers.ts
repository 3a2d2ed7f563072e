/**
 * Shared set-up of the remote tests: one test server over testdata/ per test file, and a way to
 * run a test with remote options changed (restored afterwards).
 * @module
 */
import { TESTDATA } from "../assert.ts";
import { RangeServer } from "./range_server.ts";
import { setRemoteOptions } from "../../lib/io/remote/options.ts";
import type { RemoteOptions } from "../../lib/io/remote/options.ts";

/** Deno.test options for tests that block on the fetch worker (its ops outlive one test). */
export const REMOTE_TEST = { sanitizeOps: false, sanitizeResources: false } as const;

let server: Promise<RangeServer> | undefined;

/** The test server over testdata/, started once per test process. */
export function testServer(): Promise<RangeServer> {
  server ??= RangeServer.start(TESTDATA);
  return server;
}

/** Runs `fn` with remote options changed, restoring them afterwards. */
export async function withRemoteOptions<T>(
  options: RemoteOptions,
  fn: () => T | Promise<T>,
): Promise<T> {
  const previous = setRemoteOptions(options);
  try {
    return await fn();
  } finally {
    setRemoteOptions(previous);
  }
}
