import { assert, assertAlmostEquals, assertEquals, assertThrows } from "../assert.ts";
import {
  collectWarnings,
  IntervalSet,
  NappleError,
  type NDArray,
  Ts,
  Tsd,
  TsdFrame,
  TsGroup,
} from "../../mod.ts";
import { fromGolden, goldenObject } from "./golden_helpers.ts";

function arr(x: unknown): number[] {
  return Array.from(x as ArrayLike<number | bigint>, Number);
}

function group(): TsGroup {
  return new TsGroup({
    7: new Ts({ t: [1, 2, 3, 4] }),
    2: new Ts({ t: [0, 5, 10] }),
    4: new Ts({ t: [2.5], timeSupport: new IntervalSet({ start: 0, end: 10 }) }),
  }, { metadata: { region: ["CA1", "PFC", "CA1"], depth: [100, 250.5, 300] } });
}

Deno.test("TsGroup golden: keys, rates and metadata as pynapple", () => {
  const g = goldenObject("tsgroup_ts_metadata");
  const grp = fromGolden(g) as TsGroup;
  assertEquals([...grp.keys()], g.keys);
  assertEquals(grp.metadata.columns, g.metadata.columns);
  for (let i = 0; i < g.rates.length; i++) assertAlmostEquals(grp.rates[i], g.rates[i], 1e-12);
  assertEquals(grp.getInfo("region"), g.metadata.data.region);
  assertEquals(grp.metadata.get("channel").dtype, "int64");
});

Deno.test("Map-like access with sorted integer keys; rate first", () => {
  const grp = group();
  assertEquals([...grp.keys()], [2, 4, 7]);
  assertEquals(grp.size, 3);
  assert(grp.has(7) && !grp.has(3));
  assertEquals(arr(grp.get(7).t), [1, 2, 3, 4]);
  assertEquals([...grp].map(([k]) => k), [2, 4, 7]);
  assertEquals(grp.metadata.columns, ["rate", "region", "depth"]);
  // union of supports: [0, 10] (unit 2 and unit 4) joined with [1, 4]
  assertEquals(arr(grp.timeSupport.start), [0]);
  assertEquals(arr(grp.timeSupport.end), [10]);
  assertEquals(arr(grp.rates), [0.3, 0.1, 0.4]);
  assertEquals(assertThrows(() => grp.get(3), NappleError).code, "KEY_NOT_FOUND");
  assertEquals(
    assertThrows(() => new TsGroup({ 1.5: new Ts({ t: [1, 2] }) }), NappleError).code,
    "INVALID_ARGUMENT",
  );
  assertEquals(
    assertThrows(
      () => new TsGroup({ 1: new Ts({ t: [1, 2] }) }, { metadata: { a: [1, 2] } }),
      NappleError,
    )
      .code,
    "SHAPE_MISMATCH",
  );
});

Deno.test("arrays become Ts with pynapple's warning; a time support restricts members", () => {
  const { result, warnings } = collectWarnings(() =>
    new TsGroup([[0, 1, 2, 3], new Float64Array([0.5, 2.5])], {
      timeSupport: new IntervalSet({ start: 0, end: 2 }),
    })
  );
  assertEquals([...result.keys()], [0, 1]);
  assertEquals(arr(result.get(0).t), [0, 1, 2]);
  assertEquals(arr(result.rates), [1.5, 0.5]);
  assertEquals(warnings.map((w) => w.message), [
    "Elements should not be passed as <class 'list'>. Default time units is seconds when creating the Ts object.",
    "Elements should not be passed as <class 'numpy.ndarray'>. Default time units is seconds when creating the Ts object.",
  ]);
});

Deno.test("selection by threshold, category and intervals", () => {
  const grp = group();
  assertEquals([...grp.getbyThreshold("depth", 200).keys()], [4, 7]);
  assertEquals([...grp.getbyThreshold("rate", 0.3, "<=").keys()], [2, 4]);
  const cats = grp.getbyCategory("region");
  assertEquals([...cats.keys()], ["CA1", "PFC"]);
  assertEquals([...cats.get("CA1")!.keys()], [2, 7]);
  assertEquals(cats.get("CA1")!.getInfo("depth"), [100, 300]);
  const [groups, centers] = grp.getbyIntervals("depth", [0, 200, 400]);
  assertEquals(groups.map((g) => [...g.keys()]), [[2], [4, 7]]);
  assertEquals(arr(centers), [100, 300]);
  assertEquals([...grp.select([7, 2]).keys()], [2, 7]);
  assertEquals([...grp.mask([false, true, true]).keys()], [4, 7]);
});

Deno.test("restrict, count and toTsd", () => {
  const grp = group();
  const ep = new IntervalSet({ start: 0, end: 4 });
  const r = grp.restrict(ep);
  assertEquals(arr(r.get(2).t), [0]);
  assertEquals(arr(r.rates), [0.25, 0.25, 1]);
  assertEquals(r.getInfo("region"), ["CA1", "PFC", "CA1"]);
  const c = grp.count(5);
  assertEquals(arr(c.t), [2.5, 7.5]);
  assertEquals([...c.columns], [2, 4, 7]);
  assertEquals(arr((c.values as NDArray).data), [1, 1, 4, 1, 0, 0]);
  const tsd = grp.toTsd();
  assertEquals(arr(tsd.t), [0, 1, 2, 2.5, 3, 4, 5, 10]);
  assertEquals(arr(tsd.values), [2, 7, 7, 4, 7, 7, 2, 2]);
  assertEquals(arr(grp.toTsd("depth").values).slice(0, 2), [100, 300]);
  // equal times keep key order
  const ties = new TsGroup({ 9: new Ts({ t: [1, 2, 3] }), 5: new Ts({ t: [2, 3, 4] }) }).toTsd();
  assertEquals(arr(ties.t), [1, 2, 2, 3, 3, 4]);
  assertEquals(arr(ties.values), [9, 5, 9, 5, 9, 5]);
});

