// TsdFrame column labels from an ElectricalSeries' electrodes region (pynapple's channel mapping):
// 0..n-1 exactly where pynapple falls back (the table cannot be followed); a table that is there
// but unreadable is an error, no longer hidden behind 0..n-1.
import { assert, assertEquals, assertThrows, withTempDir } from "../../assert.ts";
import { NWBFile } from "../../../lib/io/nwb/nwbfile.ts";
import type { TsdFrame } from "../../../lib/core/time_series.ts";
import { NappleError } from "../../../lib/errors.ts";
import { runPython, SKIP_H5PY } from "../python_client.ts";
import { H5PY_NWB_PRELUDE } from "./h5py_nwb.ts";

const WRITER = `${H5PY_NWB_PRELUDE}
def table(name, columns):
    el = typed(f.create_group("general/extracellular_ephys/" + name), "DynamicTable", name, "hdmf-common")
    el.attrs["colnames"] = np.array([c for c in columns if c != "id"], dtype=object)
    for c, v in columns.items():
        el.create_dataset(c, data=v, **({"dtype": str_t} if v.dtype == object else {}))
    return el
labels = np.array(["a", "b", "c", "d", "e"], dtype=object)
el = table("electrodes", {"id": np.arange(10, 15), "label": labels})
no_id = table("no_id", {"x": np.arange(5.0)})
bad = table("bad", {"id": np.arange(5), "x": np.arange(5.0)})
bad.create_dataset("label", data=np.arange(100, 105), compression="lzf")  # napple refuses LZF
bad.attrs["colnames"] = np.array(["x", "label"], dtype=object)
acq = f.create_group("acquisition")
def series(name, rows, ref):
    g = typed(acq.create_group(name), "ElectricalSeries", name)
    g.create_dataset("data", data=np.arange(10.0 * len(rows)).reshape(10, len(rows)))
    g.create_dataset("timestamps", data=np.arange(10) * 0.5)
    reg = g.create_dataset("electrodes", data=np.array(rows))
    if ref is not None: reg.attrs["table"] = ref
series("labelled", [3, 1, 4], el.ref)
series("no_table_attribute", [3, 1, 4], None)
series("no_id_column", [0, 1], no_id.ref)
series("rows_beyond_the_table", [1, 9], el.ref)
series("unreadable_labels", [0, 1], bad.ref)
f.close()
`;

Deno.test({
  name: "electrode labels as columns; 0..n-1 only where the electrodes table cannot be followed",
  ignore: SKIP_H5PY,
  fn() {
    withTempDir((dir) => {
      const path = `${dir}/regions.nwb`;
      runPython(WRITER, path);
      const nwb = new NWBFile(path);
      try {
        const columns = (key: string) => (nwb.get(key) as TsdFrame).columns;
        assertEquals(columns("labelled"), ["d", "b", "e"]);
        assertEquals(columns("no_table_attribute"), [0, 1, 2]);
        assertEquals(columns("no_id_column"), [0, 1]);
        assertEquals(columns("rows_beyond_the_table"), [0, 1]);
        const e = assertThrows(() => nwb.get("unreadable_labels"), NappleError);
        assertEquals(e.code, "UNSUPPORTED_FILTER");
        assert(e.message.includes(path) && e.message.includes("label"), e.message);
      } finally {
        nwb.close();
      }
    });
  },
});
