/**
 * Regression tests for the divergences from pynapple 0.9.2 listed in issue 10 ("Divergences
 * already found"), each checked against the live pynapple oracle (tests/pynapple_oracle.ts).
 */
import { assert, assertEquals, assertThrows } from "../assert.ts";
import { NappleError } from "../../lib/errors.ts";
import { plainNumbers, pynapple } from "../oracle/client.ts";
import { IntervalSet } from "../../lib/core/interval_set.ts";
import { Ts, Tsd, TsdFrame } from "../../lib/core/time_series.ts";
import { TsGroup } from "../../lib/core/ts_group.ts";
import { computePerievent } from "../../lib/process/perievent.ts";
import { compute2dTuningCurves } from "../../lib/process/tuning_curves.ts";
import { compute2dMutualInfo } from "../../lib/process/mutual_info.ts";
import { computeIsiDistribution } from "../../lib/process/correlograms.ts";

/** What the oracle returns for a Ts or Tsd (see tests/pynapple_oracle.ts). */
interface PySeries {
  type: string;
  t: number[];
  d?: (number | null)[];
  dtype?: string;
  start: number[];
  end: number[];
}

/** What the oracle returns for a TsdFrame. */
interface PyFrame {
  type: string;
  t: number[];
  d: (number | null)[][];
  columns: unknown[];
  metadata: Record<string, unknown[]>;
  start: number[];
  end: number[];
}

function frameRows(f: TsdFrame): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < f.length; i++) out.push(plainNumbers(f.at(i)) as number[]);
  return out;
}

Deno.test("1. TsGroup.count carries the metadata but rate (and ref_times of a perievent group)", async () => {
  const group = new TsGroup(
    { 0: new Ts({ t: [0.5, 1.5, 2.5] }), 3: new Ts({ t: [1, 2] }), 5: new Ts({ t: [1.2, 2.2] }) },
    { metadata: { region: ["a", "b", "a"], depth: [1, 2, 1] } },
  );
  const py = await pynapple<{ binned: PyFrame; epochs: PyFrame; groups: Record<string, number[]> }>(
    `
g = nap.TsGroup({0: nap.Ts(t=[0.5, 1.5, 2.5]), 3: nap.Ts(t=[1., 2.]), 5: nap.Ts(t=[1.2, 2.2])},
                metadata={"region": ["a", "b", "a"], "depth": [1, 2, 1]})
c = g.count(1.0)
out = {"binned": c, "epochs": g.count(), "groups": c.groupby("region")}`,
  );
  for (
    const [napple, oracle] of [[group.count(1), py.binned], [group.count(), py.epochs]] as const
  ) {
    assertEquals(napple.metadataColumns, Object.keys(oracle.metadata));
    for (const k of napple.metadataColumns) assertEquals(napple.getInfo(k), oracle.metadata[k]);
    assertEquals([...napple.columns], oracle.columns);
    assertEquals(frameRows(napple), oracle.d);
  }
  const groups = group.count(1).groupby("region");
  assertEquals(Object.fromEntries(groups), py.groups);

  // a perievent group: pynapple's rate column is dropped, ref_times carried along
  const pe = computePerievent(new Ts({ t: [0.1, 0.9, 1.1, 1.95, 2.3] }), new Ts({ t: [1, 2] }), [
    -0.5,
    0.5,
  ]) as TsGroup;
  const pyPe = await pynapple<PyFrame>(`
pe = nap.compute_perievent(nap.Ts(t=[0.1, 0.9, 1.1, 1.95, 2.3]), nap.Ts(t=[1., 2.]), minmax=(-0.5, 0.5))
out = pe.count(0.25)`);
  const c = pe.count(0.25);
  assertEquals(c.metadataColumns, ["ref_times"]);
  assertEquals(c.getInfo("ref_times"), pyPe.metadata.ref_times);
  assertEquals(frameRows(c), pyPe.d);
});