Deno.test("valueFrom gives a group of Tsd", () => {
  const grp = new TsGroup({ 1: new Ts({ t: [0.1, 1.9] }), 2: new Ts({ t: [1.1] }) });
  const feature = new Tsd({ t: [0, 1, 2], d: [5, 6, 7] });
  const v = grp.valueFrom(feature);
  assertEquals(arr((v.get(1) as Tsd).values), [5, 7]);
  assertEquals(arr((v.get(2) as Tsd).values), [6]);
});

Deno.test("empty group", () => {
  const g = new TsGroup({});
  assertEquals(g.size, 0);
  assertEquals(g.metadata.columns, ["rate"]);
  assertEquals(g.count(1).length, 0);
});

Deno.test("bad input to TsGroup is a NappleError", () => {
  const ts = new Ts({ t: [1, 2] });
  const codes = [
    () => new TsGroup({ a: ts } as never),
    () => new TsGroup(null as never),
    () => new TsGroup({ 1: "x" } as never),
    () => new TsGroup({ 1: ts }, { timeSupport: {} as never }),
    () => new TsGroup({ 1: ts }).setInfo(null as never),
    () => new TsGroup({ 1: ts }).getbyThreshold("rate", 1, "!=" as never),
    () => new TsGroup({ 1: ts }).restrict(null as never),
  ].map((fn) => assertThrows(fn, NappleError).code);
  assertEquals(codes.every((c) => c === "INVALID_ARGUMENT"), true, codes.join());
});

Deno.test("groupby on TsGroup and TsdFrame metadata", () => {
  const grp = group();
  assertEquals(grp.groupby("region"), new Map([["CA1", [2, 7]], ["PFC", [4]]]));
  assertEquals([...grp.groupby("region", "CA1").keys()], [2, 7]);
  const f = new TsdFrame({
    t: [0, 1],
    d: [[1, 2, 3], [4, 5, 6]],
    columns: ["a", "b", "c"],
    metadata: { side: ["L", "R", "L"] },
  });
  assertEquals(f.groupby("side"), new Map([["L", ["a", "c"]], ["R", ["b"]]]));
  assertEquals([...(f.groupby("side", "L") as TsdFrame).columns], ["a", "c"]);
});

Deno.test("mergeGroup / merge follow pynapple's checks", () => {
  const ep = new IntervalSet({ start: 0, end: 10 });
  const a = new TsGroup({ 1: new Ts({ t: [1, 2] }), 2: new Ts({ t: [3] }) }, {
    timeSupport: ep,
    metadata: { region: ["CA1", "PFC"] },
  });
  const b = new TsGroup({ 5: new Ts({ t: [4, 5, 6] }) }, {
    timeSupport: ep,
    metadata: { region: ["V1"] },
  });
  const m = a.merge(b);
  assertEquals([...m.keys()], [1, 2, 5]);
  assertEquals(m.getInfo("region"), ["CA1", "PFC", "V1"]);
  assertEquals(arr(m.rates), [0.2, 0.1, 0.3]);
  const overlap = new TsGroup({ 2: new Ts({ t: [7] }) }, {
    timeSupport: ep,
    metadata: { region: ["X"] },
  });
  assertThrows(() => a.merge(overlap), NappleError, "overlapping keys 2");
  const r = TsGroup.mergeGroup([a, overlap], { resetIndex: true });
  assertEquals([...r.keys()], [0, 1, 2]);
  assertEquals(r.getInfo("region"), ["CA1", "PFC", "X"]);
  const other = new TsGroup({ 9: new Ts({ t: [1] }) }, {
    timeSupport: ep,
    metadata: { depth: [3] },
  });
  assertThrows(() => a.merge(other), NappleError, "different metadata columns");
  assertEquals(a.merge(other, { ignoreMetadata: true }).metadata.columns, ["rate"]);
  const otherSupport = new TsGroup({ 9: new Ts({ t: [1, 20] }) }, { metadata: { region: ["Y"] } });
  assertThrows(() => a.merge(otherSupport), NappleError, "different time support");
  const u = a.merge(otherSupport, { resetTimeSupport: true });
  assertEquals([u.timeSupport.start[0], u.timeSupport.end[0]], [0, 20]);
});

Deno.test("Tsd.toTsGroup splits timestamps by value", () => {
  const tsd = new Tsd({ t: [0, 1, 2, 3, 4], d: [3, 1, 3, 3, 1] });
  const g = tsd.toTsGroup();
  assertEquals([...g.keys()], [1, 3]);
  assertEquals(arr(g.get(3).t), [0, 2, 3]);
  assert(g.timeSupport.equals(tsd.timeSupport));
  // and back: toTsd gives the same series
  assertEquals(arr(g.toTsd().values), arr(tsd.values));
});
