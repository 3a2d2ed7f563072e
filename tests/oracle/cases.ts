/**
 * Oracle cases of the core tests: napple objects bound to names and a Python expression using
 * them, evaluated by pynapple 0.9.2 through the shared oracle process (tests/oracle/client.ts;
 * tools/oracle_codecs.py's `napple_in` / `case_out` on the Python side), and the results compared
 * with napple's. Random inputs come from `seeded` (tests/assert.ts) so a failure reproduces.
 * @module
 */
import { assert, assertArrayAlmostEquals, assertEquals } from "../assert.ts";
import { sharedOracle } from "./client.ts";
import { NDArray } from "../../lib/array/ndarray.ts";
import { NappleError } from "../../lib/errors.ts";
import { IntervalSet } from "../../lib/core/interval_set.ts";
import { BaseTsd, TimeSeriesBase, TsdFrame } from "../../lib/core/time_series.ts";
import { TsGroup } from "../../lib/core/ts_group.ts";

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

/** Evaluates `cases` with pynapple (errors are results: `{ error, message }`). */
export async function oracle(cases: OracleCase[]): Promise<OracleResult[]> {
  const o = await sharedOracle();
  const answers = cases.map((c) =>
    o.raw(
      "_v = {k: napple_in(v) for k, v in inp.items()}\n" +
        `out = case_out(eval(${JSON.stringify(c.expr)}, {**globals(), **_v}))`,
      Object.fromEntries(Object.entries(c.vars).map(([k, v]) => [k, encode(v)])),
    )
  );
  const out: OracleResult[] = [];
  for (const p of answers) {
    const a = await p;
    if (a.crash) throw new Error(`the pynapple oracle failed:\n${a.crash}`);
    out.push(a.error ? { error: a.error.type, message: a.error.message } : a.json as OracleResult);
  }
  return out;
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
