import { assert, assertArrayAlmostEquals, assertEquals, assertThrows } from "../assert.ts";
import { NappleError } from "../../lib/errors.ts";
import { IntervalSet } from "../../lib/core/interval_set.ts";
import { compute1dTuningCurves } from "../../lib/process/tuning_curves.ts";
import type { LabeledTable } from "../../lib/process/table.ts";
import type { TsGroup } from "../../lib/core/ts_group.ts";
import {
  analysisGolden,
  type GoldenTable,
  groupFromGolden,
  positionFromNwb,
  tsdFromGolden,
} from "./fixtures.ts";

function assertTable(actual: LabeledTable, golden: GoldenTable, msg: string): void {
  assertArrayAlmostEquals(actual.index as number[], golden.index, 1e-12, `${msg} index`);
  assertEquals([...actual.columns], golden.columns, `${msg} columns`);
  assertArrayAlmostEquals(actual.values, golden.values.flat(), 1e-9, `${msg} values`);
}

Deno.test("compute1dTuningCurves matches pynapple 0.9.2 on the npz fixtures", () => {
  const res = analysisGolden("tuning_eta_npz");
  const tc = compute1dTuningCurves(
    groupFromGolden("tsgroup_ts_metadata"),
    tsdFromGolden("tsd_float64"),
    10,
  );
  assertTable(tc, res.tc_default as GoldenTable, "tc_default");
});

Deno.test("compute1dTuningCurves matches pynapple 0.9.2 on units_session.nwb (default, ep+minmax)", () => {
  const res = analysisGolden("tuning_eta_units_session");
  const units = groupFromGolden("tsgroup_from_nwb_units");
  const x = positionFromNwb().column("x");
  assertTable(compute1dTuningCurves(units, x, 10), res.tc_default as GoldenTable, "tc_default");
  const tc = compute1dTuningCurves(units, x, 10, {
    ep: new IntervalSet({ start: [0], end: [100] }),
    minmax: [0, 100],
  });
  assertTable(tc, res.tc_ep_minmax as GoldenTable, "tc_ep_minmax");
});

Deno.test("compute1dTuningCurves refuses a non-group and a 2-column feature", () => {
  const f = tsdFromGolden("tsd_float64");
  assertThrows(
    () => compute1dTuningCurves({} as unknown as TsGroup, f, 10),
    NappleError,
    "group should be a TsGroup",
  );
  const units = groupFromGolden("tsgroup_ts_metadata");
  assertThrows(
    () => compute1dTuningCurves(units, positionFromNwb(), 10),
    NappleError,
    "1 column only",
  );
});

Deno.test("tuning curves over lazy data, read in tiny batches, equal the in-memory results", async () => {
  const { InMemoryLazyArray } = await import("../../lib/array/lazy.ts");
  const { NDArray } = await import("../../lib/array/ndarray.ts");
  const { Tsd, TsdFrame } = await import("../../lib/core/time_series.ts");
  const {
    compute1dTuningCurvesContinuous,
    compute2dTuningCurves,
    compute2dTuningCurvesContinuous,
  } = await import("../../lib/process/tuning_curves.ts");
  const units = groupFromGolden("tsgroup_from_nwb_units");
  const pos = positionFromNwb();
  const xy = pos.values as InstanceType<typeof NDArray>;
  const lazyLa = new InMemoryLazyArray(xy);
  const lazyPos = new TsdFrame({ t: pos.t, d: lazyLa, columns: ["x", "y"] });
  const x = pos.column("x");
  const lazyX = new Tsd({
    t: x.t,
    d: new InMemoryLazyArray(NDArray.from(x.values as Float64Array)),
  });
  const o = { batchSize: 800, progress: false };
  const ep = new IntervalSet({ start: [5, 120], end: [80, 190] });
  const a = compute1dTuningCurves(units, x, 12, { ep });
  const b = compute1dTuningCurves(units, lazyX, 12, { ep, ...o });
  assertEquals(Array.from(b.values), Array.from(a.values));
  const c2 = compute2dTuningCurves(units, pos, 5, { ep });
  const l2 = compute2dTuningCurves(units, lazyPos, 5, { ep, ...o });
  for (const k of c2.tc.keys()) {
    assertEquals(
      Array.from(l2.tc.get(k)!.data as Float64Array),
      Array.from(c2.tc.get(k)!.data as Float64Array),
    );
  }
  assert(lazyLa.stats.reads > 20, `batched reads: ${lazyLa.stats.reads}`);
  const cc = compute1dTuningCurvesContinuous(pos, x, 9, { ep });
  const lc = compute1dTuningCurvesContinuous(lazyPos, lazyX, 9, { ep, ...o });
  assertEquals(Array.from(lc.values), Array.from(cc.values));
  assertEquals([...lc.columns], ["x", "y"]);
  const c2c = compute2dTuningCurvesContinuous(pos, pos, [4, 3]);
  const l2c = compute2dTuningCurvesContinuous(lazyPos, lazyPos, [4, 3], o);
  assertEquals(
    Array.from(l2c.tc.get("y")!.data as Float64Array),
    Array.from(c2c.tc.get("y")!.data as Float64Array),
  );
  // x against (x, y) bins: the mean of x in a bin lies inside that bin's x range
  const xs = c2c.xy[0];
  const tcx = c2c.tc.get("x")!;
  for (let i = 0; i < 4; i++) {
    const v = tcx.data[i * 3] as number;
    if (!Number.isNaN(v) && v !== 0) assert(Math.abs(v - xs[i]) <= (xs[1] - xs[0]) / 2 + 1e-9);
  }
});
