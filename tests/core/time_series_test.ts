import {
  assert,
  assertAlmostEquals,
  assertArrayAlmostEquals,
  assertEquals,
  assertThrows,
  readJson,
  TESTDATA,
} from "../assert.ts";
import {
  collectWarnings,
  IntervalSet,
  NappleError,
  NDArray,
  Ts,
  Tsd,
  TsdFrame,
  TsdTensor,
  TsGroup,
} from "../../mod.ts";
import { InMemoryLazyArray } from "../../lib/array/lazy.ts";
import { roundTime } from "../../lib/core/time_index.ts";
import { getBatchSize, setBatchSize } from "../../lib/array/batch_size.ts";
import { fromGolden, type GoldenObject, goldenObject } from "./golden_helpers.ts";

/** Any array-like of numbers or bigints as plain numbers. */
function arr(x: unknown, _f?: unknown): number[] {
  return Array.from(x as ArrayLike<number | bigint>, Number);
}

function num(v: unknown): number {
  return v === "NaN" ? NaN : Number(v);
}

function flat(x: unknown): number[] {
  return (Array.isArray(x) ? x.flat(Infinity) : [x]).map((v) =>
    typeof v === "boolean" ? (v ? 1 : 0) : num(v)
  );
}

function dataOf(o: Tsd | TsdFrame | TsdTensor): number[] {
  return Array.from(o.toNDArray().data as ArrayLike<number | bigint>, Number);
}

/** Checks an object against a golden result block (class, shape, t, values, support, rate). */
function checkAgainst(obj: Tsd | TsdFrame | TsdTensor | Ts, g: GoldenObject, what: string) {
  assertEquals(obj.constructor.name, g.class, `${what} class`);
  assertEquals([...obj.shape], g.shape, `${what} shape`);
  assertArrayAlmostEquals(obj.t, g.t, 0, `${what} t`);
  if (!(obj instanceof Ts)) {
    assertEquals(obj.dtype, g.dtype, `${what} dtype`);
    assertArrayAlmostEquals(dataOf(obj), flat(g.values), 0, `${what} values`);
  }
  assertArrayAlmostEquals(obj.timeSupport.start, g.time_support.start, 0, `${what} support`);
  assertArrayAlmostEquals(obj.timeSupport.end, g.time_support.end, 0, `${what} support`);
  if (g.rate === null) assert(Number.isNaN(obj.rate), `${what} rate should be NaN`);
  else assertAlmostEquals(obj.rate, g.rate, 1e-12, `${what} rate`);
}

Deno.test("npz goldens: series built from pynapple's values have its shape, dtype and rate", () => {
  for (const name of ["ts", "tsd_float64", "tsd_int64", "tsd_float32", "tsd_bool", "tsdtensor"]) {
    const g = goldenObject(name);
    const obj = fromGolden(g) as Tsd;
    checkAgainst(obj, g, name);
  }
  const g = goldenObject("tsdframe_metadata");
  const f = fromGolden(g) as TsdFrame;
  checkAgainst(f, g, "tsdframe_metadata");
  assertEquals([...f.columns], [0, 1, 2, 3]);
  assertEquals(f.metadata.columns, ["label", "gain", "channel"]);
  assertEquals(f.getInfo("label"), ["lfp0", "lfp1", "emg", "acc"]);
});

Deno.test("restrict/get on the tsdframe_metadata golden match pynapple", () => {
  // deno-lint-ignore no-explicit-any
  const golden = readJson<any>(`${TESTDATA}golden/analysis/restrict_get_tsdframe_npz.json`);
  const frame = fromGolden(goldenObject("tsdframe_metadata")) as TsdFrame;
  for (const [name, op] of Object.entries(golden.spec.ops) as [string, GoldenObject][]) {
    const want = golden.results[name];
    if (op.op === "restrict") {
      const r = frame.restrict(new IntervalSet({ start: op.start, end: op.end }));
      checkAgainst(r, want, name);
      assertEquals(r.metadata.toRecord(), want.metadata.data, `${name} metadata`);
      assertEquals([...r.columns], want.columns);
    } else if (op.end === null) {
      const row = frame.get(op.start);
      assertArrayAlmostEquals(row as Float64Array, want.values, 0, name);
    } else {
      const r = frame.get(op.start as number, op.end as number);
      checkAgainst(r, want, name);
    }
  }
});

