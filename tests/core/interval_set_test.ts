import { assert, assertEquals, assertThrows } from "../assert.ts";
import { collectWarnings, IntervalSet, NappleError, Ts } from "../../mod.ts";
import { fromGolden, goldenObject } from "./golden_helpers.ts";

function arr(x: ArrayLike<number>): number[] {
  return Array.from(x);
}

function build(start: number[], end: number[], metadata?: Record<string, unknown[]>) {
  return collectWarnings(() => new IntervalSet({ start, end, metadata }));
}

Deno.test("pynapple's _jitfix_iset cases, each with its exact warning", () => {
  // pynapple tests/test_interval_set.py: test_jitfix_iset_error0..3
  let r = build([0, 10, 15], [10, 15, 20]);
  assertEquals(arr(r.result.start), [0, 10, 15]);
  assertEquals(arr(r.result.end), [10 - 1e-6, 15 - 1e-6, 20]);
  assertEquals(r.warnings.map((w) => w.message), [
    "Some starts and ends are equal. Removing 1 microsecond!",
  ]);

  r = build([0, 15, 16], [5, 10, 20]);
  assertEquals(arr(r.result.start), [0, 16]);
  assertEquals(arr(r.result.end), [5, 20]);
  assertEquals(r.warnings.map((w) => w.message), [
    "Some ends precede the relative start. Dropping them!",
  ]);

  r = build([0, 10, 16], [11, 15, 20]);
  assertEquals(arr(r.result.start), [0, 16]);
  assertEquals(arr(r.result.end), [15, 20]);
  assertEquals(r.warnings.map((w) => w.message), [
    "Some starts precede the previous end. Joining them!",
  ]);

  r = build([0, 15, 16], [5, 15, 20]);
  assertEquals(arr(r.result.start), [0, 16]);
  assertEquals(arr(r.result.end), [5, 20]);
  assertEquals(r.warnings.map((w) => w.message), ["Some epochs have no duration"]);
});

Deno.test("unsorted starts/ends are sorted with pynapple's warnings; metadata dropped", () => {
  let r = build([10, 0], [15, 5]);
  assertEquals(arr(r.result.start), [0, 10]);
  assertEquals(r.warnings.map((w) => w.message), [
    "start is not sorted. Sorting it.",
    "end is not sorted. Sorting it.",
  ]);
  r = build([10, 0], [15, 5], { label: ["a", "b"] });
  assertEquals(r.result.metadata.columns, []);
  assertEquals(r.warnings.map((w) => w.message), [
    "start is not sorted. Cannot add metadata to unsorted start times. Sorting it and dropping metadata.",
    "end is not sorted. Cannot add metadata to unsorted end times. Sorting it and dropping metadata.",
  ]);
  // joining intervals changes the epochs: metadata goes, with pynapple's second warning
  r = build([0, 10, 16], [11, 15, 20], { label: ["a", "b", "c"] });
  assertEquals(r.warnings.map((w) => w.message), [
    "Some starts precede the previous end. Joining them!",
    "epochs have changed, dropping metadata.",
  ]);
  assertEquals(r.result.metadata.columns, []);
  // the 1 µs rule keeps metadata
  r = build([0, 10], [10, 20], { label: ["a", "b"] });
  assertEquals(r.result.getInfo("label"), ["a", "b"]);
});

Deno.test("construction: pairs, single numbers, units, empty, bad input", () => {
  const ep = new IntervalSet({ start: [[0, 5], [10, 12]] });
  assertEquals(arr(ep.end), [5, 12]);
  assertEquals(ep.length, 2);
  assertEquals(ep.values.toNested(), [[0, 5], [10, 12]]);
  assertEquals(arr(new IntervalSet({ start: 1500, end: 2500, timeUnits: "ms" }).start), [1.5]);
  const empty = new IntervalSet({ start: [], end: [] });
  assertEquals(empty.length, 0);
  assertEquals(empty.totLength(), 0);
  assertEquals(
    assertThrows(() => new IntervalSet({ start: [0, 1], end: [2] }), NappleError).code,
    "SHAPE_MISMATCH",
  );
  assertEquals(
    assertThrows(() => new IntervalSet({ start: [0], end: [Infinity] }), NappleError).code,
    "INVALID_ARGUMENT",
  );
  assertEquals(
    assertThrows(() => new IntervalSet({ start: [0, 1] }), NappleError).code,
    "INVALID_ARGUMENT",
  );
  // as pynapple (which only warns that it cannot be an attribute), "start" is a metadata name
  assertEquals(
    new IntervalSet({ start: [0], end: [1], metadata: { start: [1] } }).getInfo("start"),
    [1],
  );
  assertEquals(
    assertThrows(
      () => new IntervalSet({ start: [0], end: [1], metadata: { a: [1, 2] } }),
      NappleError,
    ).code,
    "SHAPE_MISMATCH",
  );
});

