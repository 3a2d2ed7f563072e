/**
 * The NWB entries of docs/differences.md, checked against pynapple 0.9.2 as differences: pynwb
 * writes a file that shows each one, pynapple reads it in the oracle process, napple reads it
 * here, and the test asserts pynapple's documented behaviour AND napple's.
 */

import * as nap from "../../mod.ts";
import { assert, assertEquals } from "../assert.ts";
import { needsPython } from "../io/python_client.ts";
import type { Canon } from "./canon.ts";
import { Oracle, ORACLE_MODULES } from "./client.ts";

/** pynwb: a RoiResponseSeries over ROIs 3, 5, 9 and a table whose ragged column is `event_times`. */
const WRITE = (path: string) => `
import datetime, warnings
warnings.simplefilter("ignore")
from pynwb import NWBFile, NWBHDF5IO
from pynwb.ophys import OpticalChannel, ImageSegmentation, RoiResponseSeries, Fluorescence
from hdmf.common import DynamicTable
nwb = NWBFile(session_description="oracle", identifier="oracle",
              session_start_time=datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc))
device = nwb.create_device(name="Microscope")
channel = OpticalChannel(name="oc", description="d", emission_lambda=500.0)
plane = nwb.create_imaging_plane(name="ip", optical_channel=channel, imaging_rate=30.0,
                                 description="d", device=device, excitation_lambda=600.0,
                                 indicator="GFP", location="V1")
ophys = nwb.create_processing_module(name="ophys", description="d")
seg = ImageSegmentation()
ophys.add(seg)
ps = seg.create_plane_segmentation(name="ps", description="d", imaging_plane=plane)
for i in range(10):
    ps.add_roi(image_mask=np.zeros((4, 4)))
region = ps.create_roi_table_region(region=[3, 5, 9], description="three rois")
ophys.add(Fluorescence(roi_response_series=RoiResponseSeries(
    name="rrs", data=np.arange(12.0).reshape(4, 3), rois=region, unit="lumens", rate=30.0)))
events = nwb.create_processing_module(name="behavior", description="d")
table = DynamicTable(name="events", description="d")
table.add_column(name="event_times", description="times", index=True)
table.add_row(event_times=[1.0, 2.0, 3.5])
table.add_row(event_times=[0.5, 4.0])
events.add(table)
with NWBHDF5IO(${JSON.stringify(path)}, "w") as io:
    io.write(nwb)
out = None
`;

/** What pynapple makes of the file: the rrs columns, the events object, a missing key. */
const READ = (path: string) => `
import warnings
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    f = nap.load_file(${JSON.stringify(path)})
    events = f["events"]
try:
    f["nope"]
    missing = None
except KeyError as e:
    missing = "KeyError: " + str(e.args[0])
out = {"columns": f["rrs"].columns.values, "events": type(events).__name__,
       "warned": [str(w.message) for w in caught], "missing": missing}
`;

const CORRUPT = (path: string) => `
try:
    nap.load_file(${JSON.stringify(path)})
    out = None
except Exception as e:
    out = type(e).__name__
`;

function entry(c: Canon, key: string): Canon {
  assert(c.kind === "map", "pynapple's answer is a dict");
  const e = c.entries.find(([k]) => JSON.stringify(k) === JSON.stringify({ $s: key }));
  assert(e, `no ${key} in pynapple's answer`);
  return e[1];
}

Deno.test({
  name: "NWB differences from pynapple (docs/differences.md) hold against pynapple 0.9.2",
  ignore: needsPython(...ORACLE_MODULES),
}, async (t) => {
  const oracle = await Oracle.start();
  const dir = await Deno.makeTempDir();
  const path = `${dir}/differences.nwb`;
  try {
    const written = await oracle.run(WRITE(path), [100, 30]);
    assert(!written.error, `pynwb could not write the file: ${JSON.stringify(written.error)}`);
    const a = await oracle.run(READ(path), [100, 30]);
    assert(a.ok, `pynapple could not read the file: ${JSON.stringify(a.error ?? a.crash)}`);
    using nwb = new nap.NWBFile(path);

    await t.step("RoiResponseSeries columns: pynapple 0, 1, 2; napple the ROI ids 3, 5, 9", () => {
      assertEquals(entry(a.ok!, "columns"), {
        kind: "array",
        dtype: "int64",
        shape: [3],
        v: [0, 1, 2],
      });
      assertEquals([...(nwb.get("rrs") as nap.TsdFrame).columns], [3, 5, 9]);
    });

    await t.step(
      "a table whose ragged column is event_times: pynapple gives up, napple reads it",
      () => {
        const ev = entry(a.ok!, "events");
        assertEquals(ev, { kind: "scalar", v: { $s: "DynamicTable" } });
        const warned = entry(a.ok!, "warned");
        assert(
          warned.kind === "list" &&
            warned.items.some((w) => JSON.stringify(w).includes("Failed to build TsGroup")),
          "pynapple no longer warns that it failed to build the TsGroup",
        );
        const g = nwb.get("events") as nap.TsGroup;
        assert(g instanceof nap.TsGroup, "napple does not build a TsGroup");
        assertEquals([...g.get(0).t], [1, 2, 3.5]);
        assertEquals([...g.get(1).t], [0.5, 4]);
      },
    );

    await t.step(
      "a missing key: pynapple's KeyError message (with the file), then close keys",
      () => {
        const missing = entry(a.ok!, "missing");
        assert(missing.kind === "scalar" && typeof missing.v === "object" && missing.v !== null);
        const theirs = (missing.v as { $s: string }).$s.replace(/^KeyError: /, "");
        let err: unknown;
        try {
          nwb.get("nope");
        } catch (e) {
          err = e;
        }
        assert(err instanceof nap.NappleError && err.code === "KEY_NOT_FOUND", "no KEY_NOT_FOUND");
        // napple names the file first, as every napple error about a file does
        assert(err.message.includes(theirs), `"${err.message}" does not hold "${theirs}"`);
      },
    );

    await t.step("a truncated file: pynapple raises, napple raises a NappleError", async () => {
      const bytes = await Deno.readFile(path);
      const bad = `${dir}/truncated.nwb`;
      await Deno.writeFile(bad, bytes.subarray(0, Math.floor(bytes.length / 2)));
      const b = await oracle.run(CORRUPT(bad), [100, 30]);
      assert(b.ok?.kind === "scalar" && b.ok.v !== null, "pynapple opens a truncated file");
      let err: unknown;
      try {
        new nap.NWBFile(bad).keys();
      } catch (e) {
        err = e;
      }
      assert(err instanceof nap.NappleError, `napple: ${err}`);
    });
  } finally {
    await oracle.close();
    await Deno.remove(dir, { recursive: true });
  }
});