Deno.test("2. TsGroup metadata follows the keys as given (Map order), not the sorted keys", async () => {
  const py = await pynapple<{ index: number[]; metadata: Record<string, unknown[]> }>(`
out = nap.TsGroup({3: nap.Ts(t=[1., 2.]), 0: nap.Ts(t=[0.5, 1.5, 2.5]), 7: nap.Ts(t=[2.])},
                  metadata={"region": ["three", "zero", "seven"], "depth": [3.5, 0.5, 7.5]})`);
  const members = new Map<number, Ts>([
    [3, new Ts({ t: [1, 2] })],
    [0, new Ts({ t: [0.5, 1.5, 2.5] })],
    [7, new Ts({ t: [2] })],
  ]);
  const metadata = { region: ["three", "zero", "seven"], depth: new Float64Array([3.5, 0.5, 7.5]) };
  const g = new TsGroup(members, { metadata });
  assertEquals([...g.keys()], py.index);
  assertEquals(g.getInfo("region"), py.metadata.region);
  assertEquals(g.getInfo("depth"), py.metadata.depth);
  assertEquals(g.getInfo("rate"), py.metadata.rate);
  assertEquals(g.metadata.get("depth").dtype, "float64");
  // a plain object cannot keep the written order of integer keys: its keys are taken sorted
  const fromRecord = new TsGroup({ "-1": new Ts({ t: [1] }), 2: new Ts({ t: [2] }) }, {
    metadata: { name: ["minus one", "two"] },
    timeSupport: new IntervalSet({ start: 0, end: 3 }),
  });
  assertEquals(fromRecord.getInfo("name"), ["minus one", "two"]);
});

Deno.test("3-4. smooth makes an even window odd; convolve trims an even kernel as pynapple", async () => {
  // 2 epochs, 10 Hz, a ramp with a step: trimming off by one sample shows at every value
  const t = Array.from({ length: 60 }, (_, i) => i / 10);
  const d = t.map((x, i) => (i % 7) + (x > 3 ? 5 : 0));
  const input = { t, d };
  const py = await pynapple<Record<string, PySeries>>(
    `
tsd = nap.Tsd(t=np.array(inp["t"]), d=np.array(inp["d"], dtype=float))
ep = nap.IntervalSet(start=[0., 2.55], end=[2.0, 5.9])
out = {
  "smooth_default": tsd.smooth(0.2, size_factor=4),
  "smooth_window": tsd.smooth(0.1, windowsize=0.6),
  "smooth_odd": tsd.smooth(0.1, windowsize=0.5),
  "both": tsd.convolve(np.array([1., 2., 3., 4.]), ep=ep),
  "left": tsd.convolve(np.array([1., 2., 3., 4.]), ep=ep, trim="left"),
  "right": tsd.convolve(np.array([1., 2., 3., 4.]), ep=ep, trim="right"),
  "odd": tsd.convolve(np.array([1., 2., 4.]), ep=ep),
}`,
    input,
  );
  const tsd = new Tsd(input);
  const ep = new IntervalSet({ start: [0, 2.55], end: [2.0, 5.9] });
  const ours: Record<string, Tsd> = {
    smooth_default: tsd.smooth(0.2, { sizeFactor: 4 }),
    smooth_window: tsd.smooth(0.1, { windowSize: 0.6 }),
    smooth_odd: tsd.smooth(0.1, { windowSize: 0.5 }),
    both: tsd.convolve([1, 2, 3, 4], { ep }),
    left: tsd.convolve([1, 2, 3, 4], { ep, trim: "left" }),
    right: tsd.convolve([1, 2, 3, 4], { ep, trim: "right" }),
    odd: tsd.convolve([1, 2, 4], { ep }),
  };
  for (const [name, got] of Object.entries(ours)) {
    const want = py[name];
    assertEquals(Array.from(got.t), want.t, name);
    const g = got.values as Float64Array;
    assertEquals(g.length, want.d!.length, name);
    want.d!.forEach((v, i) => assert(Math.abs(g[i] - v!) < 1e-9, `${name}[${i}]: ${g[i]} ${v}`));
  }
});

