// Functions without pynapple goldens, checked against an independent numpy reference
// (tests/process/pyref.py, run with /usr/bin/python3) on the units_session fixture.
import { assertArrayAlmostEquals, assertEquals, TESTDATA } from "../assert.ts";
import { NDArray } from "../../lib/array/ndarray.ts";
import { IntervalSet } from "../../lib/core/interval_set.ts";
import { Ts } from "../../lib/core/time_series.ts";
import { TsGroup } from "../../lib/core/ts_group.ts";
import {
  compute1dTuningCurvesContinuous,
  compute2dTuningCurves,
} from "../../lib/process/tuning_curves.ts";
import { compute1dMutualInfo, compute2dMutualInfo } from "../../lib/process/mutual_info.ts";
import {
  computeAutocorrelogram,
  computeCrosscorrelogram,
  computeEventcorrelogram,
  computeIsiDistribution,
} from "../../lib/process/correlograms.ts";
import { LabeledTable } from "../../lib/process/table.ts";
import { pythonPipeJson } from "../io/python_client.ts";
import { analysisGolden, type GoldenTable, groupFromGolden, positionFromNwb } from "./fixtures.ts";

type Ref = Record<string, (number | null)[] & (number | null)[][]>;

// One reference run shared by every test of this file.
const ref: Promise<Ref> = pythonPipeJson<Ref>(
  [new URL("./pyref.py", import.meta.url).pathname],
  { testdata: TESTDATA },
);
// A failed run rejects once here; each test awaiting it reports the error
ref.catch(() => {});

function reference(): Promise<Ref> {
  return ref;
}

const nan = (a: readonly (number | null)[]) => a.map((x) => (x === null ? NaN : x));

function firstUnits(n: number): TsGroup {
  const g = groupFromGolden("tsgroup_from_nwb_units");
  const m = new Map<number, Ts>();
  for (const k of [...g.keys()].slice(0, n)) m.set(k, g.get(k) as Ts);
  return new TsGroup(m, { timeSupport: g.timeSupport });
}

Deno.test("compute2dTuningCurves and compute2dMutualInfo match the numpy reference", async () => {
  const r = await reference();
  const pos = positionFromNwb();
  const units = groupFromGolden("tsgroup_from_nwb_units");
  const { tc, xy } = compute2dTuningCurves(units, pos, [8, 6]);
  assertEquals([...tc.keys()], [...units.keys()]);
  [...tc.values()].forEach((a, i) => {
    assertEquals([...a.shape], [8, 6]);
    assertArrayAlmostEquals(a.data as Float64Array, nan(r.tc2d[i]), 1e-9, `unit ${i}`);
  });
  assertArrayAlmostEquals(xy[0], nan(r.tc2d_xy[0]), 1e-12);
  assertArrayAlmostEquals(xy[1], nan(r.tc2d_xy[1]), 1e-12);
  const mi = compute2dMutualInfo(tc, pos);
  assertEquals([...mi.columns], ["SI"]);
  assertArrayAlmostEquals(mi.values, nan(r.mi2d), 1e-9);
});

Deno.test("compute1dMutualInfo of the golden tuning curves matches the numpy reference", async () => {
  const r = await reference();
  const g = analysisGolden("tuning_eta_units_session").tc_default as GoldenTable;
  const tc = new LabeledTable(g.index, g.columns, Float64Array.from(g.values.flat(), Number));
  const x = positionFromNwb().column("x");
  const mi = compute1dMutualInfo(tc, x);
  assertEquals([...mi.index], g.columns);
  assertArrayAlmostEquals(mi.values, nan(r.mi1d_bits_spike), 1e-9);
  assertArrayAlmostEquals(
    compute1dMutualInfo(tc, x, { bitssec: true }).values,
    nan(r.mi1d_bits_sec),
    1e-9,
  );
  // an NDArray gives positional unit labels
  const nd = new NDArray(tc.values, tc.shape, "float64");
  assertEquals([...compute1dMutualInfo(nd, x).index], g.columns.map((_, i) => i));
});

Deno.test("compute1dTuningCurvesContinuous matches the numpy reference (with ep)", async () => {
  const r = await reference();
  const pos = positionFromNwb();
  const tc = compute1dTuningCurvesContinuous(pos.column("y"), pos.column("x"), 7, {
    ep: new IntervalSet({ start: [10], end: [150] }),
  });
  assertArrayAlmostEquals(tc.index as number[], nan(r.tc1d_cont_index), 1e-12);
  assertEquals([...tc.columns], [0]);
  assertArrayAlmostEquals(tc.values, nan(r.tc1d_cont), 1e-9);
});

