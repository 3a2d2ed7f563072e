// nap.memmap against numpy.memmap (/usr/bin/python3) in both directions.
import { memmap, type MemmapArray } from "../../lib/array/memmap.ts";
import { TsdFrame } from "../../lib/core/time_series.ts";
import { NDArray } from "../../lib/array/ndarray.ts";
import { NappleError } from "../../lib/errors.ts";
import { collectWarnings } from "../../lib/warnings.ts";
import { assert, assertEquals, assertThrows, withTempDir } from "../assert.ts";
import { runPython } from "./python_client.ts";

const nums = (a: NDArray): number[] => Array.from(a.data as ArrayLike<number>);

/** numpy's output for `code`, trimmed. */
function python(code: string): string {
  return runPython(code).trim();
}

Deno.test("memmap reads what numpy.memmap wrote (int16 2-D, float64 with offset)", () => {
  withTempDir((dir) => {
    python(`
import numpy as np
m = np.memmap("${dir}/a.dat", dtype=np.int16, mode="w+", shape=(1000, 8))
m[:] = (np.arange(8000).reshape(1000, 8) * 7 - 20000).astype(np.int16)
m.flush()
f = np.memmap("${dir}/b.dat", dtype=np.float64, mode="w+", shape=(50, 3), offset=24)
f[:] = np.linspace(-1, 1, 150).reshape(50, 3)
f.flush()
`);
    const a = memmap(`${dir}/a.dat`, { dtype: "int16", shape: [1000, 8], mode: "r" });
    assertEquals(a.shape, [1000, 8]);
    const rows = a.readRows(10, 13);
    assertEquals(rows.shape, [3, 8]);
    assertEquals(
      nums(rows),
      Array.from({ length: 24 }, (_, i) => ((80 + i) * 7 - 20000)),
    );
    assertEquals(a.stats.reads, 1);
    assertEquals(a.stats.bytesRead, 3 * 8 * 2);
    const cols = a.readRows(998, 2000, [7, 0]);
    // numpy wraps int16 overflow; compare against python's own view for the last rows instead.
    const tail = JSON.parse(python(`
import numpy as np, json
m = np.memmap("${dir}/a.dat", dtype=np.int16, mode="r", shape=(1000, 8))
print(json.dumps(m[998:, [7, 0]].ravel().tolist()))
`));
    assertEquals(nums(cols), tail);

    const b = memmap(`${dir}/b.dat`, { dtype: "float64", shape: [50, 3], mode: "r", offset: 24 });
    const expected = JSON.parse(python(`
import numpy as np, json
print(json.dumps(np.linspace(-1, 1, 150).tolist()))
`));
    assertEquals(nums(b.toNDArray()), expected);
  });
});

Deno.test("numpy.memmap reads what nap.memmap wrote (w+ then r+ edits)", () => {
  withTempDir((dir) => {
    const path = `${dir}/w.dat`;
    const m = memmap(path, { dtype: "float32", shape: [100, 4], mode: "w+" });
    assertEquals(Deno.statSync(path).size, 1600);
    const vals = new Float32Array(400).map((_, i) => i * 0.25 - 3);
    m.set(new NDArray(vals, [100, 4]));
    m.flush();
    const edit = memmap(path, { dtype: "float32", shape: [100, 4], mode: "r+" });
    edit.write(5, [[1.5, 2.5, 3.5, 4.5], [-1, -2, -3, -4]]);
    const got = JSON.parse(python(`
import numpy as np, json
m = np.memmap("${path}", dtype=np.float32, mode="r", shape=(100, 4))
print(json.dumps([float(m.sum()), m[5].tolist(), m[6].tolist(), m[99].tolist()]))
`));
    const expectedVals = Array.from(vals);
    expectedVals.splice(20, 8, 1.5, 2.5, 3.5, 4.5, -1, -2, -3, -4);
    const sum = expectedVals.reduce((a, b) => a + b, 0);
    assert(Math.abs(got[0] - sum) < 1e-3, `sum ${got[0]} vs ${sum}`);
    assertEquals(got[1], [1.5, 2.5, 3.5, 4.5]);
    assertEquals(got[2], [-1, -2, -3, -4]);
    assertEquals(got[3], Array.from(vals.subarray(396, 400)));
    // the edit is visible to an earlier read-only map as well (same file)
    assertEquals(nums(m.readRows(5, 6)), [1.5, 2.5, 3.5, 4.5]);
  });
});