Deno.test("5. groupby([col]) keys are 1-element tuples; a one-column TsdFrame group is a Tsd", async () => {
  const py = await pynapple<Record<string, unknown>>(`
g = nap.TsGroup({0: nap.Ts(t=[0.5, 1.5]), 3: nap.Ts(t=[1., 2.]), 5: nap.Ts(t=[1.2, 2.])},
                metadata={"region": ["a", "b", "a"], "depth": [1, 2, 1]})
ep = nap.IntervalSet(start=[0., 5., 10.], end=[1., 6., 11.], metadata={"l": ["x", "y", "x"]})
f = nap.TsdFrame(t=[0., 1., 2.], d=np.arange(9.).reshape(3, 3), columns=["a", "b", "c"],
                 metadata={"m": ["p", "q", "p"]})
def items(d):
    return [[list(k) if isinstance(k, tuple) else k, [str(x) if isinstance(x, str) else x for x in v]]
            for k, v in d.items()]
out = {
  "group_list": items(g.groupby(["region"])), "group_str": items(g.groupby("region")),
  "group_two": items(g.groupby(["region", "depth"])),
  "ep_list": items(ep.groupby(["l"])), "frame_list": items(f.groupby(["m"])),
  "get_list": list(g.groupby(["region"], get_group=("a",)).index),
  "get_str_of_list": error_of(lambda: g.groupby(["region"], get_group="a")),
  "one_column": f.groupby("m", get_group="q"),
  "two_columns": f.groupby("m", get_group="p"),
}`);
  const g = new TsGroup(
    { 0: new Ts({ t: [0.5, 1.5] }), 3: new Ts({ t: [1, 2] }), 5: new Ts({ t: [1.2, 2] }) },
    { metadata: { region: ["a", "b", "a"], depth: [1, 2, 1] } },
  );
  const ep = new IntervalSet({
    start: [0, 5, 10],
    end: [1, 6, 11],
    metadata: { l: ["x", "y", "x"] },
  });
  const f = new TsdFrame({
    t: [0, 1, 2],
    d: [[0, 1, 2], [3, 4, 5], [6, 7, 8]],
    columns: ["a", "b", "c"],
    metadata: { m: ["p", "q", "p"] },
  });
  const items = (m: Map<unknown, unknown[]>) => [...m].map(([k, v]) => [k, v]);
  assertEquals(items(g.groupby(["region"])), py.group_list);
  assertEquals(items(g.groupby("region")), py.group_str);
  assertEquals(items(g.groupby(["region", "depth"])), py.group_two);
  assertEquals(items(ep.groupby(["l"])), py.ep_list);
  assertEquals(items(f.groupby(["m"])), py.frame_list);
  assertEquals([...g.groupby(["region"], ["a"]).keys()], py.get_list);
  // a plain value is not a 1-element tuple: pynapple raises (ValueError), napple KEY_NOT_FOUND
  assertEquals((py.get_str_of_list as { error: string }).error, "ValueError");
  const err = assertThrows(() => g.groupby(["region"], "a"), NappleError);
  assertEquals(err.code, "KEY_NOT_FOUND");
  assert(err.message.includes("not found in metadata groups"), err.message);

  const one = f.groupby("m", "q");
  const pyOne = py.one_column as PySeries;
  assertEquals(pyOne.type, "Tsd");
  assert(one instanceof Tsd, "one column is a Tsd");
  assertEquals(plainNumbers(one.values as Float64Array), pyOne.d);
  const two = f.groupby("m", "p");
  assertEquals((py.two_columns as PyFrame).type, "TsdFrame");
  assert(two instanceof TsdFrame, "two columns are a TsdFrame");
  assertEquals([...two.columns], (py.two_columns as PyFrame).columns);
});