Deno.test("time index: units, 9-decimal rounding like numpy around, sorting warning", () => {
  const ts = new Ts({ t: [1500, 250, 1000.0000000004], timeUnits: "ms" });
  assertEquals(arr(ts.t), [0.25, 1, 1.5]);
  assertEquals(arr(ts.times("ms")), [250, 1000, 1500]);
  const { result, warnings } = collectWarnings(() => new Tsd({ t: [3, 1, 2], d: [30, 10, 20] }));
  assertEquals(warnings.map((w) => w.message), ["timestamps are not sorted"]);
  // values follow their timestamps when napple sorts
  assertEquals(arr(result.values as Float64Array), [10, 20, 30]);
  assertEquals(new Ts({ t: [1 / 3] }).t[0], 0.333333333);
  // numpy's rint rounds halves to even: 0.0000000025 * 1e9 = 2.5 -> 2
  assertEquals(new Ts({ t: [2.5e-9] }).t[0], 2e-9);
});

Deno.test("bad input: typed NappleErrors, never TypeErrors", () => {
  const e1 = assertThrows(() => new Tsd({ t: [0, 1, 2], d: [1, 2] }), NappleError);
  assertEquals(e1.code, "SHAPE_MISMATCH");
  const e2 = assertThrows(() => new Ts({ t: [0, NaN] }), NappleError);
  assertEquals(e2.code, "INVALID_ARGUMENT");
  const e3 = assertThrows(() => new Tsd({ t: [0, 1], d: ["a", "b"] as never }), NappleError);
  assertEquals(e3.code, "DTYPE");
  assertEquals(
    assertThrows(() => new Tsd({ t: [0, 1], d: [[1, 2], [3, 4]] }), NappleError).code,
    "SHAPE_MISMATCH",
  );
  assertEquals(
    assertThrows(() => new TsdTensor({ t: [0, 1], d: [[1, 2], [3, 4]] }), NappleError).code,
    "SHAPE_MISMATCH",
  );
  const f = new TsdFrame({ t: [0, 1], d: [[1, 2], [3, 4]], columns: ["a", "b"] });
  assertEquals(assertThrows(() => f.column("c"), NappleError).code, "KEY_NOT_FOUND");
  assertEquals(assertThrows(() => f.at(5), NappleError).code, "INDEX_OUT_OF_RANGE");
  assertEquals(
    assertThrows(() => new Ts({ t: [0], timeUnits: "h" as never }), NappleError).code,
    "INVALID_ARGUMENT",
  );
  assertEquals(assertThrows(() => f.get(3, 1), NappleError).code, "INVALID_ARGUMENT");
  assertEquals(assertThrows(() => f.get("a" as never), NappleError).code, "INVALID_ARGUMENT");
  assertEquals(assertThrows(() => f.restrict(null as never), NappleError).code, "INVALID_ARGUMENT");
  assertEquals(
    assertThrows(() => new Tsd({ t: "abc" as never, d: [1] }), NappleError).code,
    "INVALID_ARGUMENT",
  );
  assertEquals(
    assertThrows(() => new Tsd({ t: [1], d: {} as never }), NappleError).code,
    "INVALID_ARGUMENT",
  );
});

Deno.test("time support: data outside is dropped; default is [t0, tN]", () => {
  const ep = new IntervalSet({ start: [1, 5], end: [2, 6] });
  const tsd = new Tsd({ t: [0, 1, 1.5, 2, 3, 5.5, 7], d: [0, 1, 2, 3, 4, 5, 6], timeSupport: ep });
  assertEquals(arr(tsd.t), [1, 1.5, 2, 5.5]);
  assertEquals(arr(tsd.values as Float64Array), [1, 2, 3, 5]);
  assertEquals(tsd.rate, 4 / 2);
  // a single timestamp: pynapple's support [t, t] has no duration and is dropped with a warning
  const { result, warnings } = collectWarnings(() => new Ts({ t: [4] }));
  assertEquals(result.timeSupport.length, 0);
  assertEquals(warnings.map((w) => w.message), ["Some epochs have no duration"]);
  const empty = new Tsd({ t: [], d: [] });
  assertEquals(empty.length, 0);
  assertEquals(empty.timeSupport.length, 0);
  assert(Number.isNaN(empty.rate));
  assertEquals(empty.restrict(ep).length, 0);
  // all samples outside a given support: empty, but the support and a rate of 0 stay
  const outside = new Tsd({ t: [10, 11], d: [1, 2], timeSupport: ep });
  assertEquals(outside.length, 0);
  assertEquals(outside.timeSupport.length, 2);
  assertEquals(outside.rate, 0);
});

