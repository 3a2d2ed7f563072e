// NWB and npz/npy files over HTTP (the project's test server on 127.0.0.1) give the same keys,
// printout and values as from disk, and lazy reads fetch only what they need.
import { assert, assertEquals, TESTDATA, withTempDir } from "../assert.ts";
import { runPython } from "../io/python_client.ts";
import { loadFile } from "../../lib/io/load_file.ts";
import { NWBFile } from "../../lib/io/nwb/nwbfile.ts";
import { loadNpy, NpzFile, saveNpy } from "../../lib/io/npz.ts";
import { NDArray } from "../../lib/array/ndarray.ts";
import { REMOTE_TEST, testServer, withRemoteOptions } from "./helpers.ts";
import { RangeServer } from "./range_server.ts";

// deno-lint-ignore no-explicit-any
type Any = any;

/** Everything comparable of a loaded value: its printout, times and data. */
function fingerprint(v: Any): string {
  const parts = [String(v)];
  if (v && typeof v === "object") {
    if (v.t instanceof Float64Array) parts.push(Array.from(v.t).join(","));
    if (v.index?.values instanceof Float64Array) parts.push(Array.from(v.index.values).join(","));
    if (typeof v.toNDArray === "function") {
      const a = v.toNDArray() as NDArray;
      parts.push(Array.from(a.data as ArrayLike<number>, String).join(","));
    }
    if (typeof v.keys === "function" && typeof v.get === "function" && !(v instanceof NWBFile)) {
      for (const k of v.keys()) {
        const m = v.get(k);
        if (m && m.t instanceof Float64Array) parts.push(`${k}:${Array.from(m.t).join(",")}`);
      }
    }
  }
  return parts.join("\n");
}

Deno.test({
  name: "remote: every NWB fixture over HTTP has the keys, printout and values it has on disk",
  ...REMOTE_TEST,
  async fn() {
    const server = await testServer();
    for (
      const e of [...Deno.readDirSync(`${TESTDATA}nwb`)].sort((a, b) => a.name < b.name ? -1 : 1)
    ) {
      if (!e.name.endsWith(".nwb")) continue;
      server.resetCounters();
      const remote = loadFile(server.url(`nwb/${e.name}`)) as NWBFile;
      const local = loadFile(`${TESTDATA}nwb/${e.name}`) as NWBFile;
      assertEquals(remote.keys(), local.keys(), e.name);
      assertEquals(remote.toString(), local.toString(), e.name);
      assertEquals(remote.name, local.name);
      // small files come whole in the first response
      assertEquals(server.requests, 1, `${e.name}: requests`);
      for (const k of local.keys()) {
        assertEquals(fingerprint(remote.get(k)), fingerprint(local.get(k)), `${e.name} ${k}`);
      }
      assertEquals(server.requests, 1, `${e.name}: no request after opening`);
      remote.close();
      local.close();
    }
  },
});

Deno.test({
  name: "remote: a big NWB file opens in few requests and get() fetches only its chunks",
  ...REMOTE_TEST,
  async fn() {
    await withTempDir(async (dir) => {
      // 64 channels float32, chunks of 8192 rows (2 MiB), explicit timestamps: 24 MiB of data
      runPython(
        `
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "w")
f.attrs["neurodata_type"] = "NWBFile"; f.attrs["namespace"] = "core"; f.attrs["nwb_version"] = "2.6.0"
f.attrs["object_id"] = "root"
es = f.create_group("acquisition/ElectricalSeries")
es.attrs["neurodata_type"] = "ElectricalSeries"; es.attrs["namespace"] = "core"; es.attrs["object_id"] = "es"
n = 98304
d = es.create_dataset("data", data=(np.arange(n * 64, dtype="f4").reshape(n, 64) % 1000), chunks=(8192, 64))
es.create_dataset("timestamps", data=np.arange(n) / 1000.0)
f.close()
`,
        `${dir}/big.nwb`,
      );
      const server = await RangeServer.start(dir);
      try {
        const size = Deno.statSync(`${dir}/big.nwb`).size;
        const nwb = new NWBFile(server.url("big.nwb"));
        const local = new NWBFile(`${dir}/big.nwb`);
        const opened = server.requests;
        assert(opened <= 4, `open took ${opened} requests`);
        const es = nwb.get("ElectricalSeries") as Any;
        const les = local.get("ElectricalSeries") as Any;
        server.resetCounters();
        const part = es.get(40, 41).toNDArray() as NDArray;
        const lpart = les.get(40, 41).toNDArray() as NDArray;
        assertEquals(Array.from(part.data as Float32Array), Array.from(lpart.data as Float32Array));
        assertEquals(part.shape, [1001, 64]);
        // rows 40000..41000 sit in one 2 MiB chunk: far less than the 24 MiB of data
        assert(server.bytes < 4 * 1024 * 1024, `get fetched ${server.bytes} bytes of ${size}`);
        assert(server.requests <= 3, `get took ${server.requests} requests`);
        nwb.close();
        local.close();
      } finally {
        await server.close();
      }
    });
  },
});

Deno.test({
  name:
    "remote: npz fixtures over HTTP load like local ones (eager and lazy), NpzFile and loadNpy too",
  ...REMOTE_TEST,
  async fn() {
    const server = await testServer();
    for (const e of [...Deno.readDirSync(`${TESTDATA}npz`)]) {
      if (!e.name.endsWith(".npz")) continue;
      for (const lazyLoading of [false, true]) {
        const remote = loadFile(server.url(`npz/${e.name}`), { lazyLoading });
        const local = loadFile(`${TESTDATA}npz/${e.name}`, { lazyLoading });
        const r = fingerprint(remote).replaceAll(server.url("npz/"), `${TESTDATA}npz/`);
        assertEquals(r, fingerprint(local), `${e.name} lazy=${lazyLoading}`);
      }
    }
    const npz = NpzFile.open(server.url("npz/tsd_float64.npz"));
    assertEquals([...npz.files], [...NpzFile.open(`${TESTDATA}npz/tsd_float64.npz`).files]);
    await withTempDir(async (dir) => {
      const values = new Float64Array(300_000).map((_, i) => i * 0.5);
      saveNpy(`${dir}/x.npy`, new NDArray(values, [100_000, 3], "float64"));
      const big = await RangeServer.start(dir);
      try {
        await withRemoteOptions({ headBytes: 64 * 1024, wholeFileBytes: 0 }, () => {
          const lazy = loadNpy(big.url("x.npy"), { lazy: true }) as Any;
          assert(lazy.isLazy, "loadNpy(url, {lazy}) is lazy");
          big.resetCounters();
          const rows = lazy.readRows(50_000, 50_010) as NDArray;
          assertEquals(
            Array.from(rows.data as Float64Array),
            Array.from(values.subarray(150_000, 150_030)),
          );
          assertEquals(big.requests, 1);
          assert(big.bytes <= 1024 * 1024, `${big.bytes} bytes for 10 rows`);
          const whole = loadNpy(big.url("x.npy")) as NDArray;
          assertEquals(whole.shape, [100_000, 3]);
        });
      } finally {
        await big.close();
      }
    });
  },
});
