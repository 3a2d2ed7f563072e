// Bad input to the analysis functions gives a NappleError with a code and pynapple's message,
// never a raw TypeError.
import { assertEquals, assertThrows } from "../assert.ts";
import { NappleError } from "../../lib/errors.ts";
import { NDArray } from "../../lib/array/ndarray.ts";
import { IntervalSet } from "../../lib/core/interval_set.ts";
import { Ts, Tsd, TsdFrame } from "../../lib/core/time_series.ts";
import { TsGroup } from "../../lib/core/ts_group.ts";
import * as tc from "../../lib/process/tuning_curves.ts";
import * as cc from "../../lib/process/correlograms.ts";
import * as pe from "../../lib/process/perievent.ts";
import * as mi from "../../lib/process/mutual_info.ts";

const t = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const feature = new Tsd({ t, d: t });
const frame = new TsdFrame({ t, d: t.map((x) => [x, -x]) });
const group = new TsGroup({ 1: new Ts({ t: [1.5, 2.5, 7.2], timeSupport: feature.timeSupport }) });
// deno-lint-ignore no-explicit-any
const bad = (x: unknown): any => x;

function refuses(fn: () => unknown, includes: string, code = "INVALID_ARGUMENT"): void {
  const e = assertThrows(fn, NappleError, includes);
  assertEquals(e.code, code);
}

Deno.test("tuning-curve functions refuse bad input with pynapple's messages", () => {
  refuses(() => tc.compute1dTuningCurves(bad([1, 2]), feature, 4), "group should be a TsGroup");
  refuses(() => tc.compute1dTuningCurves(group, frame, 4), "1 column only");
  refuses(() => tc.compute1dTuningCurves(group, feature, 0), "nbBins");
  refuses(() => tc.compute1dTuningCurves(group, feature, 4, { minmax: bad([0]) }), "minmax");
  refuses(() => tc.compute1dTuningCurves(group, feature, 4, { ep: bad([0, 1]) }), "IntervalSet");
  refuses(() => tc.compute2dTuningCurves(group, bad(feature), 4), "TsdFrame with 2 columns");
  refuses(() => tc.compute2dTuningCurves(group, frame, bad([1, 2, 3])), "nb_bins");
  refuses(() => tc.compute1dTuningCurvesContinuous(bad(group), feature, 3), "Tsd or TsdFrame");
  refuses(
    () => tc.computeDiscreteTuningCurves(group, bad({ a: [0, 1] })),
    "should contain only IntervalSet",
  );
});

Deno.test("correlograms, perievent and mutual information refuse bad input", () => {
  refuses(
    () => cc.computeAutocorrelogram(bad({}), 0.1, 1),
    "Parameter group must be of type TsGroup",
  );
  refuses(() => cc.computeAutocorrelogram(group, -1, 1), "binsize");
  refuses(
    () => cc.computeCrosscorrelogram(bad([group]), 0.1, 1),
    "tuple/list of (TsGroup, TsGroup)",
  );
  refuses(() => cc.computeEventcorrelogram(group, bad(feature.t), 0.1, 1), "event");
  refuses(() => cc.computeIsiDistribution(group, { bins: 0 }), "`bins` must be positive");
  refuses(() => cc.computeIsiDistribution(group, { bins: [3, 1, 2] }), "increase monotonically");
  refuses(() => pe.computePerievent(group, bad([1, 2]), 1), "tref should be a Ts or Tsd");
  refuses(() => pe.computePerievent(bad(frame), new Ts({ t: [1] }), 1), "data should be a Ts");
  refuses(() => pe.computeEventTriggerAverage(group, feature, 0.5, bad([1, 2, 3])), "windowsize");
  refuses(
    () => pe.computeEventTriggerAverage(group, feature, 0.5, 1, { timeUnits: bad("h") }),
    "time units",
  );
  refuses(() => mi.compute1dMutualInfo(bad([[1]]), feature), "tc should be of type");
  refuses(
    () => mi.compute1dMutualInfo(new NDArray(new Float64Array(8), [2, 2, 2]), feature),
    "2-D",
    "SHAPE_MISMATCH",
  );
  refuses(() => mi.compute2dMutualInfo(bad({}), frame), "compute2dTuningCurves returns");
  // sanity: valid calls on the same inputs work
  assertEquals(cc.computeAutocorrelogram(group, 0.5, 1).shape, [5, 1]);
  assertEquals(
    pe.computePerievent(group.get(1) as Ts, new Ts({ t: [2] }), 1).size,
    1,
  );
  assertEquals(
    tc.computeDiscreteTuningCurves(group, { a: new IntervalSet({ start: [0], end: [3] }) }).loc(
      "a",
      1,
    ),
    2 / 3,
  );
});