Deno.test("positional access: at, slice, take, mask; get nearest", () => {
  const tsd = new Tsd({ t: [0, 1, 2, 3], d: [10, 11, 12, 13] });
  assertEquals(tsd.at(-1), 13);
  assertEquals(arr(tsd.slice(1, 3).t), [1, 2]);
  assertEquals(arr(tsd.slice(-2).values as Float64Array), [12, 13]);
  assertEquals(arr(tsd.take([0, 3]).values as Float64Array), [10, 13]);
  assertEquals(arr(tsd.mask([true, false, true, false]).t), [0, 2]);
  // pynapple: ties go to the later sample (start - t[i-1] < t[i] - start is false)
  assertEquals(tsd.get(1.5), 12);
  assertEquals(tsd.get(1.49), 11);
  assertEquals(tsd.get(-4), 10);
  assertEquals(tsd.get(99), 13);
  assertEquals(tsd.get(1500, 2500, "ms").length, 1);
  const nan = new Tsd({ t: [0, 1], d: [NaN, 1] });
  assert(Number.isNaN(nan.at(0) as number));
});

Deno.test("count and binAverage follow pynapple's binning", () => {
  const ts = new Ts({
    t: [0.1, 0.2, 1.5, 2.9, 3.0, 4.2],
    timeSupport: new IntervalSet({ start: 0, end: 5 }),
  });
  const c = ts.count(1);
  assertEquals(arr(c.t), [0.5, 1.5, 2.5, 3.5, 4.5]);
  assertEquals(arr(c.values as BigInt64Array, Number), [2, 1, 1, 1, 1]);
  assertEquals(c.dtype, "int64");
  assertEquals(arr(ts.count(1000, "ms").values), arr(c.values));
  assertEquals(arr(ts.count({ binSize: 1, dtype: "float64" }).values as Float64Array), [
    2,
    1,
    1,
    1,
    1,
  ]);
  const perEpoch = ts.count(new IntervalSet({ start: [0, 2], end: [1, 4] }));
  assertEquals(arr(perEpoch.t), [0.5, 3]);
  assertEquals(arr(perEpoch.values as BigInt64Array, Number), [2, 2]);
  const tsd = new Tsd({ t: [0, 0.5, 1, 1.5, 2], d: [1, 3, 5, 7, 9] });
  const avg = tsd.binAverage(1);
  assertEquals(arr(avg.t), [0.5, 1.5]);
  assertEquals(arr(avg.values as Float64Array), [2, 6]);
  const frame = new TsdFrame({ t: [0, 0.5, 1], d: [[1, 2], [3, 4], [5, 6]], columns: ["a", "b"] });
  const favg = frame.binAverage(1);
  assertEquals([...favg.columns], ["a", "b"]);
  assertEquals(arr((favg.values as NDArray).data), [2, 3]);
});

Deno.test("threshold builds pynapple's halfway intervals", () => {
  const tsd = new Tsd({ t: [0, 1, 2, 3, 4, 5], d: [0, 5, 6, 0, 7, 0] });
  const above = tsd.threshold(4);
  assertEquals(arr(above.t), [1, 2, 4]);
  assertEquals(arr(above.timeSupport.start), [0.5, 3.5]);
  assertEquals(arr(above.timeSupport.end), [2.5, 4.5]);
  assertEquals(arr(tsd.threshold(4, "below").t), [0, 3, 5]);
  assertThrows(() => tsd.threshold(1, "over" as never), NappleError);
});

Deno.test("valueFrom takes the closest sample within each epoch", () => {
  const tsd = new Tsd({ t: [0, 1, 2, 3, 4], d: [0, 10, 20, 30, 40] });
  const ts = new Ts({ t: [0.4, 1.6, 2.5, 3.9] });
  const v = ts.valueFrom(tsd);
  assertEquals(arr(v.t), [0.4, 1.6, 2.5, 3.9]);
  assertEquals(arr(v.values as Float64Array), [0, 20, 30, 40]);
  assertEquals(arr(ts.valueFrom(tsd, undefined, "before").values), [0, 10, 20, 30]);
  assertEquals(arr(ts.valueFrom(tsd, undefined, "after").values), [10, 20, 30, 40]);
  // exact hits resolve to the sample itself in every mode; equidistant goes to the later one
  const exact = new Ts({ t: [1, 2.5] });
  assertEquals(arr(exact.valueFrom(tsd, undefined, "before").values), [10, 20]);
  assertEquals(arr(exact.valueFrom(tsd, undefined, "after").values), [10, 30]);
  assertThrows(() => ts.valueFrom(tsd, undefined, "near" as never), NappleError);
  const f = new TsdFrame({ t: [0, 1], d: [[1, 2], [3, 4]], columns: ["x", "y"] });
  const vf = new Ts({ t: [0.2, 0.9] }).valueFrom(f);
  assertEquals([...vf.columns], ["x", "y"]);
  assertEquals(arr((vf.values as NDArray).data), [1, 2, 3, 4]);
});

