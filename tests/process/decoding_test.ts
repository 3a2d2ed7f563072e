// Bayesian decoding against pynapple 0.9.2: probabilities to 1e-9 and identical decoded
// positions, on random tuning curves and spike trains and on the units_session NWB fixture, with
// compute1d/2dTuningCurves' results passed as they come.
import { assertClose, assertEquals, assertThrows, TESTDATA } from "../assert.ts";
import { seeded } from "../random.ts";
import { NappleError } from "../../lib/errors.ts";
import { NDArray } from "../../lib/array/ndarray.ts";
import { IntervalSet } from "../../lib/core/interval_set.ts";
import { Ts, Tsd, type TsdFrame, TsdTensor } from "../../lib/core/time_series.ts";
import { TsGroup } from "../../lib/core/ts_group.ts";
import { NWBFile } from "../../lib/io/nwb/nwbfile.ts";
import { decode1d, decode2d } from "../../lib/process/decoding.ts";
import { LabeledTable } from "../../lib/process/table.ts";
import { compute1dTuningCurves, compute2dTuningCurves } from "../../lib/process/tuning_curves.ts";
import { flat, pynappleValues } from "../oracle/client.ts";

const rnd = seeded(3);
const NB = 12, NU = 6;
const centres = Array.from({ length: NB }, (_, i) => 0.5 + i);
const tcValues = Array.from(
  { length: NB },
  () => Array.from({ length: NU }, () => 0.5 + rnd() * 20),
);
const spikes: number[][] = Array.from({ length: NU }, () => {
  const n = 50 + Math.floor(rnd() * 200);
  return Array.from({ length: n }, () => Math.round(rnd() * 100 * 1e6) / 1e6).sort((a, b) => a - b);
});
const featT = Array.from({ length: 2000 }, (_, i) => i * 0.05);
const featD = featT.map(() => rnd() * 12);
const ep = new IntervalSet({ start: [0, 60], end: [40, 99.5] });
const keys = [0, 3, 4, 7, 8, 11];

function group(): TsGroup {
  const m = new Map<number, Ts>();
  keys.forEach((k, i) => m.set(k, new Ts({ t: spikes[i] })));
  return new TsGroup(m, { timeSupport: new IntervalSet({ start: 0, end: 100 }) });
}

Deno.test("decode1d matches pynapple on random tuning curves (flat prior, feature prior, ms)", async () => {
  const ref = await pynappleValues<Record<string, unknown[]>>(
    `
import pandas as pd
tc = pd.DataFrame(np.array(inp["tc"]), index=np.array(inp["centres"]), columns=inp["keys"])
g = nap.TsGroup({k: nap.Ts(t=np.array(s)) for k, s in zip(inp["keys"], inp["spikes"])}, time_support=nap.IntervalSet(0, 100))
ep = nap.IntervalSet(start=[0, 60], end=[40, 99.5])
feat = nap.Tsd(t=np.array(inp["ft"]), d=np.array(inp["fd"]))
d1, p1 = nap.decode_1d(tc, g, ep, 0.2)
d2, p2 = nap.decode_1d(tc, g, ep, 300, time_units="ms", feature=feat)
counts = g.count(0.5, ep)
d3, p3 = nap.decode_1d(tc, counts, ep, 0.5)
out = {"flat": [d1.t, d1.values, p1.values, list(p1.columns)],
       "feat": [d2.t, d2.values, p2.values],
       "counts": [d3.t, d3.values, p3.values]}
`,
    { tc: tcValues, centres, keys, spikes, ft: featT, fd: featD },
  );
  const tc = new LabeledTable(centres, keys, flat(tcValues), { floatIndex: true });
  const g = group();
  const cases: Array<[string, [Tsd, TsdFrame]]> = [
    ["flat", decode1d(tc, g, ep, 0.2)],
    [
      "feat",
      decode1d(tc, g, ep, 300, { timeUnits: "ms", feature: new Tsd({ t: featT, d: featD }) }),
    ],
    ["counts", decode1d(tc, g.count(0.5, ep), ep, 0.5)],
  ];
  for (const [name, [decoded, proba]] of cases) {
    const [t, d, p] = ref[name];
    assertClose(decoded.t, flat(t), 1e-12, `${name} t`);
    assertEquals(
      Array.from(decoded.values as Float64Array),
      Array.from(flat(d)),
      `${name} decoded`,
    );
    assertClose(proba.toNDArray().data as Float64Array, flat(p), 1e-9, `${name} p`, 1e-12);
    assertEquals(proba.columns, centres);
    assertEquals(decoded.timeSupport.start, ep.start);
  }
});

