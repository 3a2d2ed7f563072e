// Element-wise operations, comparisons and reductions on Tsd/TsdFrame/TsdTensor, checked against
// pynapple 0.9.2 (numpy's ufuncs and reductions on its objects) on seeded random inputs.
import { assert, assertArrayAlmostEquals, assertEquals, assertThrows } from "../assert.ts";
import { seeded } from "../random.ts";
import { assertMatches, oracle, type OracleCase } from "../oracle/cases.ts";
import { SKIP_ORACLE } from "../oracle/client.ts";
import { NDArray } from "../../lib/array/ndarray.ts";
import { InMemoryLazyArray } from "../../lib/array/lazy.ts";
import { getBatchSize, setBatchSize } from "../../lib/array/batch_size.ts";
import { NappleError } from "../../lib/errors.ts";
import { collectWarnings } from "../../lib/warnings.ts";
import { BaseTsd, Ts, Tsd, TsdFrame, TsdTensor } from "../../lib/core/time_series.ts";
import { TsGroup } from "../../lib/core/ts_group.ts";

const rand = seeded(14);

/** `n` sorted timestamps with random gaps. */
function times(n: number): number[] {
  let t = rand();
  return Array.from({ length: n }, () => (t += 0.01 + rand() * 0.1));
}

/** Random values in [-3, 3), rounded to 3 decimals, with a fraction `nan` of NaN. */
function values(size: number, nan = 0): Float64Array {
  return Float64Array.from(
    { length: size },
    () => (rand() < nan ? NaN : Math.round((rand() * 6 - 3) * 1000) / 1000),
  );
}

const tsd = new Tsd({ t: times(50), d: values(50, 0.1) });
const tsdClean = new Tsd({ t: tsd.t, d: values(50) });
const frame = new TsdFrame({
  t: times(40),
  d: new NDArray(values(120, 0.1), [40, 3]),
  columns: ["a", "b", "c"],
});
const frameClean = new TsdFrame({ t: frame.t, d: new NDArray(values(120), [40, 3]) });
const tensor = new TsdTensor({ t: times(30), d: new NDArray(values(180, 0.05), [30, 2, 3]) });
const spikes = new TsGroup({
  1: new Ts({ t: times(200) }),
  2: new Ts({ t: times(150) }),
  5: new Ts({ t: times(120) }),
});
const counts = spikes.count(0.5); // int64 TsdFrame
const count1 = counts.column(1); // int64 Tsd

const OBJECTS: Record<string, BaseTsd> = {
  tsd,
  tsdClean,
  frame,
  frameClean,
  tensor,
  counts,
  count1,
};

// ---------------------------------------------------------------- element-wise

const UFUNCS: [string, keyof BaseTsd & string][] = [
  ["add", "add"],
  ["subtract", "sub"],
  ["multiply", "mul"],
  ["true_divide", "div"],
  ["power", "pow"],
  ["mod", "mod"],
  ["greater", "gt"],
  ["greater_equal", "ge"],
  ["less", "lt"],
  ["less_equal", "le"],
  ["equal", "eq"],
  ["not_equal", "ne"],
  ["logical_and", "and"],
  ["logical_or", "or"],
  ["logical_xor", "xor"],
];

/** Operands for `obj`: a number, a per-column array, a same-shape array, a same-index series. */
function operands(name: string, obj: BaseTsd): [string, unknown, unknown][] {
  const row = obj.shape.slice(1);
  const rowSize = row.reduce((a, b) => a * b, 1);
  const out: [string, unknown, unknown][] = [["scalar", 1.5, 1.5], ["zero", 0, 0]];
  if (row.length) {
    const perColumn = values(row[row.length - 1]);
    out.push(["per column", perColumn, new NDArray(perColumn, [perColumn.length])]);
  }
  const same = new NDArray(values(obj.length * rowSize, 0.05), obj.shape);
  out.push(["same shape", same, same]);
  const series = obj.fromRows(
    obj.t,
    new NDArray(values(obj.length * rowSize), obj.shape),
    obj.timeSupport,
  );
  out.push([`series like ${name}`, series, series.toNDArray()]);
  return out;
}