Deno.test("TsdFrame columns, selection and per-column metadata", () => {
  const f = new TsdFrame({
    t: [0, 1, 2],
    d: [[1, 2, 3], [4, 5, 6], [7, 8, 9]],
    columns: ["a", "b", "c"],
    metadata: { gain: [1, 2.5, 3], region: ["x", "y", "z"] },
  });
  assertEquals(arr(f.column("b").values as Float64Array), [2, 5, 8]);
  const s = f.selectColumns(["c", "a"]);
  assertEquals([...s.columns], ["c", "a"]);
  assertEquals(arr((s.values as NDArray).data), [3, 1, 6, 4, 9, 7]);
  assertEquals(s.getInfo("region"), ["z", "x"]);
  f.setInfo({ ok: [true, false, true] });
  assertEquals(f.metadata.columns, ["gain", "region", "ok"]);
  assertEquals(f.restrict(new IntervalSet({ start: 1, end: 2 })).getInfo("ok"), [
    true,
    false,
    true,
  ]);
  assertEquals(arr(f.get(1.2)), [4, 5, 6]);
  const one = new TsdFrame({ t: [0, 1], d: [1, 2] });
  assertEquals([...one.shape], [2, 1]);
});

Deno.test("TsdTensor keeps N-d rows", () => {
  const d = NDArray.from([[[1, 2], [3, 4]], [[5, 6], [7, 8]], [[9, 10], [11, 12]]]);
  const x = new TsdTensor({ t: [0, 1, 2], d });
  assertEquals([...x.shape], [3, 2, 2]);
  assertEquals(x.at(1).toNested(), [[5, 6], [7, 8]]);
  const r = x.restrict(new IntervalSet({ start: [1], end: [2] }));
  assertEquals([...r.shape], [2, 2, 2]);
  assertEquals(arr((r.values as NDArray).data), [5, 6, 7, 8, 9, 10, 11, 12]);
});

Deno.test("lazy data stays lazy; restrict reads one range per interval", () => {
  const n = 1000;
  const t = Float64Array.from({ length: n }, (_, i) => i / 10);
  const backing = new NDArray(Float64Array.from({ length: n * 2 }, (_, i) => i), [n, 2]);
  const lazy = new InMemoryLazyArray(backing, "test.nwb:/x");
  const f = new TsdFrame({ t, d: lazy });
  assert(f.isLazy);
  assertEquals(f.values, lazy);
  assertEquals(lazy.stats.reads, 0);
  const ep = new IntervalSet({ start: [1, 10, 50], end: [2, 11, 50.05] });
  const r = f.restrict(ep);
  assertEquals(lazy.stats.reads, 3);
  assertEquals(r.length, 11 + 11 + 1);
  assertEquals(arr((r.values as NDArray).data.subarray(0, 2)), [20, 21]);
  assert(!r.isLazy);
  // a time support smaller than the data keeps it lazy (a row-range view)
  const sub = new TsdFrame({ t, d: lazy, timeSupport: new IntervalSet({ start: 5, end: 6 }) });
  assert(sub.isLazy);
  assertEquals(sub.length, 11);
  assertEquals(arr(sub.at(0)), [100, 101]);
  // loadArray: true converts with pynapple's warning
  const { result, warnings } = collectWarnings(() => new TsdFrame({ t, d: lazy, loadArray: true }));
  assert(!result.isLazy);
  assertEquals(warnings[0].category, "ConversionWarning");
  assertEquals(
    warnings[0].message,
    "Converting 'd' to numpy.array. The provided array was of type 'test.nwb:/x'.",
  );
});

