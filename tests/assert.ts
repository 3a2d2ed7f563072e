/**
 * The assertions and helpers every test uses: deep equality (node:util's `isDeepStrictEqual`,
 * values shown with its `inspect`), closeness of floats, expected errors (class and message part,
 * the error returned so a test can check its `code`), temporary folders and the test data folder.
 * A small module of our own on Deno's built-in node:util, so the tests depend on nothing but Deno.
 * @module
 */
import { inspect, isDeepStrictEqual } from "node:util";

/** Thrown when an assertion fails. */
export class AssertionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AssertionError";
  }
}

function show(x: unknown): string {
  return inspect(x, { depth: 6, maxArrayLength: 40, breakLength: 120 });
}

/** Fails unless `cond` is truthy. */
export function assert(cond: unknown, msg = "assertion failed"): asserts cond {
  if (!cond) throw new AssertionError(msg);
}

/** Deep structural equality (typed arrays compared element-wise, NaN equals NaN). */
export function assertEquals<T>(actual: unknown, expected: T, msg?: string): void {
  if (!isDeepStrictEqual(actual, expected)) {
    throw new AssertionError(
      `${msg ? msg + ": " : ""}values differ\n  actual:   ${show(actual)}\n  expected: ${
        show(expected)
      }`,
    );
  }
}

/** Fails when the values are deeply equal. */
export function assertNotEquals(actual: unknown, expected: unknown, msg?: string): void {
  if (isDeepStrictEqual(actual, expected)) {
    throw new AssertionError(`${msg ? msg + ": " : ""}values are equal: ${show(actual)}`);
  }
}

/** `Object.is` equality. */
export function assertStrictEquals<T>(actual: unknown, expected: T, msg?: string): void {
  if (!Object.is(actual, expected)) {
    throw new AssertionError(
      `${msg ? msg + ": " : ""}not identical\n  actual:   ${show(actual)}\n  expected: ${
        show(expected)
      }`,
    );
  }
}

/** Numbers equal within `tol` (relative to the larger magnitude, absolute near zero). */
export function assertAlmostEquals(
  actual: number,
  expected: number,
  tol = 1e-9,
  msg?: string,
): void {
  if (Number.isNaN(actual) && Number.isNaN(expected)) return;
  if (actual === expected) return;
  const scale = Math.max(1, Math.abs(actual), Math.abs(expected));
  if (!(Math.abs(actual - expected) <= tol * scale)) {
    throw new AssertionError(
      `${msg ? msg + ": " : ""}${actual} is not within ${tol} of ${expected}`,
    );
  }
}

/** Element-wise `assertAlmostEquals` over two array-likes of the same length. */
export function assertArrayAlmostEquals(
  actual: ArrayLike<number | bigint>,
  expected: ArrayLike<number | bigint | string>,
  tol = 1e-9,
  msg?: string,
): void {
  if (actual.length !== expected.length) {
    throw new AssertionError(
      `${msg ? msg + ": " : ""}lengths differ: ${actual.length} vs ${expected.length}`,
    );
  }
  for (let i = 0; i < actual.length; i++) {
    const e = expected[i];
    const ev = e === "NaN"
      ? NaN
      : e === "Infinity"
      ? Infinity
      : e === "-Infinity"
      ? -Infinity
      : Number(e);
    assertAlmostEquals(Number(actual[i]), ev, tol, `${msg ?? "element"} [${i}]`);
  }
}

/** `haystack` contains `needle`. */
export function assertStringIncludes(haystack: string, needle: string, msg?: string): void {
  if (!haystack.includes(needle)) {
    throw new AssertionError(
      `${msg ? msg + ": " : ""}${show(needle)} not found in ${show(haystack)}`,
    );
  }
}

type Ctor<E> = new (...args: never[]) => E;

/** Checks what was thrown against the expected class and message part, and returns it. */
function checkThrown<E extends Error>(e: unknown, ErrorClass?: Ctor<E>, includes?: string): E {
  if (ErrorClass && !(e instanceof ErrorClass)) {
    throw new AssertionError(`expected ${ErrorClass.name}, got ${show(e)}`);
  }
  if (includes && !String((e as Error)?.message).includes(includes)) {
    throw new AssertionError(
      `error message ${show((e as Error).message)} lacks ${show(includes)}`,
    );
  }
  return e as E;
}

/** `fn` throws an instance of `ErrorClass` (and, if given, a message containing `includes`). */
export function assertThrows<E extends Error = Error>(
  fn: () => unknown,
  ErrorClass?: Ctor<E>,
  includes?: string,
): E {
  try {
    fn();
  } catch (e) {
    return checkThrown(e, ErrorClass, includes);
  }
  throw new AssertionError("expected the function to throw");
}

/** Async version of `assertThrows`. */
export async function assertRejects<E extends Error = Error>(
  fn: () => Promise<unknown>,
  ErrorClass?: Ctor<E>,
  includes?: string,
): Promise<E> {
  try {
    await fn();
  } catch (e) {
    return checkThrown(e, ErrorClass, includes);
  }
  throw new AssertionError("expected the promise to reject");
}

/** The bundled fixtures (copied from shared/fixtures): nwb/, npz/, folder/, golden/. */
export const TESTDATA = new URL("../testdata/", import.meta.url).pathname;

/** Reads and parses a JSON golden (NaN/Infinity stay as strings, as written). */
export function readJson<T = unknown>(path: string): T {
  return JSON.parse(Deno.readTextFileSync(path)) as T;
}

/**
 * Runs `fn` with a fresh temporary directory and removes the directory afterwards (also when `fn`
 * throws, or when the promise it returns rejects).
 */
export function withTempDir<T>(fn: (dir: string) => T): T {
  const dir = Deno.makeTempDirSync();
  const cleanup = () => Deno.removeSync(dir, { recursive: true });
  let result: T;
  try {
    result = fn(dir);
  } catch (e) {
    cleanup();
    throw e;
  }
  if (result instanceof Promise) return result.finally(cleanup) as T;
  cleanup();
  return result;
}

/**
 * Every element within `rtol` of the reference, relative to `max(|expected_i|, floor·max|expected|)`
 * (a floor keeps near-zero values of a spectrum from demanding digits no FFT guarantees).
 */
export function assertClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rtol = 1e-9,
  msg = "values",
  floor = 0,
): void {
  if (actual.length !== expected.length) {
    throw new AssertionError(`${msg}: lengths differ: ${actual.length} vs ${expected.length}`);
  }
  let maxAbs = 0;
  for (let i = 0; i < expected.length; i++) {
    if (Number.isFinite(expected[i])) maxAbs = Math.max(maxAbs, Math.abs(expected[i]));
  }
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i], e = expected[i];
    if (Number.isNaN(a) && Number.isNaN(e)) continue;
    const scale = Math.max(Math.abs(e), floor * maxAbs);
    if (!(Math.abs(a - e) <= rtol * scale) && a !== e) {
      throw new AssertionError(`${msg}[${i}]: ${a} vs ${e} (rtol ${rtol})`);
    }
  }
}
