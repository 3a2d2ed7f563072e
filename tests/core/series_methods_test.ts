// pynapple's derivative, time_diff, get_slice, fillna, to_trial_tensor, trial_count and
// groupby_apply, checked against pynapple 0.9.2 on seeded random inputs; drop/join (pandas
// names, no pynapple method) checked on their own.
import { assert, assertEquals, assertThrows } from "../assert.ts";
import { seeded } from "../random.ts";
import { checkCase, oracle, type OracleCase } from "../oracle/cases.ts";
import { SKIP_ORACLE } from "../oracle/client.ts";
import { NDArray } from "../../lib/array/ndarray.ts";
import { InMemoryLazyArray } from "../../lib/array/lazy.ts";
import { NappleError } from "../../lib/errors.ts";
import { IntervalSet } from "../../lib/core/interval_set.ts";
import { Ts, Tsd, TsdFrame, TsdTensor } from "../../lib/core/time_series.ts";
import { TsGroup } from "../../lib/core/ts_group.ts";

const rand = seeded(1402);

function times(n: number, from = 0): number[] {
  let t = from + rand();
  return Array.from({ length: n }, () => (t += 0.01 + Math.round(rand() * 100) / 1000));
}

function values(size: number, nan = 0): Float64Array {
  return Float64Array.from(
    { length: size },
    () => (rand() < nan ? NaN : Math.round((rand() * 6 - 3) * 1000) / 1000),
  );
}

const tsd = new Tsd({ t: times(80), d: values(80, 0.05) });
const uniform = new Tsd({ t: Array.from({ length: 40 }, (_, i) => i), d: values(40) });
const frame = new TsdFrame({
  t: times(60),
  d: new NDArray(values(180), [60, 3]),
  columns: ["a", "b", "c"],
  metadata: { l1: [1, 2, 2], l2: ["x", "x", "y"] },
});
const tensor = new TsdTensor({ t: times(50), d: new NDArray(values(300), [50, 2, 3]) });
const ts = new Ts({ t: times(300) });
const group = new TsGroup({ 0: new Ts({ t: times(200) }), 3: new Ts({ t: times(250) }) }, {
  metadata: { area: ["ca1", "v1"] },
});
/** Trials of unequal lengths inside the data (the series span about 3 to 5 s). */
const trials = new IntervalSet({ start: [0.3, 1.0, 1.9, 2.6], end: [0.55, 1.6, 2.2, 2.95] });
const epochs = new IntervalSet({ start: [0.2, 1.5], end: [1.2, 2.7] });
const iset = new IntervalSet({
  start: [0, 10, 20],
  end: [5, 12, 33],
  metadata: { l1: [1, 2, 2], l2: ["x", "x", "y"] },
});

const cases: { what: string; run: () => unknown; c: OracleCase }[] = [];
const add = (what: string, run: () => unknown, vars: Record<string, unknown>, expr: string) =>
  cases.push({ what, run, c: { vars, expr } });

for (const [name, obj] of Object.entries({ tsd, uniform, frame, tensor })) {
  add(`${name}.derivative()`, () => obj.derivative(), { a: obj }, "a.derivative()");
  add(
    `${name}.derivative(ep)`,
    () => obj.derivative(epochs),
    { a: obj, ep: epochs },
    "a.derivative(ep)",
  );
  for (const align of ["start", "end"] as const) {
    add(`${name}.toTrialTensor(${align})`, () => obj.toTrialTensor(trials, { align }), {
      a: obj,
      ep: trials,
    }, `a.to_trial_tensor(ep, align="${align}")`);
  }
  add(`${name}.toTrialTensor(pad 0)`, () => obj.toTrialTensor(trials, { paddingValue: 0 }), {
    a: obj,
    ep: trials,
  }, "a.to_trial_tensor(ep, padding_value=0)");
}
for (const [name, obj] of Object.entries({ ts, tsd, frame })) {
  for (const align of ["start", "center", "end"] as const) {
    add(
      `${name}.timeDiff(${align})`,
      () => obj.timeDiff({ align }),
      { a: obj },
      `a.time_diff(align="${align}")`,
    );
  }
  add(
    `${name}.timeDiff(epochs)`,
    () => obj.timeDiff({ epochs }),
    { a: obj, ep: epochs },
    "a.time_diff(epochs=ep)",
  );
  for (let k = 0; k < 6; k++) {
    const s = rand() * 4, e = s + rand() * 2;
    add(
      `${name}.getSlice(${s}, ${e})`,
      () => obj.getSlice(s, e),
      { a: obj },
      `a.get_slice(${s}, ${e})`,
    );
    add(`${name}.getSlice(${s})`, () => obj.getSlice(s), { a: obj }, `a.get_slice(${s})`);
  }
  add(
    `${name}.getSlice(ms)`,
    () => obj.getSlice(500, 1500, "ms"),
    { a: obj },
    `a.get_slice(500, 1500, time_unit="ms")`,
  );
}
add("group.timeDiff()", () => group.timeDiff(), { g: group }, "g.time_diff()");
add("ts.fillna(2.5)", () => ts.fillna(2.5), { a: ts }, "a.fillna(2.5)");
for (const [bs, units] of [[0.1, "s"], [0.07, "s"], [150, "ms"]] as const) {
  for (const align of ["start", "end"] as const) {
    add(
      `ts.trialCount(${bs} ${units}, ${align})`,
      () => ts.trialCount(trials, bs, { align, timeUnits: units }),
      {
        a: ts,
        ep: trials,
      },
      `a.trial_count(ep, ${bs}, align="${align}", time_unit="${units}")`,
    );
    add(
      `group.trialCount(${bs} ${units}, ${align})`,
      () => group.trialCount(trials, bs, { align, timeUnits: units }),
      {
        g: group,
        ep: trials,
      },
      `g.trial_count(ep, ${bs}, align="${align}", time_unit="${units}")`,
    );
  }
}
add("ts.trialCount(pad -1)", () => ts.trialCount(trials, 0.1, { paddingValue: -1 }), {
  a: ts,
  ep: trials,
}, "a.trial_count(ep, 0.1, padding_value=-1)");
add(
  "frame.groupbyApply(l1, sum)",
  () => frame.groupbyApply("l1", (g) => g.sum()),
  { a: frame },
  'a.groupby_apply("l1", np.sum)',
);
add("frame.groupbyApply(l2, mean)", () => frame.groupbyApply("l2", (g) => g.mean()), {
  a: frame,
}, 'a.groupby_apply("l2", np.mean)');
add("frame.groupbyApply(l1, sum 0)", () => frame.groupbyApply("l1", (g) => g.sum(0)).get(2), {
  a: frame,
}, 'a.groupby_apply("l1", np.sum, axis=0)[2]');
add("iset.groupbyApply(l2, totLength)", () => iset.groupbyApply("l2", (g) => g.totLength()), {
  a: iset,
}, 'a.groupby_apply("l2", lambda x: x.tot_length())');
add("group.groupbyApply(area, count)", () => group.groupbyApply("area", (g) => g.count(0.5)), {
  g: group,
}, 'g.groupby_apply("area", lambda x: x.count(0.5))');

