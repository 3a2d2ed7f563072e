/**
 * pynapple 0.9.2 as the oracle of the core tests: cases (napple objects bound to names and a
 * Python expression using them) are evaluated by tests/core/pynapple_oracle.py in one Python
 * process, and the results come back decoded for comparison. Random inputs come from
 * {@linkcode seeded} so a failure reproduces.
 * @module
 */
import { PYTHON, REQUIRE_TOOLS } from "../io/python_client.ts";
import { assert, assertArrayAlmostEquals, assertEquals } from "../assert.ts";
import { NDArray } from "../../lib/array/ndarray.ts";
import { NappleError } from "../../lib/errors.ts";
import { IntervalSet } from "../../lib/core/interval_set.ts";
import { BaseTsd, TimeSeriesBase, TsdFrame } from "../../lib/core/time_series.ts";
import { TsGroup } from "../../lib/core/ts_group.ts";

/**
 * PYTHONPATH for the oracle: as given (CI sources the oracle's env.sh), else the oracle found
 * beside the repository (`../shared/oracle`, or beside the main checkout for a worktree).
 */
function oracleEnv(): Record<string, string> {
  const path = Deno.env.get("PYTHONPATH");
  if (path && path.includes("oracle")) return {};
  const candidates = [
    Deno.env.get("NAPPLE_SHARED"),
    new URL("../../../shared", import.meta.url).pathname,
    new URL("../../../../shared", import.meta.url).pathname,
  ];
  for (const dir of candidates) {
    if (!dir) continue;
    try {
      Deno.statSync(`${dir}/oracle/pynapple`);
      const d = `${dir}/oracle`;
      return {
        PYTHONPATH: path ? `${d}:${path}` : d,
        NUMBA_CACHE_DIR: "/tmp/pynapple-oracle-numba",
      };
    } catch { /* next */ }
  }
  return {};
}

const ENV = oracleEnv();

/** True when pynapple cannot be imported here: skip (with a notice), except in CI where it fails. */
export const SKIP_PYNAPPLE: boolean = (() => {
  if (REQUIRE_TOOLS) return false;
  try {
    const r = new Deno.Command(PYTHON, {
      args: ["-c", "import pynapple"],
      env: ENV,
      stderr: "null",
    })
      .outputSync();
    if (r.success) return false;
  } catch { /* missing interpreter */ }
  console.error("SKIPPING the pynapple oracle tests: pynapple 0.9.2 does not import");
  return true;
})();

/** An encoded numeric array. */
export interface EncodedArray {
  shape: number[];
  dtype: string;
  data: (number | string)[];
}

/** What the oracle returns for one case. */
export type OracleResult =
  | { series: string; t: number[]; d?: EncodedArray; columns?: unknown[]; support: EncodedSet }
  | { nd: EncodedArray }
  | { iset: EncodedSet }
  | { num: number | string }
  | { dict: [unknown, OracleResult][] }
  | { error: string; message: string }
  | { slice: (number | null)[] }
  | OracleResult[];

interface EncodedSet {
  start: (number | string)[];
  end: (number | string)[];
}

const num = (v: number | string): number | string =>
  Number.isFinite(v as number) ? v : Number.isNaN(v) ? "nan" : (v as number) > 0 ? "inf" : "-inf";

/** A finite or non-finite number as it went through JSON. */
export function decodeNumber(v: number | string): number {
  return typeof v === "number" ? v : v === "nan" ? NaN : v === "inf" ? Infinity : -Infinity;
}

function encodeArray(a: NDArray): EncodedArray {
  return {
    shape: [...a.shape],
    dtype: a.dtype,
    data: Array.from(a.data as ArrayLike<number | bigint>, (v) => num(Number(v))),
  };
}

/** Encodes a napple value for the oracle. */
export function encode(v: unknown): unknown {
  if (v instanceof IntervalSet) {
    const md = v.metadataColumns.length ? v.metadata.toRecord() : undefined;
    return { iset: { start: [...v.start], end: [...v.end], metadata: md } };
  }
  if (v instanceof TsGroup) {
    const md = Object.fromEntries(
      v.metadataColumns.filter((c) => c !== "rate").map((c) => [c, v.getInfo(c)]),
    );
    return {
      group: [...v.keys()].map((k) => [k, [...v.get(k).t]]),
      support: { start: [...v.timeSupport.start], end: [...v.timeSupport.end] },
      metadata: Object.keys(md).length ? md : undefined,
    };
  }
  if (v instanceof TimeSeriesBase) {
    const out: Record<string, unknown> = {
      series: (v as unknown as { constructor: { name: string } }).constructor.name,
      t: [...v.t],
      support: { start: [...v.timeSupport.start], end: [...v.timeSupport.end] },
    };
    if (v instanceof BaseTsd) out.d = encodeArray(v.toNDArray());
    if (v instanceof TsdFrame) {
      out.columns = [...v.columns];
      if (v.metadataColumns.length) out.metadata = v.metadata.toRecord();
    }
    return out;
  }
  if (v instanceof NDArray) return { nd: encodeArray(v) };
  if (typeof v === "number") return num(v);
  return v;
}

/** One oracle case: names bound to napple values, and a Python expression over them. */
export interface OracleCase {
  vars: Record<string, unknown>;
  expr: string;
}