const ufuncCases: { what: string; run: () => unknown; c: OracleCase }[] = [];
for (const [name, obj] of Object.entries(OBJECTS)) {
  for (const [what, ours, theirs] of operands(name, obj)) {
    for (const [np, method] of UFUNCS) {
      // numpy's int64 % 0 is 0; napple computes in float64, where it is NaN (docs/differences.md)
      if (method === "mod" && what === "zero" && obj.dtype === "int64") continue;
      ufuncCases.push({
        what: `${name}.${method}(${what})`,
        // deno-lint-ignore no-explicit-any
        run: () => (obj as any)[method](ours),
        c: { vars: { a: obj, b: theirs }, expr: `np.${np}(a, b)` },
      });
    }
  }
  ufuncCases.push({
    what: `${name}.not()`,
    run: () => obj.not(),
    c: { vars: { a: obj }, expr: "np.logical_not(a)" },
  });
}

Deno.test({
  name: "add/sub/mul/div/pow/mod and comparisons match numpy's ufuncs on pynapple objects",
  ignore: SKIP_ORACLE,
  async fn() {
    const refs = await oracle(ufuncCases.map((u) => u.c));
    ufuncCases.forEach((u, i) => assertMatches(u.run(), refs[i], 1e-12, u.what));
  },
});

Deno.test("element-wise results keep the class, columns, metadata and time support", () => {
  const f = new TsdFrame({
    t: [0, 1, 2],
    d: [[1, 2], [3, 4], [5, 6]],
    columns: ["x", "y"],
    metadata: { area: ["ca1", "v1"] },
  });
  const g = f.mul([10, 100]);
  assert(g instanceof TsdFrame);
  assertEquals([...g.columns], ["x", "y"]);
  assertEquals(g.getInfo("area"), ["ca1", "v1"]);
  assertEquals([...g.toNumbers()], [10, 200, 30, 400, 50, 600]);
  assertEquals(g.dtype, "float64");
  assertEquals(f.gt(2).dtype, "bool");
  assert(g.timeSupport === f.timeSupport);
});

Deno.test("series of different timestamps and unbroadcastable arrays are clear errors", () => {
  const a = new Tsd({ t: [0, 1, 2], d: [1, 2, 3] });
  const b = new Tsd({ t: [0, 1, 2.5], d: [1, 2, 3] });
  const e = assertThrows(() => a.add(b), NappleError, "different timestamps");
  assertEquals((e as NappleError).code, "SHAPE_MISMATCH");
  const f = new TsdFrame({ t: [0, 1, 2], d: [[1, 2], [3, 4], [5, 6]] });
  // numpy's message for (3, 2) with (3,)
  assertThrows(
    () => f.add(a),
    NappleError,
    "operands could not be broadcast together with shapes (3,2) (3,)",
  );
  assertThrows(() => f.add([1, 2, 3]), NappleError, "(3,2) (3,)");
  assertThrows(
    () => a.add(new NDArray(new Float64Array(6), [2, 3])),
    NappleError,
    "more dimensions",
  );
  assertThrows(() => a.add(new Ts({ t: [0, 1, 2] }) as never), NappleError, "a Ts has no values");
  // a per-row operand is an (n, 1) array, as in numpy
  assertEquals([...f.sub(new NDArray(Float64Array.of(1, 3, 5), [3, 1])).toNumbers()], [
    0,
    1,
    0,
    1,
    0,
    1,
  ]);
});

Deno.test("mask takes a bool series of the same timestamps (pynapple's tsd[tsd > 0])", () => {
  const a = new Tsd({ t: [0, 1, 2, 3], d: [-1, 2, -3, 4] });
  const kept = a.mask(a.gt(0));
  assertEquals([...kept.t], [1, 3]);
  assertEquals([...kept.toNumbers()], [2, 4]);
  assertEquals([...a.mask(a.gt(0).and(a.lt(3))).t], [1]);
  assertEquals([...a.mask(a.gt(0).not()).t], [0, 2]);
  const other = new Tsd({ t: [0, 1, 2, 4], d: [1, 1, 1, 1] });
  assertThrows(() => a.mask(other.gt(0)), NappleError, "same timestamps");
});

// ---------------------------------------------------------------- reductions