Deno.test("decode1d and decode2d on the units_session NWB fixture, tuning curves as they come", async () => {
  const path = `${TESTDATA}nwb/units_session.nwb`;
  const ref = await pynappleValues<Record<string, unknown[]>>(
    `
data = nap.load_file(inp["path"])
units, pos = data["units"], data["position"]
ep = nap.IntervalSet(start=[pos.t[0]], end=[pos.t[-1]])
tc = nap.compute_1d_tuning_curves(units, pos["x"], 10)
d1, p1 = nap.decode_1d(tc, units, ep, 0.1, feature=pos["x"])
tc2, xy = nap.compute_2d_tuning_curves(units, pos, 6)
d2, p2 = nap.decode_2d(tc2, units, ep, 0.1, xy, features=pos)
out = {"tc": [tc.values], "d1": [d1.values, p1.values], "d2": [d2.values, p2, list(d2.columns)]}
`,
    { path },
  );
  const nwb = new NWBFile(path);
  try {
    const units = nwb.get("units") as TsGroup;
    const pos = nwb.get("position") as TsdFrame;
    const ep = new IntervalSet({ start: pos.t[0], end: pos.t[pos.length - 1] });
    const tc = compute1dTuningCurves(units, pos.column("x"), 10);
    assertClose(tc.values, flat(ref.tc[0]), 1e-9, "tuning curves");
    const [d1, p1] = decode1d(tc, units, ep, 0.1, { feature: pos.column("x") });
    assertEquals(Array.from(d1.values as Float64Array), Array.from(flat(ref.d1[0])));
    assertClose(p1.toNDArray().data as Float64Array, flat(ref.d1[1]), 1e-9, "p1", 1e-12);
    const tc2 = compute2dTuningCurves(units, pos, 6);
    const [d2, p2] = decode2d(tc2, units, ep, 0.1, { features: pos });
    assertEquals(d2.columns, ref.d2[2]);
    assertEquals(Array.from(d2.toNDArray().data as Float64Array), Array.from(flat(ref.d2[0])));
    assertEquals(p2 instanceof TsdTensor, true);
    assertEquals([...p2.shape], [d2.length, 6, 6]);
    assertClose(p2.toNDArray().data as Float64Array, flat(ref.d2[1]), 1e-9, "p2", 1e-12);
  } finally {
    nwb.close();
  }
});

Deno.test("decode1d with unvisited (NaN) bins skips them like decode_2d, where pynapple's 1-D gives NaN", async () => {
  const withNaN = tcValues.map((r, i) => i === 4 ? r.map(() => NaN) : r);
  const ref = await pynappleValues<Record<string, unknown>>(
    `
import pandas as pd
tc = pd.DataFrame(np.array(inp["tc"], dtype=float), index=np.array(inp["centres"]), columns=inp["keys"])
g = nap.TsGroup({k: nap.Ts(t=np.array(s)) for k, s in zip(inp["keys"], inp["spikes"])}, time_support=nap.IntervalSet(0, 100))
ep = nap.IntervalSet(0, 40)
d, p = nap.decode_1d(tc, g, ep, 0.2)
# the same posterior with NaN ignored (decode_2d's nansum / nanprod), written out
ct = g.count(0.2, ep).values
t = tc.values
q = np.exp(-0.2 * np.nansum(t, 1)) * (1 / len(t)) * np.nanprod(t[None, :, :] ** ct[:, None, :], -1)
q = q / q.sum(1)[:, None]
out = {"pynapple_all_nan": bool(np.all(np.isnan(p.values))), "nan_ignored": q}
`,
    { tc: withNaN.map((r) => r.map((v) => Number.isNaN(v) ? null : v)), centres, keys, spikes },
  );
  assertEquals(ref.pynapple_all_nan, true);
  const tc = new LabeledTable(centres, keys, flat(withNaN), { floatIndex: true });
  const [, p] = decode1d(tc, group(), new IntervalSet({ start: 0, end: 40 }), 0.2);
  assertClose(p.toNDArray().data as Float64Array, flat(ref.nan_ignored), 1e-9, "p", 1e-12);
});

Deno.test("decoding errors speak of napple objects", () => {
  const tc = new LabeledTable(centres, keys, flat(tcValues), { floatIndex: true });
  assertThrows(() => decode1d(tc, [] as unknown as TsGroup, ep, 0.2), NappleError, "TsGroup");
  const wrongKeys = new LabeledTable(centres, [0, 1, 2, 3, 4, 5], flat(tcValues));
  assertThrows(() => decode1d(wrongKeys, group(), ep, 0.2), NappleError, "Different indices");
  assertThrows(() => decode1d(tc, group(), ep, -1), NappleError, "binSize");
  const map = new Map([[0, new NDArray(new Float64Array(4), [2, 2])]]);
  assertThrows(() => decode2d(map, group(), ep, 0.2), NappleError, "xy");
  assertThrows(
    () => decode2d({} as unknown as Map<number, NDArray>, group(), ep, 0.2),
    NappleError,
    "compute2dTuningCurves",
  );
});
