/**
 * Real client: Debian's python3-h5py writes an NWB-structured file whose ElectricalSeries (256
 * MiB) is larger than this test's memory budget; napple opens it, reads one chunk's rows and
 * checks them against h5py, while the bytes read from disk and the memory growth stay bounded.
 */
import fs from "node:fs";
import { assert, assertEquals } from "../../assert.ts";
import { NWBFile } from "../../../lib/io/nwb/nwbfile.ts";
import type { TsdFrame } from "../../../lib/core/time_series.ts";
import type { Hdf5LazyArray } from "../../../lib/io/nwb/hdf5_lazy.ts";
import { pythonJson, runPython, SKIP_H5PY } from "../python_client.ts";

const ROWS = 2_097_152; // 2^21 rows x 32 float32 channels = 256 MiB
const CHANNELS = 32;
const CHUNK_ROWS = 8192; // 1 MiB chunks
const RATE = 20000;
const BUDGET = 64 * 1024 * 1024;

const WRITER = `
import sys, h5py, numpy as np
rows, ch, chunk = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
f = h5py.File(sys.argv[1], "w")
f.attrs["neurodata_type"] = "NWBFile"; f.attrs["namespace"] = "core"
f.attrs["nwb_version"] = "2.6.0"; f.attrs["object_id"] = "root"
el = f.create_group("general/extracellular_ephys/electrodes")
el.attrs["neurodata_type"] = "DynamicTable"; el.attrs["namespace"] = "hdmf-common"
el.attrs["object_id"] = "electrodes"; el.attrs["colnames"] = np.array(["location"], dtype=object)
el.create_dataset("id", data=np.arange(ch) + 100)
el.create_dataset("location", data=np.array(["CA1"] * ch, dtype=object), dtype=h5py.string_dtype())
es = f.create_group("acquisition/big")
es.attrs["neurodata_type"] = "ElectricalSeries"; es.attrs["namespace"] = "core"
es.attrs["object_id"] = "big-id"
reg = es.create_dataset("electrodes", data=np.arange(ch))
reg.attrs["neurodata_type"] = "DynamicTableRegion"; reg.attrs["table"] = el.ref
st = es.create_dataset("starting_time", data=0.0); st.attrs["rate"] = ${RATE}.0
d = es.create_dataset("data", shape=(rows, ch), dtype="f4", chunks=(chunk, ch))
block = chunk * 16
for s in range(0, rows, block):
    e = min(rows, s + block)
    d[s:e] = ((np.arange(s, e, dtype=np.int64)[:, None] * ch + np.arange(ch)) % 100003).astype("f4")
f.close()
`;