Deno.test("set operations give pynapple's results", () => {
  const a = new IntervalSet({
    start: [0, 10, 30],
    end: [5, 20, 40],
    metadata: { l: ["x", "y", "z"] },
  });
  const b = new IntervalSet({ start: [3, 15, 35], end: [12, 32, 36], metadata: { m: [1, 2, 3] } });
  const i = a.intersect(b);
  assertEquals(arr(i.start), [3, 10, 15, 30, 35]);
  assertEquals(arr(i.end), [5, 12, 20, 32, 36]);
  assertEquals(i.metadata.toRecord(), { l: ["x", "y", "y", "z", "z"], m: [1, 1, 2, 2, 3] });

  const u = collectWarnings(() => a.union(b));
  assertEquals(arr(u.result.start), [0]);
  assertEquals(arr(u.result.end), [40]);
  assertEquals(u.warnings.map((w) => w.message), [
    "metadata incompatible with union method. dropping metadata from result",
  ]);
  const u2 = new IntervalSet({ start: [0, 10], end: [5, 20] }).union(
    new IntervalSet({ start: [30], end: [40] }),
  );
  assertEquals(arr(u2.start), [0, 10, 30]);

  const d = a.setDiff(b);
  assertEquals(arr(d.start), [0, 12, 32, 36]);
  assertEquals(arr(d.end), [3, 15, 35, 40]);
  assertEquals(d.getInfo("l"), ["x", "y", "z", "z"]);

  assertEquals(a.totLength(), 25);
  assertEquals(a.totLength("ms"), 25000);
  assertEquals(arr(a.inInterval(new Ts({ t: [1, 7, 10, 35, 50] }))), [0, NaN, 1, 2, NaN]);
  assertEquals(arr(a.dropShortIntervals(5).start), [10, 30]);
  assertEquals(arr(a.dropLongIntervals(10).start), [0]);
  assertEquals(a.dropShortIntervals(5).getInfo("l"), ["y", "z"]);
  const m = collectWarnings(() => a.mergeCloseIntervals(5)).result;
  assertEquals(arr(m.start), [0, 30]);
  assertEquals(arr(m.end), [20, 40]);
  const span = collectWarnings(() => a.timeSpan()).result;
  assertEquals([span.start[0], span.end[0]], [0, 40]);
});

Deno.test("split cuts intervals in equal pieces, 1 µs apart, keeping metadata", () => {
  const ep = new IntervalSet({ start: [0, 10], end: [3, 11], metadata: { k: [1, 2] } });
  const s = ep.split(1);
  assertEquals(arr(s.start), [0, 1, 2]);
  assertEquals(arr(s.end), [1 - 1e-6, 2 - 1e-6, 3 - 1e-6]);
  assertEquals(s.getInfo("k"), [1, 1, 1]);
  assertEquals(ep.split(0.4).length, 7 + 2);
  assertThrows(() => ep.split(0), NappleError);
});

Deno.test("indexing keeps metadata", () => {
  const g = goldenObject("intervalset_metadata");
  const ep = fromGolden(g) as IntervalSet;
  assertEquals(arr(ep.start), g.start);
  assertEquals(ep.at(1).getInfo("label"), ["b"]);
  assertEquals(ep.at(-1).getInfo("trial"), [5]);
  assertEquals(arr(ep.slice(1, 3).start), [10.5, 20]);
  assertEquals(ep.mask([true, false, false, false, true]).getInfo("score"), [0.1, 0.5]);
  assertEquals(ep.take([0, 2]).metadata.toRecord(), {
    label: ["a", "c"],
    score: [0.1, 0.3],
    trial: [1, 3],
  });
  assertEquals(assertThrows(() => ep.at(9), NappleError).code, "INDEX_OUT_OF_RANGE");
  assertEquals(assertThrows(() => ep.getInfo("nope"), NappleError).code, "KEY_NOT_FOUND");
  ep.setInfo({ extra: [1, 2, 3, 4, 5] });
  assertEquals(ep.metadataColumns, ["label", "score", "trial", "extra"]);
  ep.dropInfo("extra");
  assertEquals(ep.metadataColumns, ["label", "score", "trial"]);
});

Deno.test("getIntervalsCenter gives a Ts on this support", () => {
  const ep = new IntervalSet({ start: [0, 10], end: [2, 20] });
  const c = ep.getIntervalsCenter();
  assertEquals(arr(c.t), [1, 15]);
  assert(c.timeSupport.equals(ep));
  assertEquals(arr(ep.getIntervalsCenter(2).t), [2, 20]);
});

Deno.test("bad input to IntervalSet methods is a NappleError", () => {
  const ep = new IntervalSet({ start: [0], end: [1] });
  for (
    const fn of [
      () => ep.intersect(null as never),
      () => ep.union({} as never),
      () => ep.setDiff(undefined as never),
      () => ep.setInfo(null as never),
      () => ep.inInterval(null as never),
      () => ep.dropShortIntervals("a" as never),
      () => ep.split("1" as never),
    ]
  ) assertEquals(assertThrows(fn, NappleError).code, "INVALID_ARGUMENT");
});

Deno.test("groupby on metadata (pynapple 0.9 docstring example)", () => {
  const ep = new IntervalSet({
    start: [[0, 5], [10, 12], [20, 33]],
    metadata: { l1: [1, 2, 2], l2: ["x", "x", "y"] },
  });
  assertEquals(ep.groupby("l2"), new Map([["x", [0, 1]], ["y", [2]]]));
  assertEquals([...ep.groupby(["l1", "l2"]).entries()], [[[1, "x"], [0]], [[2, "x"], [1]], [[
    2,
    "y",
  ], [2]]]);
  const x = ep.groupby("l2", "x");
  assertEquals(arr(x.start), [0, 10]);
  assertEquals(x.getInfo("l1"), [1, 2]);
  assertEquals(arr(ep.groupby(["l1", "l2"], [2, "y"]).start), [20]);
  assertEquals(assertThrows(() => ep.groupby("l2", "z"), NappleError).code, "KEY_NOT_FOUND");
  assertEquals(assertThrows(() => ep.groupby("nope"), NappleError).code, "KEY_NOT_FOUND");
});
