/**
 * Files written here with h5py, covering what the shared fixtures do not: extension types
 * resolved through the cached specifications (including an extension of an extension),
 * electrode labels, electrode / ROI regions that are not the first rows, a table with several
 * `_times` columns (a record of Ts), soft links (listed once, under their real parent).
 */
import { assert, assertEquals, TESTDATA } from "../../assert.ts";
import { NWBFile } from "../../../lib/io/nwb/nwbfile.ts";
import type { IntervalSet } from "../../../lib/core/interval_set.ts";
import { type Ts, Tsd, TsdFrame } from "../../../lib/core/time_series.ts";
import type { TsGroup } from "../../../lib/core/ts_group.ts";
import { collectWarnings } from "../../../lib/warnings.ts";
import { runPython, SKIP_H5PY } from "../python_client.ts";
import { H5PY_NWB_PRELUDE } from "./h5py_nwb.ts";

const WRITER = `${H5PY_NWB_PRELUDE}
spec = {"groups": [
  {"neurodata_type_def": "LabeledSeries", "neurodata_type_inc": "TimeSeries", "doc": "x"},
  {"neurodata_type_def": "SubLabeledSeries", "neurodata_type_inc": "LabeledSeries", "doc": "x"},
  {"neurodata_type_def": "SortedUnits", "neurodata_type_inc": "Units", "doc": "x"},
  {"neurodata_type_def": "Container2", "neurodata_type_inc": "NWBDataInterface", "doc": "x",
   "groups": [{"neurodata_type_def": "NestedEpochs", "neurodata_type_inc": "TimeIntervals", "doc": "x"}]}]}
sp = f.create_group("specifications/ndx-test/0.1.0")
sp.create_dataset("namespace", data=json.dumps({"namespaces": [{"name": "ndx-test", "schema": [{"source": "ndx-test.extensions"}]}]}), dtype=str_t)
sp.create_dataset("ndx-test.extensions", data=json.dumps(spec), dtype=str_t)

el = typed(f.create_group("general/extracellular_ephys/electrodes"), "DynamicTable", "el", "hdmf-common")
el.attrs["colnames"] = np.array(["label"], dtype=object)
el.create_dataset("id", data=np.array([10, 11, 12, 13, 14]))
el.create_dataset("label", data=np.array(["a", "b", "c", "d", "e"], dtype=object), dtype=str_t)

def series(parent, name, t, oid, data, ns="core"):
    g = typed(parent.create_group(name), t, oid, ns)
    g.create_dataset("data", data=data)
    g.create_dataset("timestamps", data=np.arange(data.shape[0]) * 0.5)
    return g

acq = f.create_group("acquisition")
es = series(acq, "es", "ElectricalSeries", "es-id", np.arange(30.0).reshape(10, 3))
reg = es.create_dataset("electrodes", data=np.array([3, 1, 4]))
reg.attrs["table"] = el.ref
series(acq, "labeled", "LabeledSeries", "lab-id", np.arange(8.0), "ndx-test")
series(acq, "sub", "SubLabeledSeries", "sub-id", np.arange(6.0).reshape(3, 2), "ndx-test")
acq["linked"] = h5py.SoftLink("/acquisition/labeled")
shared = typed(acq.create_group("shared_ts"), "TimeSeries", "shared-id")
shared.create_dataset("data", data=np.arange(8.0) * 2)
shared["timestamps"] = h5py.SoftLink("/acquisition/labeled/timestamps")

ophys = typed(f.create_group("processing/ophys"), "ProcessingModule", "ophys")
ps = typed(ophys.create_group("ImageSegmentation/plane"), "PlaneSegmentation", "ps")
typed(ophys["ImageSegmentation"], "ImageSegmentation", "is")
ps.create_dataset("id", data=np.array([100, 101, 102, 103, 104, 105]))
rrs = series(ophys, "rrs", "RoiResponseSeries", "rrs-id", np.arange(8.0).reshape(4, 2))
roi = rrs.create_dataset("rois", data=np.array([3, 5]))
roi.attrs["table"] = ps.ref

ev = typed(f.create_group("processing/events"), "ProcessingModule", "events")
tab = typed(ev.create_group("two_times"), "DynamicTable", "tt", "hdmf-common")
tab.attrs["colnames"] = np.array(["on_times", "off_times"], dtype=object)
tab.create_dataset("id", data=np.arange(3))
tab.create_dataset("on_times", data=np.array([1.0, 2.0, 3.0]))
tab.create_dataset("off_times", data=np.array([1.5, 2.5, 3.5]))
c2 = typed(ev.create_group("holder"), "Container2", "c2", "ndx-test")
ne = typed(c2.create_group("nested_epochs"), "NestedEpochs", "ne", "ndx-test")
ne.attrs["colnames"] = np.array(["start_time", "stop_time", "score"], dtype=object)
ne.create_dataset("id", data=np.arange(2))
ne.create_dataset("start_time", data=np.array([0.0, 10.0]))
ne.create_dataset("stop_time", data=np.array([5.0, 20.0]))
ne.create_dataset("score", data=np.array([0.5, 0.25]))
ne.attrs["colnames"] = np.array(["start_time", "stop_time", "score", "timeseries"], dtype=object)
tsr = np.dtype([("idx_start", "<i4"), ("count", "<i4"), ("timeseries", h5py.ref_dtype)])
refs = np.array([(0, 5, acq["labeled"].ref), (5, 3, acq["labeled"].ref), (0, 2, acq["es"].ref)], dtype=tsr)
ne.create_dataset("timeseries", data=refs)
ne.create_dataset("timeseries_index", data=np.array([1, 3]))

u = typed(f.create_group("units"), "SortedUnits", "units-id", "ndx-test")
u.attrs["colnames"] = np.array(["spike_times", "quality", "good"], dtype=object)
u.create_dataset("id", data=np.array([7, 3]))
u.create_dataset("spike_times", data=np.array([0.1, 0.2, 0.3, 1.0, 2.0]))
u.create_dataset("spike_times_index", data=np.array([3, 5]))
u.create_dataset("quality", data=np.array([0.9, 0.4]))
u.create_dataset("good", data=np.array([True, False]))
f.close()
`;