Deno.test("dropna and findSupport", () => {
  const tsd = new Tsd({ t: [0, 1, 2, 3, 4, 5], d: [1, NaN, 2, 3, NaN, 4] });
  const clean = tsd.dropna();
  assertEquals(arr(clean.t), [0, 2, 3, 5]);
  assertEquals(arr(clean.timeSupport.start), [0, 2, 5]);
  assertEquals(arr(clean.timeSupport.end), [1e-6, 3, 5 + 1e-6]);
  assertEquals(arr(tsd.dropna(false).timeSupport.end), [5]);
  const f = new TsdFrame({ t: [0, 1], d: [[1, NaN], [2, 3]] });
  assertEquals(arr(f.dropna().t), [1]);
  const ts = new Ts({ t: [0, 0.5, 1, 5, 5.5] });
  const sup = ts.findSupport(1);
  assertEquals(arr(sup.start), [0, 5]);
  assertEquals(arr(sup.end), [1 + 1e-6, 5.5 + 1e-6]);
});

Deno.test("restrict and get agree with a brute-force scan on random data (ties, bounds)", () => {
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let trial = 0; trial < 50; trial++) {
    const n = Math.floor(rand() * 200);
    // times on a coarse grid so that duplicates and exact interval bounds happen
    const t = Array.from({ length: n }, () => Math.floor(rand() * 100) / 4).sort((a, b) => a - b);
    const d = t.map((_, i) => i);
    const tsd = new Tsd({ t, d });
    const m = Math.floor(rand() * 5);
    const bounds = Array.from({ length: 2 * m }, () => Math.floor(rand() * 100) / 4)
      .sort((a, b) => a - b);
    const starts: number[] = [];
    const ends: number[] = [];
    for (let k = 0; k < m; k++) {
      if (bounds[2 * k + 1] > bounds[2 * k] && (!ends.length || bounds[2 * k] > ends.at(-1)!)) {
        starts.push(bounds[2 * k]);
        ends.push(bounds[2 * k + 1]);
      }
    }
    const ep = new IntervalSet({ start: starts, end: ends });
    const want = d.filter((_, i) => starts.some((s, k) => t[i] >= s && t[i] <= ends[k]));
    assertEquals(arr(tsd.restrict(ep).values), want, `trial ${trial}`);
    if (n > 0) {
      const a = Math.floor(rand() * 100) / 4;
      const b = a + 0.25 + Math.floor(rand() * 20) / 4;
      // pynapple keeps only the first copy of a timestamp repeated at b
      const inRange = d.filter((_, i) =>
        t[i] >= a && (t[i] < b || (t[i] === b && (i === 0 || t[i - 1] !== b)))
      );
      assertEquals(arr(tsd.get(a, b).values), inRange, `get trial ${trial}`);
      // nearest: pynapple picks the earlier sample only when it is strictly closer
      const x = rand() * 26 - 0.5;
      let best = 0;
      for (let i = 0; i < n; i++) {
        if (Math.abs(t[i] - x) < Math.abs(t[best] - x)) best = i;
      }
      assertEquals(Math.abs(t[Number(tsd.get(x))] - x), Math.abs(t[best] - x), `nearest ${trial}`);
    }
  }
});

Deno.test("interpolate matches numpy interp within each epoch", () => {
  const tsd = new Tsd({ t: [0, 1, 2, 3], d: [0, 10, 20, 0] });
  const ts = new Ts({ t: [-1, 0.5, 1, 2.25, 5] });
  const r = tsd.interpolate(ts, { ep: new IntervalSet({ start: -2, end: 6 }) });
  assertEquals(arr(r.t), [-1, 0.5, 1, 2.25, 5]);
  assertEquals(arr(r.values), [0, 5, 10, 15, 0]);
  const r2 = tsd.interpolate(ts, {
    ep: new IntervalSet({ start: -2, end: 6 }),
    left: -1,
    right: 99,
  });
  assertEquals(arr(r2.values), [-1, 5, 10, 15, 99]);
  // default epoch is the time support [0, 3]
  assertEquals(arr(tsd.interpolate(ts).t), [0.5, 1, 2.25]);
  const f = new TsdFrame({ t: [0, 2], d: [[0, 100], [2, 300]], columns: ["x", "y"] });
  const rf = f.interpolate(new Ts({ t: [1] }));
  assertEquals([...rf.columns], ["x", "y"]);
  assertEquals(arr((rf.values as NDArray).data), [1, 200]);
});

Deno.test("map applies a function to every value and keeps columns", () => {
  const f = new TsdFrame({
    t: [0, 1],
    d: [[1, 2], [3, 4]],
    columns: ["a", "b"],
    metadata: { g: [1, 2] },
  });
  const m = f.map((v) => v * 10);
  assertEquals([...m.columns], ["a", "b"]);
  assertEquals(m.getInfo("g"), [1, 2]);
  assertEquals(arr((m.values as NDArray).data), [10, 20, 30, 40]);
  const i64 = new Tsd({ t: [0, 1], d: new BigInt64Array([2n, 3n]) });
  assertEquals(i64.dtype, "int64");
  assertEquals(arr(i64.map((v) => v / 2).values), [1, 1.5]);
});

