import { assertArrayAlmostEquals, assertEquals, assertThrows } from "../assert.ts";
import { NappleError } from "../../lib/errors.ts";
import { IntervalSet } from "../../lib/core/interval_set.ts";
import { compute1dTuningCurves } from "../../lib/process/tuning_curves.ts";
import type { LabeledTable } from "../../lib/process/table.ts";
import type { UnitGroup } from "../../lib/process/inputs.ts";
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
    () => compute1dTuningCurves({} as unknown as UnitGroup, f, 10),
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