const REDUCTIONS: (keyof BaseTsd & string)[] = [
  "sum",
  "mean",
  "std",
  "var",
  "min",
  "max",
  "argmin",
  "argmax",
  "nansum",
  "nanmean",
  "nanstd",
  "nanvar",
  "nanmin",
  "nanmax",
  "nanargmin",
  "nanargmax",
];

function axesFor(obj: BaseTsd): (number | number[] | undefined)[] {
  if (obj.ndim === 1) return [undefined, 0, -1];
  if (obj.ndim === 2) return [undefined, 0, 1, -1, [0, 1]];
  return [undefined, 0, 1, 2, -1, [1, 2], [0, 2]];
}

const reduceCases: { what: string; run: () => unknown; c: OracleCase }[] = [];
for (const [name, obj] of Object.entries(OBJECTS)) {
  for (const fn of REDUCTIONS) {
    for (const axis of axesFor(obj)) {
      if (fn.includes("arg") && Array.isArray(axis)) continue;
      const py = axis === undefined
        ? ""
        : `, axis=${Array.isArray(axis) ? `(${axis.join(",")})` : axis}`;
      reduceCases.push({
        what: `${name}.${fn}(${JSON.stringify(axis) ?? ""})`,
        // deno-lint-ignore no-explicit-any
        run: () => (obj as any)[fn](axis),
        c: { vars: { a: obj }, expr: `np.${fn}(a${py})` },
      });
      if (fn.endsWith("std") || fn.endsWith("var")) {
        reduceCases.push({
          what: `${name}.${fn}(${JSON.stringify(axis) ?? ""}, ddof 1)`,
          // deno-lint-ignore no-explicit-any
          run: () => (obj as any)[fn](axis, { ddof: 1 }),
          c: { vars: { a: obj }, expr: `np.${fn}(a${py}, ddof=1)` },
        });
      }
    }
  }
}

Deno.test({
  name: "reductions match numpy's on pynapple objects: values, axes, NaN handling, result class",
  ignore: SKIP_ORACLE,
  async fn() {
    const refs = await oracle(reduceCases.map((u) => u.c));
    let compared = 0;
    reduceCases.forEach((u, i) => {
      const ref = refs[i];
      if (!Array.isArray(ref) && "error" in ref) {
        // numpy refuses (an all-NaN slice for nanargmin): so must we
        assertThrows(() => collectWarnings(u.run), NappleError);
        return;
      }
      const ours = collectWarnings(u.run).result;
      assertMatches(ours, ref, 1e-10, u.what);
      compared++;
    });
    assert(compared > 400, `only ${compared} reductions compared`);
  },
});

Deno.test("reductions of a lazy series stream in batches and equal the in-memory ones", () => {
  const data = new NDArray(values(3000 * 4, 0.02), [3000, 4]);
  const lazyData = new InMemoryLazyArray(data);
  const t = times(3000);
  const mem = new TsdFrame({ t, d: data });
  const lazy = new TsdFrame({ t, d: lazyData });
  const before = getBatchSize();
  setBatchSize(32 * 100); // 100 rows of 4 float64 per batch
  try {
    for (const fn of REDUCTIONS) {
      for (const axis of [undefined, 0, 1]) {
        // deno-lint-ignore no-explicit-any
        const call = (o: BaseTsd) => collectWarnings(() => (o as any)[fn](axis)).result;
        const a = call(mem), b = call(lazy);
        const flat = (x: unknown) =>
          typeof x === "number" ? [x] : x instanceof BaseTsd ? x.toNumbers() : x as Float64Array;
        assertArrayAlmostEquals(flat(b), flat(a), 1e-12, `${fn}(${axis})`);
      }
    }
    assert(lazy.isLazy);
    const reads = lazyData.stats.reads;
    lazy.mean(0);
    assertEquals(lazyData.stats.reads - reads, 30, "one read per batch of 100 rows");
  } finally {
    setBatchSize(before);
  }
});