Deno.test({
  name:
    "derivative, timeDiff, getSlice, fillna, toTrialTensor, trialCount, groupbyApply match pynapple",
  ignore: SKIP_ORACLE,
  async fn() {
    const refs = await oracle(cases.map((u) => u.c));
    cases.forEach((u, i) => checkCase(u.run, refs[i], 1e-10, u.what));
  },
});

Deno.test("derivative and toTrialTensor read lazy data per epoch and equal the in-memory results", () => {
  const data = frame.toNDArray();
  const lazySource = new InMemoryLazyArray(data);
  const lazy = new TsdFrame({ t: frame.t, d: lazySource, columns: frame.columns });
  assertEquals([...lazy.derivative(epochs).toNumbers()], [...frame.derivative(epochs).toNumbers()]);
  assertEquals(lazySource.stats.reads, 2, "one read per epoch");
  assertEquals(lazy.toTrialTensor(trials).data, frame.toTrialTensor(trials).data);
});

Deno.test("derivative of a one-sample epoch and bad trial arguments are clear errors", () => {
  const one = new IntervalSet({ start: [tsd.t[3] - 1e-4], end: [tsd.t[3] + 1e-4] });
  assertThrows(() => tsd.derivative(one), NappleError, "single sample");
  assertThrows(() => tsd.toTrialTensor(trials, { align: "middle" as never }), NappleError, "align");
  assertThrows(() => ts.trialCount(trials, -1), NappleError, "binSize");
  assertThrows(() => ts.trialCount([0, 1] as never, 1), NappleError, "IntervalSet");
  assertThrows(() => tsd.timeDiff({ align: "middle" as never }), NappleError, "align");
  assertThrows(() => tsd.getSlice(3, 2), NappleError, "'start' should not precede 'end'.");
});

Deno.test("Tsd.fillna replaces NaN (pandas fillna); integer data are unchanged", () => {
  const a = new Tsd({ t: [0, 1, 2], d: [1, NaN, 3] });
  assertEquals([...a.fillna(0).toNumbers()], [1, 0, 3]);
  assert(Number.isNaN(a.toNumbers()[1]), "the source is untouched");
  const c = ts.count(1);
  assertEquals(c.fillna(7).toNumbers(), c.toNumbers());
});

Deno.test("groupbyApply on a TsdFrame passes a Tsd for a one-column group, as pynapple", () => {
  // pynapple 0.9.2's `loc[labels]` of one label is a Tsd (tests/core/divergences_test.ts, item 5)
  const shapes = frame.groupbyApply("l2", (g) => [g instanceof TsdFrame, [...g.shape]]);
  assertEquals(shapes.get("y"), [false, [60]]);
  assertEquals(shapes.get("x"), [true, [60, 2]]);
});

Deno.test("TsdFrame.drop and join work on columns with their metadata", () => {
  const d = frame.drop("b");
  assertEquals([...d.columns], ["a", "c"]);
  assertEquals(d.getInfo("l2"), ["x", "y"]);
  assertEquals([...d.column("c").toNumbers()], [...frame.column("c").toNumbers()]);
  assertEquals([...frame.drop(["a", "c"]).columns], ["b"]);
  assertThrows(() => frame.drop("z"), NappleError, "no column");
  const j = frame.selectColumns(["a"]).join(frame.selectColumns(["c", "b"]));
  assertEquals([...j.columns], ["a", "c", "b"]);
  assertEquals(j.getInfo("l1"), [1, 2, 2]);
  assertEquals([...j.toNumbers()], [...frame.selectColumns(["a", "c", "b"]).toNumbers()]);
  assertThrows(() => frame.join(frame), NappleError, "columns overlap: a, b, c");
  const other = new TsdFrame({ t: times(60), d: new NDArray(values(60), [60, 1]), columns: ["z"] });
  assertThrows(() => frame.join(other), NappleError, "same timestamps");
  const plain = new TsdFrame({ t: frame.t, d: new NDArray(values(60), [60, 1]), columns: ["z"] });
  assertThrows(() => frame.join(plain), NappleError, "same metadata fields");
  assertEquals([...frame.drop(["a", "b", "c"]).join(frame.selectColumns(["b"])).columns], ["b"]);
});