Deno.test("6. getbyThreshold on a non-numeric column raises (pynapple: TypeError)", async () => {
  const py = await pynapple<Record<string, { error: string } | null>>(`
g = nap.TsGroup({0: nap.Ts(t=[0.5, 1.5]), 3: nap.Ts(t=[1., 2.])},
                metadata={"region": ["a", "b"], "ok": [True, False]})
out = {"region": error_of(lambda: g.getby_threshold("region", 1)),
       "ok": error_of(lambda: g.getby_threshold("ok", 0))}`);
  const g = new TsGroup({ 0: new Ts({ t: [0.5, 1.5] }), 3: new Ts({ t: [1, 2] }) }, {
    metadata: { region: ["a", "b"], ok: [true, false] },
  });
  assertEquals(py.region?.error, "TypeError");
  const err = assertThrows(() => g.getbyThreshold("region", 1), NappleError);
  assertEquals(err.code, "DTYPE");
  assert(err.message.includes('"region" is not numeric'), err.message);
  assertEquals(py.ok, null); // booleans compare as numbers in both
  assertEquals([...g.getbyThreshold("ok", 0).keys()], [0]);
});

Deno.test("7. get(a, a) gives the samples at a; a repeated end timestamp is kept once", async () => {
  const t = [0, 1, 1, 1, 2, 3, 3];
  const d = [0, 1, 2, 3, 4, 5, 6];
  const ranges: [number, number][] = [
    [1, 1],
    [0.5, 0.5],
    [1, 2],
    [0, 1],
    [2, 3],
    [0, 3],
    [
      -1,
      10,
    ],
    [3, 3],
    [1.5, 2.5],
  ];
  const py = await pynapple<{ tsd: PySeries[]; ts: PySeries[]; bad: { error: string } }>(
    `
tsd = nap.Tsd(t=np.array(inp["t"], dtype=float), d=np.array(inp["d"], dtype=float))
ts = nap.Ts(t=np.array(inp["t"], dtype=float))
out = {"tsd": [tsd.get(a, b) for a, b in inp["ranges"]],
       "ts": [ts.get(a, b) for a, b in inp["ranges"]],
       "bad": error_of(lambda: tsd.get(2., 1.))}`,
    { t, d, ranges },
  );
  const tsd = new Tsd({ t, d });
  const ts = new Ts({ t });
  ranges.forEach(([a, b], i) => {
    const got = tsd.get(a, b);
    assertEquals(Array.from(got.t), py.tsd[i].t, `Tsd.get(${a}, ${b})`);
    assertEquals(plainNumbers(got.values as Float64Array), py.tsd[i].d, `Tsd.get(${a}, ${b})`);
    assertEquals(Array.from(ts.get(a, b).t), py.ts[i].t, `Ts.get(${a}, ${b})`);
  });
  assertEquals(py.bad.error, "ValueError");
  assertEquals(assertThrows(() => tsd.get(2, 1), NappleError).code, "INVALID_ARGUMENT");
});

Deno.test("8. valueFrom: NaN and float64 for int64 data without a match; pynapple's before/after", async () => {
  let seed = 2024;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const grid = (n: number) =>
    Array.from({ length: n }, () => Math.floor(rand() * 40) / 4).sort((a, b) => a - b);
  const cases = Array.from({ length: 40 }, () => {
    const bounds = grid(4);
    return {
      t: grid(Math.floor(rand() * 15)),
      src: grid(Math.floor(rand() * 12)),
      start: [bounds[0], bounds[2] + 0.1],
      end: [bounds[1] + 0.05, bounds[3] + 0.2],
    };
  });
  const py = await pynapple<PySeries[][]>(
    `
out = []
for c in inp:
    ts = nap.Ts(t=np.array(c["t"], dtype=float))
    src = nap.Tsd(t=np.array(c["src"], dtype=float), d=np.arange(len(c["src"]), dtype=np.int64) * 10)
    ep = nap.IntervalSet(start=c["start"], end=c["end"])
    out.append([ts.value_from(src, ep, mode=m) for m in ("closest", "before", "after")])`,
    cases,
  );
  // the cases cover both outcomes: int64 kept (every timestamp matched) and float64 with NaN
  const dtypes = new Set(py.flat().filter((r) => r.t.length).map((r) => r.dtype));
  assertEquals([...dtypes].sort(), ["float64", "int64"]);
  cases.forEach((c, i) => {
    const ts = new Ts({ t: c.t });
    const src = new Tsd({
      t: c.src,
      d: BigInt64Array.from(c.src, (_, k) => BigInt(k * 10)),
    });
    const ep = new IntervalSet({ start: c.start, end: c.end });
    (["closest", "before", "after"] as const).forEach((mode, j) => {
      const got = ts.valueFrom(src, ep, mode);
      const want = py[i][j];
      const what = `case ${i} ${mode}: ${JSON.stringify(c)}`;
      assertEquals(Array.from(got.t), want.t, what);
      assertEquals(plainNumbers(got.values as Float64Array), want.d, what);
      assertEquals(got.dtype, want.dtype, what);
    });
  });
});

