// The analysis goldens again, with inputs from napple's own loaders (npz and NWB, lazy and in
// memory) instead of the fixture JSON / h5py: the whole pipeline against pynapple 0.9.2.
import { assert, assertArrayAlmostEquals, assertEquals, TESTDATA } from "../assert.ts";
import type { NDArray } from "../../lib/array/ndarray.ts";
import type { Tsd, TsdFrame } from "../../lib/core/time_series.ts";
import type { TsGroup } from "../../lib/core/ts_group.ts";
import { loadFile } from "../../lib/io/load_file.ts";
import type { NWBFile } from "../../lib/io/nwb/nwbfile.ts";
import { compute1dTuningCurves } from "../../lib/process/tuning_curves.ts";
import { computeEventTriggerAverage } from "../../lib/process/perievent.ts";
import { IntervalSet } from "../../lib/core/interval_set.ts";
import { analysisGolden, type GoldenTable } from "./fixtures.ts";

const flat = (x: unknown) => (x as unknown[]).flat(Infinity as 1) as number[];

Deno.test("tuning_eta_npz goldens from npz files loaded by napple", () => {
  const res = analysisGolden("tuning_eta_npz");
  const group = loadFile(`${TESTDATA}npz/tsgroup_ts_metadata.npz`) as TsGroup;
  const feature = loadFile(`${TESTDATA}npz/tsd_float64.npz`) as Tsd;
  const tc = compute1dTuningCurves(group, feature, 10);
  const g = res.tc_default as GoldenTable;
  assertArrayAlmostEquals(tc.index as number[], g.index, 1e-12);
  assertArrayAlmostEquals(tc.values, g.values.flat(), 1e-9);
  const eta = computeEventTriggerAverage(group, feature, 0.5, 2.0);
  const ge = res.eta_tsd as { values: unknown };
  assertArrayAlmostEquals((eta.values as NDArray).data as Float64Array, flat(ge.values), 1e-12);
});

for (const lazyLoading of [true, false]) {
  Deno.test(`tuning_eta_units_session goldens from the NWB file (lazyLoading: ${lazyLoading})`, () => {
    const res = analysisGolden("tuning_eta_units_session");
    const nwb = loadFile(`${TESTDATA}nwb/units_session.nwb`, { lazyLoading }) as NWBFile;
    const units = nwb.get("units") as TsGroup;
    const position = nwb.get("position") as TsdFrame;
    assertEquals(position.isLazy, lazyLoading);
    const x = position.column("x");
    for (
      const [key, opts] of [
        ["tc_default", {}],
        ["tc_ep_minmax", { ep: new IntervalSet({ start: [0], end: [100] }), minmax: [0, 100] }],
      ] as const
    ) {
      const tc = compute1dTuningCurves(units, x, 10, { ...opts, progress: false });
      const g = res[key] as GoldenTable;
      assertArrayAlmostEquals(tc.index as number[], g.index, 1e-12, key);
      assertEquals([...tc.columns], g.columns);
      assertArrayAlmostEquals(tc.values, g.values.flat(), 1e-9, key);
    }
    const eta = computeEventTriggerAverage(units, position, 0.2, [1, 1], {
      batchSize: 1 << 14,
      progress: false,
    });
    const ge = res.eta_frame as { values: unknown; shape: number[] };
    assertEquals([...eta.shape], ge.shape);
    assertArrayAlmostEquals((eta.values as NDArray).data as Float64Array, flat(ge.values), 1e-12);
    assert(eta.timeSupport.start[0] === -1 && eta.timeSupport.end[0] === 1);
  });
}
