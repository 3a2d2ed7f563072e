// loadFile dispatch: .npz, .npy, .nwb, and clear errors for everything else.
import "../../lib/register.ts";
import { loadFile } from "../../lib/io/load_file.ts";
import { NWBFile } from "../../lib/io/nwb/nwbfile.ts";
import { Folder } from "../../lib/io/folder.ts";
import { NpzFile } from "../../lib/io/npz.ts";
import { Tsd } from "../../lib/core/time_series.ts";
import { IntervalSet } from "../../lib/core/interval_set.ts";
import { isLazy } from "../../lib/array/lazy.ts";
import { NDArray } from "../../lib/array/ndarray.ts";
import { NappleError } from "../../lib/errors.ts";
import { assert, assertEquals, assertThrows, readJson, TESTDATA, withTempDir } from "../assert.ts";
import { runPython } from "./python_client.ts";

const FOLDER = `${TESTDATA}folder/folder_session`;

Deno.test("loadFile opens .nwb as an NWBFile (lazy by default), also through a Folder", () => {
  const nwb = loadFile(`${FOLDER}/tiny_session.nwb`);
  assert(nwb instanceof NWBFile);
  const summary = readJson<{ loaded: Record<string, { keys: string[] }> }>(
    `${TESTDATA}golden/folder/folder_session/summary.json`,
  );
  assertEquals([...nwb.keys()].sort(), summary.loaded["tiny_session"].keys);
  const folder = new Folder(FOLDER);
  const viaFolder = folder.get("tiny_session");
  assert(viaFolder instanceof NWBFile);
  assert(folder.get("tiny_session") === viaFolder, "entries are cached");
});

Deno.test("loadFile reads .npy files (in memory, or lazily with lazyLoading)", () => {
  withTempDir((dir) => {
    runPython(
      `import numpy as np; np.save("${dir}/x.npy", np.arange(12, dtype=np.int32).reshape(6, 2))`,
    );
    const a = loadFile(`${dir}/x.npy`);
    assert(a instanceof NDArray);
    assertEquals(a.shape, [6, 2]);
    assertEquals(Array.from(a.data as Int32Array), Array.from({ length: 12 }, (_, i) => i));
    const lazy = loadFile(`${dir}/x.npy`, { lazyLoading: true });
    assert(isLazy(lazy));
    assertEquals(Array.from(lazy.readRows(4, 6).data as Int32Array), [8, 9, 10, 11]);
  });
});

Deno.test("loadFile errors: missing file, a folder, unknown extension", () => {
  const missing = assertThrows(
    () => loadFile(`${TESTDATA}nope.npz`),
    NappleError,
    "does not exist",
  );
  assertEquals(missing.code, "FILE_NOT_FOUND");
  const folder = assertThrows(() => loadFile(FOLDER), NappleError, "loadFolder");
  assertEquals(folder.code, "NOT_A_FILE");
  const txt = assertThrows(() => loadFile(`${FOLDER}/notes.txt`), NappleError, "not supported");
  assertEquals(txt.code, "UNSUPPORTED_FORMAT");
  assertEquals(assertThrows(() => loadFile(""), NappleError).code, "INVALID_ARGUMENT");
});

Deno.test("loadFile opens .npz as the pynapple object it holds, or an NpzFile", () => {
  const tsd = loadFile(`${FOLDER}/run 1.npz`);
  assert(tsd instanceof Tsd);
  assertEquals(Array.from(tsd.t), [0, 6, 12, 18, 24, 30, 36, 42, 48, 54]);
  const ep = loadFile(`${FOLDER}/epochs.npz`);
  assert(ep instanceof IntervalSet);
  assertEquals(Array.from(ep.start), [0, 30]);
  const plain = loadFile(`${TESTDATA}npz/plain_numpy.npz`);
  assert(plain instanceof NpzFile);
  assertEquals([...plain.files].sort(), ["labels", "x", "y"]);
  const lazy = loadFile(`${TESTDATA}folder/folder_session/derived/speed.npz`, {
    lazyLoading: true,
  });
  assert(lazy instanceof Tsd);
  assert(isLazy(lazy.values), "lazyLoading keeps a stored npz member on disk");
});