/** pynapple's jitcount, ported loop for loop (the reference for the faster grid counting). */
function jitcountReference(
  t: Float64Array,
  starts: Float64Array,
  ends: Float64Array,
  bs: number,
): { bins: number[]; counts: number[] } {
  const round9 = (x: number) => roundTime(x);
  const bins: number[] = [];
  const counts: number[] = [];
  let i = 0;
  for (let k = 0; k < starts.length; k++) {
    while (i < t.length && t[i] < starts[k]) i++;
    const nb = ends[k] - starts[k] > bs ? Math.ceil((ends[k] + bs - starts[k]) / bs) : 1;
    let lbound = starts[k];
    for (let b = 0; b < nb; b++) {
      const xpos = lbound + bs / 2;
      if (xpos > ends[k]) break;
      const rbound = round9(lbound + bs);
      let c = 0;
      while (i < t.length && t[i] < rbound && t[i] <= ends[k]) {
        c++;
        i++;
      }
      bins.push(xpos);
      counts.push(c);
      lbound = round9(lbound + bs);
    }
    while (i < t.length && t[i] <= ends[k]) i++;
  }
  return { bins, counts };
}

Deno.test("count equals pynapple's jitcount loop on random data, grid-aligned times included", () => {
  let seed = 3;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let trial = 0; trial < 60; trial++) {
    const n = Math.floor(rand() * 400);
    const onGrid = trial % 2 === 0;
    const t = Array.from({ length: n }, () => onGrid ? Math.floor(rand() * 300) / 10 : rand() * 30)
      .sort((a, b) => a - b);
    const bs = [0.1, 0.3, 1, 2.5, 0.05][trial % 5];
    const ep = new IntervalSet({ start: [0, 10.05, 20], end: [7.3, 15, 29.95] });
    const ts = new Ts({ t, timeSupport: new IntervalSet({ start: 0, end: 30 }) });
    const want = jitcountReference(ts.t, ep.start, ep.end, bs);
    const got = ts.count(bs, ep);
    // the result is a Tsd, whose constructor rounds times to 9 decimals (pynapple too)
    assertEquals(arr(got.t), want.bins.map(roundTime), `bins trial ${trial}`);
    assertEquals(arr(got.values), want.counts, `counts trial ${trial}`);
    const grp = new TsGroup({ 1: ts, 4: ts }).count(bs, ep);
    assertEquals(arr((grp.values as NDArray).data), want.counts.flatMap((c) => [c, c]));
  }
});

Deno.test("binAverage streams lazy data in batches with the same result as in memory", () => {
  const n = 20_000;
  const t = Float64Array.from({ length: n }, (_, i) => i / 1000);
  const data = new NDArray(Float64Array.from({ length: n * 2 }, (_, i) => Math.sin(i / 7)), [n, 2]);
  const lazy = new InMemoryLazyArray(data, "x");
  const ep = new IntervalSet({ start: [0.5, 10], end: [7.25, 19.99] });
  const mem = new TsdFrame({ t, d: data }).binAverage(0.1, ep);
  const previous = getBatchSize();
  setBatchSize(16 * 1024); // 1024 rows of 2 float64 per batch
  try {
    const lz = new TsdFrame({ t, d: lazy }).binAverage(0.1, ep);
    assertEquals(arr(lz.t), arr(mem.t));
    assertEquals(arr((lz.values as NDArray).data), arr((mem.values as NDArray).data));
    assert(lazy.stats.reads > 10, `${lazy.stats.reads} reads`);
    assert(lazy.stats.bytesRead <= n * 2 * 8, "each row read at most once");
  } finally {
    setBatchSize(previous);
  }
  // hand-checked: bins [0.5, 0.6) ... hold 100 samples each; the first bin's mean
  let s = 0;
  for (let i = 500; i < 600; i++) s += Math.sin((2 * i) / 7);
  assertAlmostEquals((mem.values as NDArray).data[0] as number, s / 100, 1e-12);
});