Deno.test({
  name: "nwb h5py-written file: extension types, labels, regions, record of Ts, soft links",
  ignore: SKIP_H5PY,
  fn() {
    const dir = Deno.makeTempDirSync({ prefix: "napple_nwb_ext_" });
    try {
      const path = `${dir}/ext.nwb`;
      runPython(WRITER, path);
      using nwb = new NWBFile(path);
      // root children: acquisition, processing (events, ophys), electrodes, units; walked
      // last-first. The soft link /acquisition/linked is not listed a second time.
      assertEquals(nwb.view, [
        ["units", "TsGroup"],
        ["rrs", "TsdFrame"],
        ["two_times", "Ts"],
        ["nested_epochs", "IntervalSet"],
        ["sub", "TsdFrame"],
        ["shared_ts", "Tsd"],
        ["labeled", "Tsd"],
        ["es", "TsdFrame"],
      ]);
      assertEquals(nwb.keyToFullPath.nested_epochs, "/events/holder/nested_epochs");
      assertEquals(nwb.keyToId.labeled, "lab-id");

      const es = nwb.get("es") as TsdFrame;
      assertEquals([...es.columns], ["d", "b", "e"]); // labels of rows 3, 1, 4
      const rrs = nwb.get("rrs") as TsdFrame;
      assertEquals([...rrs.columns], [103, 105]); // ids of the referenced ROIs (pynapple: 100, 101)
      assert(nwb.get("sub") instanceof TsdFrame && nwb.get("labeled") instanceof Tsd);
      // timestamps shared through a soft link (as pynwb writes timestamps=other_series)
      assertEquals(
        Array.from((nwb.get("shared_ts") as Tsd).t),
        Array.from((nwb.get("labeled") as Tsd).t),
      );

      const two = nwb.get("two_times") as unknown as Record<string, Ts>;
      assertEquals(Object.keys(two), ["on_times", "off_times"]);
      assertEquals(Array.from(two.off_times.t), [1.5, 2.5, 3.5]);

      const ep = nwb.get("nested_epochs") as IntervalSet;
      assertEquals(Array.from(ep.end), [5, 20]);
      assertEquals(ep.metadata.get("score").values, [0.5, 0.25]);
      // a ragged compound column with object references: rows of [idx_start, count, path]
      assertEquals(ep.metadata.get("timeseries").values, [
        [[0, 5, "/acquisition/labeled"]],
        [[5, 3, "/acquisition/labeled"], [0, 2, "/acquisition/es"]],
      ]);

      const units = nwb.get("units") as TsGroup;
      assertEquals([...units.keys()], [3, 7]);
      assertEquals(Array.from(units.get(7)!.t), [0.1, 0.2, 0.3]);
      // metadata follows the ids (file order is 7, 3); the bool column is dropped
      assertEquals(units.metadata.columns, ["rate", "quality"]);
      assertEquals(units.metadata.get("quality").values, [0.4, 0.9]);
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

Deno.test("nwb lazyLoading false: same values, in memory, no warning", () => {
  const { result: nwb, warnings } = collectWarnings(() =>
    new NWBFile(`${TESTDATA}nwb/timeseries_1d_2d_3d.nwb`, { lazyLoading: false })
  );
  try {
    assertEquals(warnings, []);
    for (const key of nwb.keys()) {
      const o = nwb.get(key) as Tsd;
      assert(!o.isLazy, key);
    }
  } finally {
    nwb.close();
  }
});

Deno.test("nwb from an h5wasm File opened by the caller (left open by close)", async () => {
  const h5wasm = await import("h5wasm/node");
  await h5wasm.ready;
  const f = new h5wasm.File(`${TESTDATA}nwb/units_session.nwb`, "r");
  try {
    const nwb = new NWBFile(f);
    assertEquals(nwb.keys(), ["units", "epochs", "position"]);
    assertEquals(nwb.name, "units_session");
    nwb.close();
    assert(f.keys().includes("units"), "the caller's file is still open");
  } finally {
    f.close();
  }
});