Deno.test("9. dropna with no sample left gives an empty time support", async () => {
  const py = await pynapple<PySeries[]>(`
ep = nap.IntervalSet(0, 1)
outside = nap.Tsd(t=[5.], d=[1.], time_support=ep)
all_nan = nap.Tsd(t=[0., 0.5], d=[np.nan, np.nan], time_support=ep)
frame = nap.TsdFrame(t=[0., 0.5], d=[[np.nan, 1.], [2., np.nan]], time_support=ep)
out = [outside.dropna(), outside.dropna(update_time_support=False), all_nan.dropna(),
       all_nan.dropna(update_time_support=False), frame.dropna(update_time_support=False)]`);
  const ep = new IntervalSet({ start: 0, end: 1 });
  const outside = new Tsd({ t: [5], d: [1], timeSupport: ep });
  const allNan = new Tsd({ t: [0, 0.5], d: [NaN, NaN], timeSupport: ep });
  const frame = new TsdFrame({ t: [0, 0.5], d: [[NaN, 1], [2, NaN]], timeSupport: ep });
  assertEquals(outside.timeSupport.length, 1); // the given support stays on the empty series
  const ours = [
    outside.dropna(),
    outside.dropna(false),
    allNan.dropna(),
    allNan.dropna(false),
    frame.dropna(false),
  ];
  ours.forEach((got, i) => {
    assertEquals(got.length, py[i].t.length, `case ${i}`);
    assertEquals(Array.from(got.timeSupport.start), py[i].start, `case ${i}`);
    assertEquals(Array.from(got.timeSupport.end), py[i].end, `case ${i}`);
  });
});

Deno.test("10. compute2dMutualInfo takes what compute2dTuningCurves returns", async () => {
  let seed = 99;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const t = Array.from({ length: 400 }, (_, i) => i / 40);
  const xy = t.map(() => [rand() * 10, rand() * 5]);
  const spikes = [0, 1].map(() => t.filter(() => rand() < 0.3).map((x) => x + 0.001));
  const py = await pynapple<{ si: (number | null)[][]; bits: (number | null)[][] }>(
    `
f = nap.TsdFrame(t=np.array(inp["t"]), d=np.array(inp["xy"]))
g = nap.TsGroup({i: nap.Ts(t=np.array(s)) for i, s in enumerate(inp["spikes"])})
tc, _ = nap.compute_2d_tuning_curves(g, f, nb_bins=(4, 3))
out = {"si": nap.compute_2d_mutual_info(tc, f).values,
       "bits": nap.compute_2d_mutual_info(tc, f, bitssec=True).values}`,
    { t, xy, spikes },
  );
  const features = new TsdFrame({ t, d: xy });
  const group = new TsGroup(spikes.map((s) => new Ts({ t: s })));
  const curves = compute2dTuningCurves(group, features, [4, 3]);
  const close = (got: Float64Array, want: (number | null)[][]) =>
    want.flat().forEach((v, i) => assert(Math.abs(got[i] - v!) < 1e-9, `SI ${got[i]} vs ${v}`));
  close(compute2dMutualInfo(curves, features).values, py.si);
  close(compute2dMutualInfo(curves.tc, features).values, py.si);
  close(compute2dMutualInfo(curves, features, { bitssec: true }).values, py.bits);
  const err = assertThrows(() => compute2dMutualInfo({} as never, features), NappleError);
  assert(!/numpy|dictionary/.test(err.message), err.message); // no Python types in the message
});