Deno.test({
  name: "nwb h5py client: 256 MiB ElectricalSeries, one chunk read, bounded memory and I/O",
  ignore: SKIP_H5PY,
  fn() {
    const dir = Deno.makeTempDirSync({ prefix: "napple_h5py_" });
    const path = `${dir}/big.nwb`;
    try {
      runPython(WRITER, path, String(ROWS), String(CHANNELS), String(CHUNK_ROWS));
      assert(Deno.statSync(path).size > 4 * BUDGET, "the dataset exceeds the memory budget");

      // count the bytes HDF5 reads from disk (h5wasm's Node file system goes through node:fs)
      const original = fs.readSync;
      let diskBytes = 0;
      // deno-lint-ignore no-explicit-any
      (fs as any).readSync = (...a: any[]) => {
        // deno-lint-ignore no-explicit-any
        const n = (original as any)(...a) as number;
        diskBytes += n;
        return n;
      };
      const rss0 = Deno.memoryUsage().rss;
      try {
        using nwb = new NWBFile(path);
        assertEquals(nwb.keys(), ["big"]);
        const es = nwb.get("big") as TsdFrame;
        assertEquals([...es.shape], [ROWS, CHANNELS]);
        assertEquals([...es.columns], Array.from({ length: CHANNELS }, (_, i) => 100 + i));
        const openBytes = diskBytes;
        assert(openBytes < 1024 * 1024, `open + build read ${openBytes} bytes`);
        // chunk 100 holds rows [819200, 827392): times [40.96, 41.3696)
        const first = 100 * CHUNK_ROWS;
        const t0 = first / RATE;
        const t1 = (first + CHUNK_ROWS - 1) / RATE;
        const part = es.get(t0, t1);
        assertEquals(part.length, CHUNK_ROWS);
        const chunkBytes = CHUNK_ROWS * CHANNELS * 4;
        assertEquals((es.values as Hdf5LazyArray).stats.bytesRead, chunkBytes);
        const readForGet = diskBytes - openBytes;
        assert(
          readForGet >= chunkBytes && readForGet < chunkBytes + 64 * 1024,
          `get read ${readForGet} bytes from disk for a ${chunkBytes}-byte chunk`,
        );
        const grown = Deno.memoryUsage().rss - rss0;
        assert(grown < BUDGET, `RSS grew by ${grown} bytes`);
        // same numbers as h5py reads for those rows
        const ref = pythonJson<{ sum: number; first: number[]; last: number[] }>(
          `import sys, json, h5py, numpy as np
d = h5py.File(sys.argv[1], "r")["acquisition/big/data"][int(sys.argv[2]):int(sys.argv[3])]
print(json.dumps({"sum": float(d.astype("f8").sum()), "first": d[0].tolist(), "last": d[-1].tolist()}))`,
          path,
          String(first),
          String(first + CHUNK_ROWS),
        );
        const rows = part.toNDArray();
        const data = rows.data as Float32Array;
        let sum = 0;
        for (const v of data) sum += v;
        assertEquals(sum, ref.sum);
        assertEquals(Array.from(data.subarray(0, CHANNELS)), ref.first);
        assertEquals(Array.from(data.subarray(data.length - CHANNELS)), ref.last);
      } finally {
        // deno-lint-ignore no-explicit-any
        (fs as any).readSync = original;
      }
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "nwb h5py client: rows beyond 2 GiB / 4 GiB offsets of a (sparse) contiguous dataset",
  ignore: SKIP_H5PY,
  fn() {
    const dir = Deno.makeTempDirSync({ prefix: "napple_h5py_big_" });
    const path = `${dir}/sparse.nwb`;
    try {
      // 1M rows x 1280 float32 = 5.1 GB logical; only the last 10 rows are written, so the file
      // is sparse on disk; its data sits at offsets past 2^32
      runPython(
        `import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "w")
f.attrs["neurodata_type"] = "NWBFile"; f.attrs["nwb_version"] = "2.6.0"; f.attrs["object_id"] = "r"
g = f.create_group("acquisition/wide")
g.attrs["neurodata_type"] = "TimeSeries"; g.attrs["object_id"] = "wide"
rows, ch = 1_000_000, 1280
dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
dcpl.set_fill_time(h5py.h5d.FILL_TIME_NEVER)
dsid = h5py.h5d.create(g.id, b"data", h5py.h5t.IEEE_F32LE, h5py.h5s.create_simple((rows, ch)), dcpl=dcpl)
h5py.Dataset(dsid)[rows - 10:] = np.arange(10 * ch, dtype="f4").reshape(10, ch) + 0.5
st = g.create_dataset("starting_time", data=0.0); st.attrs["rate"] = 1000.0
f.close()`,
        path,
      );
      using nwb = new NWBFile(path);
      const wide = nwb.get("wide") as TsdFrame;
      assertEquals([...wide.shape], [1_000_000, 1280]);
      const last = wide.get(999.995, 1000).toNDArray();
      assertEquals(last.shape, [5, 1280]);
      assertEquals(last.get(0, 0), 5 * 1280 + 0.5);
      assertEquals(last.get(4, 1279), 10 * 1280 - 1 + 0.5);
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});