Deno.test("columns of a lazy TsdFrame stay lazy and read only what is asked", () => {
  const n = 1000;
  const t = Float64Array.from({ length: n }, (_, i) => i / 10);
  const data = new NDArray(Float64Array.from({ length: n * 3 }, (_, i) => i), [n, 3]);
  const lazy = new InMemoryLazyArray(data, "x.nwb:/d");
  const f = new TsdFrame({ t, d: lazy, columns: ["a", "b", "c"], metadata: { g: [1, 2, 3] } });
  const b = f.column("b");
  assert(b.isLazy);
  assertEquals((b.values as InMemoryLazyArray).source, "x.nwb:/d[:, 1]");
  assertEquals(
    (f.selectColumns(["c", "a"]).values as InMemoryLazyArray).source,
    "x.nwb:/d[:, [2, 0]]",
  );
  assertEquals([...b.shape], [n]);
  assertEquals(lazy.stats.reads, 0);
  const r = b.restrict(new IntervalSet({ start: [1], end: [1.2] }));
  assertEquals(lazy.stats.reads, 1);
  assertEquals(arr(r.values), [31, 34, 37]);
  assertEquals(b.at(2), 7);
  const sel = f.selectColumns(["c", "a"]);
  assert(sel.isLazy);
  assertEquals(sel.getInfo("g"), [3, 1]);
  assertEquals(arr(sel.at(1)), [5, 3]);
  assertEquals(arr(sel.column("a").get(0.1, 0.2).values), [3, 6]);
  assertEquals(arr((sel.toNDArray()).data.subarray(0, 4)), [2, 0, 5, 3]);
});

Deno.test("valueFrom on lazy data reads windows, not one row per timestamp", () => {
  const n = 100_000;
  const t = Float64Array.from({ length: n }, (_, i) => i / 100);
  const data = new NDArray(Float64Array.from({ length: n }, (_, i) => i), [n]);
  const lazy = new InMemoryLazyArray(data, "x");
  const src = new Tsd({ t, d: lazy });
  let seed = 5;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const spikes = new Ts({
    t: Array.from({ length: 3000 }, () => rand() * 999).sort((a, b) => a - b),
  });
  const v = spikes.valueFrom(src);
  assertEquals(lazy.stats.reads, 1);
  const want = new Ts({ t: spikes.t }).valueFrom(new Tsd({ t, d: data }));
  assertEquals(arr(v.values), arr(want.values));
  // with a small batch the windows follow it
  const previous = getBatchSize();
  setBatchSize(8 * 1000);
  try {
    const before = lazy.stats.reads;
    spikes.valueFrom(src);
    const reads = lazy.stats.reads - before;
    assert(reads > 50 && reads <= 100, `${reads} reads`);
  } finally {
    setBatchSize(previous);
  }
});

/** An in-memory lazy array that records every readRows call (start, end, columns). */
class RecordingLazy extends InMemoryLazyArray {
  readonly calls: [number, number, number[] | undefined][] = [];
  override readRows(start: number, end: number, columns?: readonly number[]): NDArray {
    this.calls.push([start, end, columns ? [...columns] : undefined]);
    return super.readRows(start, end, columns);
  }
}

Deno.test("a lazy column asks its source for that column only (readRows with [j])", () => {
  const n = 50;
  const t = Float64Array.from({ length: n }, (_, i) => i);
  const base = new RecordingLazy(
    new NDArray(Float64Array.from({ length: n * 3 }, (_, i) => i), [n, 3]),
  );
  const f = new TsdFrame({ t, d: base, columns: ["a", "b", "c"] });
  const c = f.column("c");
  assertEquals(base.calls, []);
  assertEquals(arr(c.get(10, 12).values), [32, 35, 38]);
  assertEquals(base.calls, [[10, 13, [2]]]);
  // A column of a column selection maps back to the source's column.
  base.calls.length = 0;
  const b = f.selectColumns(["c", "b"]).column("b");
  assertEquals(arr(b.get(0, 1).values), [1, 4]);
  assertEquals(base.calls, [[0, 2, [1]]]);
  // Whole-column reads (toNDArray) still carry the column list.
  base.calls.length = 0;
  assertEquals(arr(c.toNDArray().data).slice(0, 3), [2, 5, 8]);
  assert(base.calls.length > 0 && base.calls.every(([, , cols]) => cols?.join() === "2"));
});