Deno.test("memmap without shape derives a 1-D length from the file size, as numpy", () => {
  withTempDir((dir) => {
    Deno.writeFileSync(`${dir}/x.bin`, new Uint8Array(new Int32Array([1, -2, 3, 2 ** 30]).buffer));
    const m = memmap(`${dir}/x.bin`, { dtype: "int32", mode: "r" });
    assertEquals(m.shape, [4]);
    assertEquals(nums(m.toNDArray()), [1, -2, 3, 2 ** 30]);
    assertEquals(nums(memmap(`${dir}/x.bin`, { mode: "r" }).readRows(0, 2)), [1, 0]);
  });
});

Deno.test("memmap bad input: missing file, size mismatch, read-only write, bad mode", () => {
  withTempDir((dir) => {
    const missing = assertThrows(() => memmap(`${dir}/nope.dat`, { mode: "r" }), NappleError);
    assertEquals(missing.code, "FILE_NOT_FOUND");
    Deno.writeFileSync(`${dir}/s.dat`, new Uint8Array(10));
    const short = assertThrows(
      () => memmap(`${dir}/s.dat`, { dtype: "int16", shape: [3, 2], mode: "r" }),
      NappleError,
      "needs 12",
    );
    assertEquals(short.code, "SHAPE_MISMATCH");
    const long = assertThrows(
      () => memmap(`${dir}/s.dat`, { dtype: "int16", shape: [2, 2], mode: "r" }),
      NappleError,
      "covers only 8",
    );
    assertEquals(long.code, "SHAPE_MISMATCH");
    const { result, warnings } = collectWarnings(() =>
      memmap(`${dir}/s.dat`, { dtype: "int16", shape: [2, 2], mode: "r", strict: false })
    );
    assertEquals(result.shape, [2, 2]);
    assertEquals(warnings.length, 1);
    assertEquals(
      assertThrows(() => memmap(`${dir}/s.dat`, { dtype: "float64", mode: "r" }), NappleError).code,
      "SHAPE_MISMATCH",
    );
    const ro = memmap(`${dir}/s.dat`, { dtype: "int16", mode: "r" });
    assertEquals(assertThrows(() => ro.write(0, [1]), NappleError).code, "INVALID_ARGUMENT");
    assertEquals(
      // deno-lint-ignore no-explicit-any
      assertThrows(() => memmap(`${dir}/s.dat`, { mode: "x" as any }), NappleError).code,
      "INVALID_ARGUMENT",
    );
    assertEquals(
      assertThrows(() => memmap(dir, { mode: "r" }), NappleError).code,
      "NOT_A_FILE",
    );
    // r+ grows a short file with zeros, like numpy
    const grown = memmap(`${dir}/s.dat`, { dtype: "int16", shape: [4, 2], mode: "r+" });
    assertEquals(Deno.statSync(`${dir}/s.dat`).size, 16);
    assertEquals(nums(grown.readRows(3, 4)), [0, 0]);
    const rw = memmap(`${dir}/s.dat`, { dtype: "int16", shape: [4, 2], mode: "r+" });
    assertEquals(
      assertThrows(() => rw.write(3, [[1, 2], [3, 4]]), NappleError).code,
      "INDEX_OUT_OF_RANGE",
    );
  });
});