/** Evaluates `cases` with pynapple in one process. */
export async function oracle(cases: OracleCase[]): Promise<OracleResult[]> {
  const body = cases.map((c) => ({
    expr: c.expr,
    vars: Object.fromEntries(Object.entries(c.vars).map(([k, v]) => [k, encode(v)])),
  }));
  const p = new Deno.Command(PYTHON, {
    args: [new URL("./pynapple_oracle.py", import.meta.url).pathname],
    env: ENV,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const w = p.stdin.getWriter();
  await w.write(new TextEncoder().encode(JSON.stringify(body)));
  await w.close();
  const o = await p.output();
  if (!o.success) throw new Error(`the oracle failed:\n${new TextDecoder().decode(o.stderr)}`);
  return JSON.parse(new TextDecoder().decode(o.stdout));
}

/** A seeded generator of uniform numbers in [0, 1) (mulberry32), so failures reproduce. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The numbers of an encoded array. */
export function decodeArray(a: EncodedArray): Float64Array {
  return Float64Array.from(a.data, decodeNumber);
}

/** Asserts that `ours` (a napple result) equals the oracle's `ref` within `tol` (relative). */
export function assertMatches(ours: unknown, ref: OracleResult, tol = 1e-12, what = ""): void {
  if ("error" in ref && !Array.isArray(ref)) {
    throw new Error(`${what}: pynapple raised ${ref.error}: ${ref.message}; napple returned`);
  }
  if (Array.isArray(ref)) {
    assert(Array.isArray(ours), `${what}: expected a list`);
    assertEquals(ours.length, ref.length, `${what}: length`);
    ref.forEach((r, i) => assertMatches((ours as unknown[])[i], r, tol, `${what}[${i}]`));
    return;
  }
  if ("dict" in ref) {
    assert(ours instanceof Map, `${what}: expected a Map`);
    assertEquals([...ours.keys()], ref.dict.map(([k]) => k), `${what}: keys`);
    ref.dict.forEach(([k, v]) => assertMatches(ours.get(k), v, tol, `${what}[${k}]`));
    return;
  }
  if ("slice" in ref) {
    assertEquals(ours, ref.slice.slice(0, 2), what);
    return;
  }
  if ("num" in ref) {
    const v = typeof ours === "bigint" ? Number(ours) : ours;
    assert(typeof v === "number", `${what}: expected a number, got ${String(ours)}`);
    assertArrayAlmostEquals([v], [decodeNumber(ref.num)], tol, what);
    return;
  }
  if ("nd" in ref) {
    const shape = ours instanceof NDArray ? [...ours.shape] : [(ours as ArrayLike<number>).length];
    const data = ours instanceof NDArray ? ours.data : ours as ArrayLike<number>;
    assertEquals(shape, ref.nd.shape, `${what}: shape`);
    assertArrayAlmostEquals(Array.from(data, Number), decodeArray(ref.nd), tol, what);
    return;
  }
  if ("iset" in ref) {
    assert(ours instanceof IntervalSet, `${what}: expected an IntervalSet`);
    assertArrayAlmostEquals(ours.start, ref.iset.start.map(decodeNumber), 1e-9, `${what} start`);
    assertArrayAlmostEquals(ours.end, ref.iset.end.map(decodeNumber), 1e-9, `${what} end`);
    return;
  }
  if ("series" in ref) {
    assert(ours instanceof TimeSeriesBase, `${what}: expected a ${ref.series}`);
    assertEquals(
      (ours as unknown as { constructor: { name: string } }).constructor.name,
      ref.series,
      `${what}: class`,
    );
    assertArrayAlmostEquals(ours.t, ref.t.map(decodeNumber), 1e-12, `${what}: t`);
    assertMatches(ours.timeSupport, { iset: ref.support }, tol, `${what}: time support`);
    if (ref.d && ours instanceof BaseTsd) {
      assertEquals([...ours.shape], ref.d.shape, `${what}: shape`);
      assertArrayAlmostEquals(ours.toNumbers(), decodeArray(ref.d), tol, `${what}: values`);
      const ref64 = ref.d.dtype === "bool" ? "bool" : "number";
      assertEquals(ours.dtype === "bool" ? "bool" : "number", ref64, `${what}: dtype kind`);
    }
    if (ref.columns && ours instanceof TsdFrame) {
      assertEquals([...ours.columns], ref.columns, `${what}: columns`);
    }
    return;
  }
  throw new Error(`${what}: cannot compare with ${JSON.stringify(ref).slice(0, 200)}`);
}

/**
 * Runs `run` and compares with the oracle's `ref`: where pynapple raised, napple must throw a
 * NappleError too; otherwise the results must match within `tol`.
 */
export function checkCase(run: () => unknown, ref: OracleResult, tol: number, what: string): void {
  if (!Array.isArray(ref) && "error" in ref) {
    let threw = false;
    try {
      run();
    } catch (e) {
      assert(e instanceof NappleError, `${what}: threw ${e} (pynapple: ${ref.message})`);
      threw = true;
    }
    assert(threw, `${what}: pynapple raised ${ref.error} (${ref.message}), napple did not`);
    return;
  }
  assertMatches(run(), ref, tol, what);
}
