/**
 * Direct file reads of raw HDF5 data (lib/io/nwb/direct_reads.ts): datasets written by h5py in
 * every storage layout napple may read straight from the file (contiguous, chunks HDF5 caches,
 * chunks too big for its cache, partial edge chunks, chunks never written) and the ones it must
 * leave to HDF5 (big-endian, chunks narrower than a row, gzip, virtual) all return h5py's values, and
 * HDF5 reads after the probes still return the right data.
 */
import { assert, assertEquals, assertThrows } from "../../assert.ts";
import { runPython } from "../python_client.ts";
import { H5File } from "../../../lib/io/nwb/h5file.ts";
import { Hdf5LazyArray, setHdf5DirectReads } from "../../../lib/io/nwb/hdf5_lazy.ts";
import { NappleError } from "../../../lib/errors.ts";

// value of row i, column j in every dataset: exact in float32 and int32 for these sizes
const WRITER = `
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "w")
def data(n, cols, dtype):
    return (np.arange(n)[:, None] * cols + np.arange(cols)[None, :]).astype(dtype)
f.create_dataset("contiguous", data=data(40000, 8, "<f8"))
f.create_dataset("vector", data=np.arange(300000, dtype="<i4"))
f.create_dataset("cached", data=data(20000, 64, "<f4"), chunks=(8192, 64))
f.create_dataset("uncached", data=data(50000, 64, "<f4"), chunks=(40000, 64))
sparse = f.create_dataset("sparse", shape=(30000, 64), dtype="<f4", chunks=(8192, 64), fillvalue=-1)
sparse[8192:16384] = data(30000, 64, "<f4")[8192:16384]
f.create_dataset("bigendian", data=data(40000, 8, ">f8"))
f.create_dataset("narrow", data=data(20000, 64, "<f4"), chunks=(8192, 16))
f.create_dataset("gzip", data=data(20000, 64, "<f4"), chunks=(8192, 64), compression="gzip")
a = f.create_dataset("vsrc_a", data=data(20000, 64, "<f4")[:10000])
b = f.create_dataset("vsrc_b", data=data(20000, 64, "<f4")[10000:] - 10000 * 64)
layout = h5py.VirtualLayout(shape=(20000, 64), dtype="<f4")
layout[:10000] = h5py.VirtualSource(a)
layout[10000:] = h5py.VirtualSource(b)
f.create_virtual_dataset("virtual", layout)
f.close()
`;

function expected(name: string, i: number, j: number, cols: number): number {
  if (name === "vector") return i;
  if (name === "virtual" && i >= 10000) return (i - 10000) * cols + j;
  if (name === "sparse" && (i < 8192 || i >= 16384)) return -1;
  return i * cols + j;
}

function check(a: Hdf5LazyArray, name: string, s: number, e: number): void {
  const got = a.readRows(s, e);
  const cols = a.shape.length > 1 ? a.shape[1] : 1;
  assertEquals(got.shape[0], e - s, `${name} rows ${s}..${e}`);
  for (let i = s; i < e; i++) {
    for (let j = 0; j < cols; j++) {
      const v = Number(got.data[(i - s) * cols + j]);
      if (v !== expected(name, i, j, cols)) {
        throw new Error(`${name}[${i}, ${j}] = ${v}, h5py wrote ${expected(name, i, j, cols)}`);
      }
    }
  }
}

Deno.test("nwb direct reads: every layout returns h5py's values, with and without HDF5", () => {
  const dir = Deno.makeTempDirSync({ prefix: "napple_direct_" });
  const path = `${dir}/layouts.h5`;
  try {
    runPython(WRITER, path);
    const file = H5File.open(path);
    try {
      const direct: Record<string, boolean> = {};
      for (const name of ["contiguous", "vector", "cached", "uncached", "sparse"]) {
        for (const on of [true, false, true]) {
          const previous = setHdf5DirectReads(on);
          try {
            const a = new Hdf5LazyArray(file, name);
            const n = a.shape[0];
            // inside one chunk, across chunk borders, the partial edge chunk, everything
            for (const [s, e] of [[5, 17], [8000, 8400], [n - 1000, n], [0, n], [n - 1, n]]) {
              check(a, name, s, e);
            }
            if (on) direct[name] = a.readsDirectly;
            else assert(!a.readsDirectly, `${name}: direct reads off`);
          } finally {
            setHdf5DirectReads(previous);
          }
        }
      }
      assertEquals(direct, {
        contiguous: true,
        vector: true,
        cached: true,
        uncached: true,
        sparse: true,
      });
      // layouts whose stored bytes are not the values, or not whole rows: HDF5 reads them
      for (const name of ["bigendian", "narrow", "gzip", "virtual"]) {
        const a = new Hdf5LazyArray(file, name);
        for (const [s, e] of [[5, 17], [8000, 8400], [0, a.shape[0]]]) check(a, name, s, e);
        assert(!a.readsDirectly, `${name} goes through HDF5`);
      }
    } finally {
      file.close();
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("nwb direct reads: a file replaced on disk is refused, not read", () => {
  const dir = Deno.makeTempDirSync({ prefix: "napple_direct_" });
  const path = `${dir}/a.h5`;
  try {
    runPython(WRITER, path);
    const file = H5File.open(path);
    try {
      const a = new Hdf5LazyArray(file, "contiguous");
      check(a, "contiguous", 0, 100);
      assert(a.readsDirectly);
      // rewrite in place with other contents (HDF5 still has the file open)
      const bytes = Deno.readFileSync(path);
      Deno.writeFileSync(path, new Uint8Array(bytes.length + 4096));
      assertThrows(() => a.readRows(0, 100), NappleError, "changed");
    } finally {
      file.close();
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