Deno.test("auto-, cross- and event-correlograms match the numpy reference", async () => {
  const r = await reference();
  const g = firstUnits(4);
  const ac = computeAutocorrelogram(g, 0.01, 0.1);
  assertArrayAlmostEquals(ac.index as number[], nan(r.autocorr_index), 0);
  assertArrayAlmostEquals(ac.values, nan(r.autocorr.flat()), 1e-9);
  const cc = computeCrosscorrelogram(g, 0.01, 0.1);
  assertEquals(cc.columns, [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]]);
  assertArrayAlmostEquals(cc.index as number[], nan(r.crosscorr_index), 1e-12);
  assertArrayAlmostEquals(cc.values, nan(r.crosscorr.flat()), 1e-9);
  const ev = new Ts({ t: [20, 55.5, 90.25, 130, 170.7] });
  const ec = computeEventcorrelogram(g, ev, 0.01, 0.1);
  assertArrayAlmostEquals(ec.values, nan(r.eventcorr.flat()), 1e-9);
  // a pair of groups: reference from the first, target from the second
  const two = computeCrosscorrelogram([firstUnits(1), g], 0.01, 0.1);
  assertEquals(two.columns.length, 4);
  assertArrayAlmostEquals(two.column([0, 1]), cc.column([0, 1]), 1e-12);
});

Deno.test("computeIsiDistribution matches the numpy reference (linear and log)", async () => {
  const r = await reference();
  const g = firstUnits(4);
  const isi = computeIsiDistribution(g, { bins: 12 });
  assertArrayAlmostEquals(isi.index as number[], nan(r.isi_index), 1e-12);
  assertArrayAlmostEquals(isi.values, nan(r.isi.flat()), 0);
  assertArrayAlmostEquals(
    computeIsiDistribution(g, { bins: 12, logScale: true }).values,
    nan(r.isi_log.flat()),
    0,
  );
});

Deno.test("hand-checked: crosscorrelogram of two regular trains, discrete tuning curves", async () => {
  const { computeDiscreteTuningCurves } = await import("../../lib/process/tuning_curves.ts");
  // unit 1 fires 0.12 s after each spike of unit 0 (10 spikes at 1 s intervals)
  const t0 = Array.from({ length: 10 }, (_, i) => i + 1);
  const g = new TsGroup({ 0: new Ts({ t: t0 }), 1: new Ts({ t: t0.map((x) => x + 0.12) }) });
  // pynapple sizes the window with Python's float floor division: 0.7 // 0.1 = 6 (+1 = 7 bins),
  // while 0.6 // 0.1 = 5 (not 6)
  assertEquals(computeCrosscorrelogram(g, 0.1, 0.3).index.length, 5);
  const cc = computeCrosscorrelogram(g, 0.1, 0.35, { norm: false });
  // 7 bins of 0.1 s centred on 0: the 0.12 s lag falls in bin [0.05, 0.15) centred on 0.1
  assertArrayAlmostEquals(cc.index as number[], [-0.3, -0.2, -0.1, 0, 0.1, 0.2, 0.3], 1e-12);
  assertArrayAlmostEquals(cc.column([0, 1]), [0, 0, 0, 0, 10, 0, 0], 1e-12);
  const tc = computeDiscreteTuningCurves(g, {
    b: new IntervalSet({ start: [0], end: [5] }),
    a: new IntervalSet({ start: [5.5], end: [10.5] }),
  });
  assertEquals([...tc.index], ["a", "b"]);
  // a: spikes 6..10 of unit 0 (5 in 5 s) and 6.12..10.12 of unit 1 (5); b: 1..5 (5) and 1.12..4.12 (4)
  assertEquals(Array.from(tc.values), [1, 1, 1, 0.8]);
  // numeric keys sort numerically (np.sort of ints), also from a record's "2", "10"
  const byNumber = computeDiscreteTuningCurves(g, {
    10: new IntervalSet({ start: [5.5], end: [10.5] }),
    2: new IntervalSet({ start: [0], end: [5] }),
  });
  assertEquals([...byNumber.index], [2, 10]);
  assertEquals(byNumber.loc(10, 1), 1);
});