Deno.test("a TsdFrame over a memmap keeps the map (no copy): values returns it, get reads its rows", () => {
  withTempDir((dir) => {
    // the seed: write the data through the memmap, then wrap it
    const mm = memmap(`${dir}/data.dat`, { dtype: "float64", shape: [1000, 3], mode: "w+" });
    mm.set(new NDArray(new Float64Array(3000).map((_, i) => i / 10), [1000, 3]));
    mm.flush();
    const t = Float64Array.from({ length: 1000 }, (_, i) => i / 100);
    const frame = new TsdFrame({ t, d: mm, columns: ["a", "b", "c"] });
    assert(frame.values === mm, "values is the memmap itself");
    assertEquals(mm.stats.reads, 0);
    const part = frame.get(1, 1.02);
    assertEquals(part.shape, [3, 3]);
    assertEquals(mm.stats.bytesRead, 3 * 3 * 8);
    const v = part.values;
    const rows = v instanceof NDArray ? v : (v as MemmapArray).readRows(0, 3);
    assertEquals(nums(rows), [30, 30.1, 30.2, 30.3, 30.4, 30.5, 30.6, 30.7, 30.8]);
  });
});

Deno.test("memmap mode c (copyonwrite) keeps writes in memory and leaves the file as numpy does", () => {
  withTempDir((dir) => {
    const path = `${dir}/c.dat`;
    python(`
import numpy as np
np.arange(20, dtype=np.int32).tofile("${path}")
`);
    const cow = memmap(path, { dtype: "int32", shape: [10, 2], mode: "copyonwrite" });
    assertEquals(cow.mode, "c");
    cow.write(3, [[-1, -2], [-3, -4]]);
    assertEquals(nums(cow.readRows(2, 6)), [4, 5, -1, -2, -3, -4, 10, 11]);
    assertEquals(nums(cow.readRows(4, 5)), [-3, -4]);
    cow.flush();
    const onDisk = JSON.parse(python(`
import numpy as np, json
m = np.memmap("${path}", dtype=np.int32, mode="c", shape=(10, 2))
m[3] = [-1, -2]
m.flush()
print(json.dumps(np.fromfile("${path}", dtype=np.int32).tolist()))
`));
    assertEquals(
      onDisk,
      Array.from({ length: 20 }, (_, i) => i),
      "numpy's c mode leaves the file too",
    );
    assertEquals(nums(memmap(path, { dtype: "int32", mode: "readonly" }).toNDArray()), onDisk);
    // a fresh map of the same file does not see the in-memory rows
    assertEquals(nums(memmap(path, { dtype: "int32", shape: [10, 2], mode: "c" }).readRows(3, 4)), [
      6,
      7,
    ]);
  });
});

Deno.test("memmap byteOrder '>' reads and writes big-endian files like numpy's >i2 / >f8", () => {
  withTempDir((dir) => {
    python(`
import numpy as np
np.arange(-6, 6, dtype=">i2").tofile("${dir}/be.i2")
`);
    const be = memmap(`${dir}/be.i2`, {
      dtype: "int16",
      shape: [6, 2],
      mode: "r+",
      byteOrder: ">",
    });
    assertEquals(nums(be.toNDArray()), Array.from({ length: 12 }, (_, i) => i - 6));
    be.write(0, [[1000, -1000]]);
    const f = memmap(`${dir}/be.f8`, { dtype: "float64", shape: [3], mode: "w+", byteOrder: ">" });
    f.set(new Float64Array([1.5, -2.25, 1e300]));
    const back = JSON.parse(python(`
import numpy as np, json
print(json.dumps([np.fromfile("${dir}/be.i2", dtype=">i2")[:3].tolist(),
                  np.fromfile("${dir}/be.f8", dtype=">f8").tolist()]))
`));
    assertEquals(back, [[1000, -1000, -4], [1.5, -2.25, 1e300]]);
    assertEquals(nums(f.toNDArray()), [1.5, -2.25, 1e300]);
  });
});