Deno.test("11. where pynapple fails on empty or degenerate input, napple gives the natural empty result", async () => {
  const py = await pynapple<Record<string, { error: string } | null | PySeries | PySeries[]>>(`
from scipy import signal
empty = nap.Tsd(t=np.array([]), d=np.array([]))
tsd = nap.Tsd(t=np.arange(0, 3, 0.1), d=np.cos(np.arange(30.)), time_support=nap.IntervalSet([0, 5], [2.95, 6]))
g = nap.TsGroup({1: nap.Ts(t=[1.5])}, time_support=nap.IntervalSet(0, 3))
# smooth's window as pynapple sizes it (rate of the whole series), over the epoch with samples
std_size = int(tsd.rate * 0.3)
M = std_size * 100 + 1
window = signal.windows.gaussian(M=M, std=std_size)
out = {
  "get_range": error_of(lambda: empty.get(0., 1.)),
  "get_one": error_of(lambda: empty.get(0.)),
  "interpolate": error_of(lambda: tsd.interpolate(nap.Ts(t=np.array([])))),
  "convolve": error_of(lambda: tsd.convolve(np.array([1., 2., 1.]))),
  "smooth": error_of(lambda: tsd.smooth(0.3)),
  "smooth_empty": error_of(lambda: empty.smooth(0.1)),
  "isi": error_of(lambda: nap.compute_isi_distribution(g, bins=3)),
  "find_support": error_of(lambda: nap.Ts(t=np.array([])).find_support(1.)),
  "convolve_nonempty": tsd.convolve(np.array([1., 2., 1.]), ep=nap.IntervalSet(0, 2.95)),
  "smooth_nonempty": tsd.convolve(window / window.sum(), ep=nap.IntervalSet(0, 2.95)),
}`);
  for (const k of ["get_range", "get_one", "interpolate", "find_support"]) {
    assertEquals((py[k] as { error: string }).error, "IndexError", k);
  }
  for (const k of ["convolve", "smooth", "smooth_empty", "isi"]) {
    assertEquals((py[k] as { error: string }).error, "ValueError", k);
  }
  const empty = new Tsd({ t: [], d: [] });
  const support = new IntervalSet({ start: [0, 5], end: [2.95, 6] });
  const t = Array.from({ length: 30 }, (_, i) => i / 10);
  const tsd = new Tsd({ t, d: t.map((_, i) => Math.cos(i)), timeSupport: support });

  assertEquals(empty.get(0, 1).length, 0);
  // one timestamp asked of nothing has no natural answer: a typed error, as pynapple's IndexError
  assertEquals(assertThrows(() => empty.get(0), NappleError).code, "INDEX_OUT_OF_RANGE");
  const interp = tsd.interpolate(new Ts({ t: [] }));
  assertEquals(interp.length, 0);
  assertEquals(new Ts({ t: [] }).findSupport(1).length, 0);
  const smoothEmpty = empty.smooth(0.1);
  assertEquals([smoothEmpty.length, smoothEmpty.timeSupport.length], [0, 0]);

  // over a support with an epoch holding no sample: the epochs with samples, as pynapple
  // computes them when given those epochs only
  for (
    const [got, key] of [[tsd.convolve([1, 2, 1]), "convolve_nonempty"], [
      tsd.smooth(0.3),
      "smooth_nonempty",
    ]] as const
  ) {
    const want = py[key] as PySeries;
    assertEquals(Array.from(got.t), want.t, key);
    const g = got.values as Float64Array;
    want.d!.forEach((v, i) => assert(Math.abs(g[i] - v!) < 1e-9, `${key}[${i}]`));
    assertEquals(Array.from(got.timeSupport.start), [0, 5], key); // the support asked for
  }

  const group = new TsGroup({ 1: new Ts({ t: [1.5] }) }, {
    timeSupport: new IntervalSet({ start: 0, end: 3 }),
  });
  const isi = computeIsiDistribution(group, { bins: 3 });
  assertEquals(isi.shape, [0, 1]);
  assertEquals([...isi.columns], [1]);
});