Deno.test("threshold, dropna and map stream lazy data in batches, equal to the in-memory path", () => {
  const n = 1000;
  const t = Float64Array.from({ length: n }, (_, i) => i / 100);
  const v1 = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 37) + (i % 7) / 10);
  const v2 = Float64Array.from({ length: 2 * n }, (_, i) => Math.cos(i / 11));
  for (const i of [0, 5, 6, 7, 333, 640, 641, 999]) v1[i] = NaN;
  for (const i of [11, 12, 500, 1001, 1998]) v2[i] = NaN;
  const mem1 = new Tsd({ t, d: v1 });
  const mem2 = new TsdFrame({ t, d: new NDArray(v2, [n, 2]), columns: ["a", "b"] });
  const same = (lazy: Tsd | TsdFrame, mem: Tsd | TsdFrame) => {
    assert(!lazy.isLazy);
    assertEquals(arr(lazy.t), arr(mem.t));
    assertEquals(arr(lazy.toNDArray().data), arr(mem.toNDArray().data));
    assertEquals([...lazy.shape], [...mem.shape]);
    assertEquals(lazy.dtype, mem.dtype);
    assertEquals(arr(lazy.timeSupport.start), arr(mem.timeSupport.start));
    assertEquals(arr(lazy.timeSupport.end), arr(mem.timeSupport.end));
  };
  const old = getBatchSize();
  setBatchSize(8 * 64); // 64 rows of a Tsd, 32 rows of the 2-column frame
  try {
    const ops: [string, (x: Tsd) => Tsd][] = [
      ["threshold above", (x) => x.threshold(0.3)],
      ["threshold belowequal", (x) => x.threshold(0.2, "belowequal")],
      ["dropna", (x) => x.dropna()],
      ["dropna keeping the support", (x) => x.dropna(false)],
      ["map", (x) => x.map((v, i) => v * 2 + i)],
    ];
    for (const [name, op] of ops) {
      const src = new RecordingLazy(new NDArray(v1.slice(), [n]));
      const lazy = new Tsd({ t, d: src });
      same(op(lazy), op(mem1));
      // one pass, never more than a batch at a time
      assertEquals(src.calls.length, Math.ceil(n / 64), name);
      assert(src.calls.every(([a, b]) => b - a <= 64), name);
    }
    // and both equal a naive filter written here
    const lazy1 = new Tsd({ t, d: new InMemoryLazyArray(new NDArray(v1.slice(), [n])) });
    const naive = (pass: (i: number) => boolean) => {
      const idx = Array.from({ length: n }, (_, i) => i).filter(pass);
      return [idx.map((i) => t[i]), idx.map((i) => v1[i])];
    };
    const th = lazy1.threshold(0.3);
    assertEquals([arr(th.t), arr(th.values)], naive((i) => v1[i] > 0.3));
    const dn = lazy1.dropna();
    assertEquals([arr(dn.t), arr(dn.values)], naive((i) => !Number.isNaN(v1[i])));
    const fr = new TsdFrame({
      t,
      d: new InMemoryLazyArray(new NDArray(v2.slice(), [n, 2])),
      columns: ["a", "b"],
    }).dropna();
    const rows = Array.from({ length: n }, (_, i) => i).filter((i) =>
      !Number.isNaN(v2[2 * i]) && !Number.isNaN(v2[2 * i + 1])
    );
    assertEquals(arr(fr.t), rows.map((i) => t[i]));
    assertEquals(arr(fr.toNDArray().data), rows.flatMap((i) => [v2[2 * i], v2[2 * i + 1]]));
    const frameOps: [string, (x: TsdFrame) => TsdFrame][] = [
      ["dropna", (x) => x.dropna()],
      ["map", (x) => x.map((v, i) => (i % 2 ? v : -v))],
    ];
    for (const [name, op] of frameOps) {
      const src = new RecordingLazy(new NDArray(v2.slice(), [n, 2]));
      const lazy = new TsdFrame({ t, d: src, columns: ["a", "b"] });
      same(op(lazy), op(mem2));
      assertEquals(src.calls.length, Math.ceil(n / 32), name);
      assert(src.calls.every(([a, b]) => b - a <= 32), name);
    }
    // float32 keeps its dtype through dropna and threshold; integers hold no NaN: nothing read
    const f32 = new RecordingLazy(new NDArray(Float32Array.from(v1), [n]));
    const d32 = new Tsd({ t, d: f32 }).dropna();
    assertEquals(d32.dtype, "float32");
    assertEquals(d32.length, n - 8);
    assertEquals(new Tsd({ t, d: f32 }).threshold(0.3).dtype, "float32");
    const ints = new RecordingLazy(new NDArray(Int32Array.from({ length: n }, (_, i) => i), [n]));
    const it = new Tsd({ t, d: ints });
    assert(it.dropna() === it);
    assertEquals(ints.calls.length, 0);
  } finally {
    setBatchSize(old);
  }
});