Deno.test("reductions: numpy's errors and edge cases", () => {
  const empty = new Tsd({ t: [], d: [] });
  assertEquals(empty.sum(), 0);
  assertThrows(() => empty.max(), NappleError, "zero-size array to reduction operation maximum");
  const { result, warnings } = collectWarnings(() => empty.mean());
  assert(Number.isNaN(result));
  assertEquals(warnings.map((w) => w.message), ["Mean of empty slice."]);
  const f = new TsdFrame({ t: [0, 1], d: [[1, NaN], [2, NaN]] });
  assertThrows(() => f.nanargmax(0), NappleError, "All-NaN slice encountered");
  assertThrows(() => f.sum(2), NappleError, "axis 2 is out of bounds for array of dimension 2");
  assertThrows(() => f.sum([0, 0]), NappleError, "duplicate value in 'axis'");
  assertThrows(() => f.argmax([0, 1] as never), NappleError, "single axis");
  // reductions over no axis keep the series
  const same = f.sum([]);
  assert(same instanceof TsdFrame);
});

// ---------------------------------------------------------------- zscore and numbers

Deno.test({
  name: "zscore matches scipy.stats.zscore over time (ddof, nan_policy)",
  ignore: SKIP_ORACLE,
  async fn() {
    const cases: { what: string; run: () => unknown; c: OracleCase }[] = [];
    for (const [name, obj] of Object.entries(OBJECTS)) {
      for (const ddof of [0, 1]) {
        for (const policy of ["propagate", "omit"] as const) {
          cases.push({
            what: `${name}.zscore(${ddof}, ${policy})`,
            run: () => obj.zscore({ ddof, nanPolicy: policy }).toNDArray(),
            c: {
              vars: { a: obj },
              expr: `scipy.stats.zscore(a.values, axis=0, ddof=${ddof}, nan_policy="${policy}")`,
            },
          });
        }
      }
    }
    const refs = await oracle(cases.map((u) => u.c));
    cases.forEach((u, i) => assertMatches(collectWarnings(u.run).result, refs[i], 1e-10, u.what));
  },
});

Deno.test("int64 counts: toNumbers, arithmetic and astype give plain numbers", () => {
  // float64 arithmetic (docs/differences.md): int64 % 0 is NaN, not numpy's 0
  assert(Number.isNaN(count1.mod(0).toNumbers()[0]));
  assertEquals(count1.dtype, "int64");
  assert(count1.values instanceof BigInt64Array);
  const n = count1.toNumbers();
  assert(n instanceof Float64Array);
  assertEquals([...n], Array.from(count1.values as BigInt64Array, Number));
  const rate = count1.div(0.5); // spikes per second
  assertEquals(rate.dtype, "float64");
  assertEquals([...rate.toNumbers()], [...n].map((v) => v / 0.5));
  assertEquals(count1.sum(), [...n].reduce((a, b) => a + b, 0));
  const f = count1.astype("float64");
  assertEquals(f.dtype, "float64");
  assertEquals([...(f.values as Float64Array)], [...n]);
  const big = new Tsd({ t: [0, 1], d: new NDArray(BigInt64Array.of(1n, 2n ** 60n), [2], "int64") });
  assertThrows(() => big.toNumbers(), NappleError, "beyond 2^53");
  assertThrows(() => tsd.astype("int64"), NappleError, "cannot convert NaN to int64");
});

Deno.test({
  name: "sums along contiguous values are numpy's pairwise sums, to the last bit",
  ignore: SKIP_ORACLE,
  async fn() {
    // magnitudes from 1e-3 to 1e5: another order of additions rounds differently
    const wide = (n: number) =>
      Float64Array.from({ length: n }, () => (rand() - 0.3) * 10 ** (rand() * 8 - 3));
    const long = new Tsd({ t: times(1000), d: wide(1000) });
    const wideFrame = new TsdFrame({ t: times(300), d: new NDArray(wide(300 * 37), [300, 37]) });
    const cases: { what: string; run: () => unknown; c: OracleCase }[] = [
      ["sum", "", long],
      ["mean", "", long],
      ["std", "", long],
      ["sum", "", wideFrame],
      ["sum", ", axis=1", wideFrame],
      ["mean", ", axis=1", wideFrame],
      ["var", ", axis=1", wideFrame],
    ].map(([fn, py, obj]) => ({
      what: `${fn}(${py})`,
      // deno-lint-ignore no-explicit-any
      run: () => (obj as any)[fn as string](py ? 1 : undefined),
      c: { vars: { a: obj }, expr: `np.${fn}(a${py})` },
    }));
    const refs = await oracle(cases.map((u) => u.c));
    cases.forEach((u, i) => assertMatches(u.run(), refs[i], 0, u.what));
  },
});
