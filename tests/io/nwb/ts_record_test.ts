// A table with several `_times` columns is a record of Ts (pynapple: a dict of Ts) that prints as
// Python prints that dict: {'key': <Ts repr>, ...}.
import { assert, assertEquals, assertStringIncludes, TESTDATA } from "../../assert.ts";
import { NWBFile } from "../../../lib/io/nwb/nwbfile.ts";
import { pyStrRepr, type TsRecord, tsRecord } from "../../../lib/io/nwb/ts_record.ts";
import { Ts } from "../../../lib/core/time_series.ts";
import { collectWarnings } from "../../../lib/warnings.ts";
import { runPython, SKIP_H5PY } from "../python_client.ts";

type Bundle = Record<string, string>;
const bundleOf = (x: object): Bundle =>
  (x as Record<symbol, () => Bundle>)[Symbol.for("Jupyter.display")]();

Deno.test("a TsRecord prints as Python's print of a dict of Ts", () => {
  const rec = tsRecord({
    lick_times: new Ts({ t: [0.5, 1, 2.25] }),
    "it's": new Ts({ t: [3, 4] }),
  });
  const text =
    "{'lick_times': Time (s)\n0.5\n1.0\n2.25\nshape: 3, \"it's\": Time (s)\n3.0\n4.0\nshape: 2}";
  assertEquals(rec.toString(), text);
  assertEquals(String(rec), text);
  assertEquals(`${rec}`, text);
  assertEquals(Deno.inspect(rec), text); // a few rows fit any terminal
  // still a plain record: keys, values and JSON-visible keys unchanged
  assertEquals(Object.keys(rec), ["lick_times", "it's"]);
  assert(rec.lick_times instanceof Ts);
  assertEquals(Object.keys(JSON.parse(JSON.stringify(rec))), ["lick_times", "it's"]);
  // Jupyter: the dict's text, and each Ts's HTML table under its key
  const b = bundleOf(rec);
  assertEquals(b["text/plain"], text);
  assertStringIncludes(b["text/html"], "<b>lick_times</b>");
  assertStringIncludes(b["text/html"], "<b>it&#39;s</b>");
  assertEquals(b["text/html"].split("<table").length - 1, 2);
  // A long Ts inside is cut as its own printout is, for the terminal size given.
  const long = tsRecord({
    a: new Ts({ t: Array.from({ length: 100 }, (_, i) => i) }),
    b: new Ts({ t: [1] }),
  });
  const t = long.toString({ columns: 80, rows: 24 });
  assertEquals(
    t,
    `{'a': ${long.a.toString({ columns: 80, rows: 24 })}, 'b': ${long.b.toString()}}`,
  );
  assertStringIncludes(t, "...");
});

Deno.test("pyStrRepr quotes as Python's repr(str)", () => {
  assertEquals(pyStrRepr("on_times"), "'on_times'");
  assertEquals(pyStrRepr("it's"), `"it's"`);
  assertEquals(pyStrRepr(`a"b`), `'a"b'`);
  assertEquals(pyStrRepr(`it's "x"`), `'it\\'s "x"'`);
  assertEquals(pyStrRepr("a\\b\n\t\x01"), "'a\\\\b\\n\\t\\x01'");
  assertEquals(pyStrRepr("café"), "'café'");
});

// lick_table of ignored_and_events.nwb with a second `_times` column added by h5py.
const ADD_COLUMN = `
import sys, shutil, h5py, numpy as np
shutil.copy(sys.argv[1], sys.argv[2])
with h5py.File(sys.argv[2], "a") as f:
    tab = f["processing/events/lick_table"]
    tab.attrs["colnames"] = np.array(["lick_times", "spout", "reward_times"], dtype=object)
    d = tab.create_dataset("reward_times", data=tab["lick_times"][:] + 0.25)
    for k, v in tab["lick_times"].attrs.items():
        d.attrs[k] = v
    d.attrs["object_id"] = "reward-times-id"
    print(" ".join(repr(float(x)) for x in d[:]))
`;

Deno.test({
  name: "an NWB table with two _times columns gives a TsRecord that prints each Ts",
  ignore: SKIP_H5PY,
  fn() {
    const dir = Deno.makeTempDirSync({ prefix: "napple_tsrecord_" });
    try {
      const path = `${dir}/two_times.nwb`;
      const rewards = runPython(ADD_COLUMN, `${TESTDATA}nwb/ignored_and_events.nwb`, path)
        .trim().split(" ").map(Number);
      collectWarnings(() => {
        using nwb = new NWBFile(path);
        const rec = nwb.get("lick_table") as TsRecord;
        assertEquals(Object.keys(rec), ["lick_times", "reward_times"]);
        assertEquals(Array.from(rec.reward_times.t), rewards);
        const text = rec.toString();
        assertEquals(
          text,
          `{'lick_times': ${rec.lick_times.toString()}, 'reward_times': ${rec.reward_times}}`,
        );
        assert(!text.includes("[object Object]"), text);
        assertStringIncludes(text, "\nshape: 12, 'reward_times': Time (s)\n2.597\n3.536\n");
        assertEquals(bundleOf(rec)["text/html"].split("<table").length - 1, 2);
      });
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});
