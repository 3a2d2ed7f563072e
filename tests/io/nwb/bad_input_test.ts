/**
 * Bad input: every failure is a NappleError with a clear code naming the file (never a raw
 * TypeError, an HDF5 stderr dump or a WASM abort). Broken files are made here, some with h5py.
 */
import {
  assert,
  assertEquals,
  assertStringIncludes,
  assertThrows,
  TESTDATA,
} from "../../assert.ts";
import { NappleError } from "../../../lib/errors.ts";
import { NWBFile } from "../../../lib/io/nwb/nwbfile.ts";
import { collectWarnings } from "../../../lib/warnings.ts";
import { Tsd } from "../../../lib/core/time_series.ts";
import { runPython, SKIP_H5PY } from "../python_client.ts";

const SRC = `${TESTDATA}nwb/units_session.nwb`;

function code(fn: () => unknown): string {
  const e = assertThrows(fn, NappleError);
  return e.code;
}

function tmp(): string {
  return Deno.makeTempDirSync({ prefix: "napple_nwb_bad_" });
}

/** An NWB-shaped file written by h5py (root attributes, typed groups), with `body` added. */
function writeWithH5py(path: string, body: string): void {
  runPython(
    `
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "w")
f.attrs["neurodata_type"] = "NWBFile"
f.attrs["namespace"] = "core"
f.attrs["nwb_version"] = "2.6.0"
f.attrs["object_id"] = "root-id"
acq = f.create_group("acquisition")
def series(name, data, **kw):
    g = acq.create_group(name)
    g.attrs["neurodata_type"] = "TimeSeries"
    g.attrs["namespace"] = "core"
    g.attrs["object_id"] = name + "-id"
    g.create_dataset("data", data=data, **kw)
    g.create_dataset("timestamps", data=np.arange(len(data)) / 10.0)
    return g
${body}
f.close()
`,
    path,
  );
}

Deno.test("nwb bad input: missing file, directory, non-HDF5 file", () => {
  const dir = tmp();
  try {
    assertEquals(code(() => new NWBFile(`${dir}/nope.nwb`)), "FILE_NOT_FOUND");
    assertEquals(code(() => new NWBFile(dir)), "NOT_A_FILE");
    Deno.writeTextFileSync(`${dir}/text.nwb`, "this is not HDF5\n".repeat(100));
    const e = assertThrows(() => new NWBFile(`${dir}/text.nwb`), NappleError, "not an HDF5 file");
    assertEquals(e.code, "UNSUPPORTED_FORMAT");
    assertEquals(e.path, `${dir}/text.nwb`);
    Deno.writeFileSync(`${dir}/empty.nwb`, new Uint8Array());
    assertEquals(code(() => new NWBFile(`${dir}/empty.nwb`)), "UNSUPPORTED_FORMAT");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("nwb bad input: truncated HDF5 gives HDF5's reason as CORRUPT_FILE", () => {
  const dir = tmp();
  try {
    const bytes = Deno.readFileSync(SRC);
    for (const frac of [0.5, 0.1]) {
      const p = `${dir}/trunc_${frac}.nwb`;
      Deno.writeFileSync(p, bytes.subarray(0, Math.floor(bytes.length * frac)));
      const e = assertThrows(() => new NWBFile(p), NappleError);
      assertEquals(e.code, "CORRUPT_FILE");
      assertStringIncludes(e.message, p);
      assertStringIncludes(e.message.toLowerCase(), "truncated");
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("nwb bad input: corrupted bytes never escape as a non-NappleError", () => {
  const dir = tmp();
  try {
    const bytes = Deno.readFileSync(SRC);
    // Object headers of /, /units, /units/spike_times, /processing, position, its data,
    // epochs, electrodes, electrode_group (addresses from h5py's h5o.get_info), and data regions.
    const offsets = [96, 280608, 282152, 2536, 5304, 6336, 255952, 262528, 347704, 150000];
    const codes: string[] = [];
    for (const [k, at] of offsets.entries()) {
      const copy = bytes.slice();
      for (let i = 0; i < 24; i++) copy[at + i] ^= 0x5a;
      const p = `${dir}/corrupt_${k}.nwb`;
      Deno.writeFileSync(p, copy);
      try {
        const { result: nwb } = collectWarnings(() => new NWBFile(p));
        try {
          for (const key of nwb.keys()) {
            const o = collectWarnings(() => nwb.get(key)).result;
            if (o instanceof Tsd) o.get(0, 1e9);
          }
        } finally {
          nwb.close();
        }
      } catch (e) {
        assert(e instanceof NappleError, `corruption ${k}: ${e}`);
        codes.push(e.code);
      }
    }
    // a corrupted object header is reported, not skipped
    assert(codes.filter((c) => c === "CORRUPT_FILE").length >= 3, codes.join(","));
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("nwb bad input: missing key suggests close keys; full paths too", () => {
  using nwb = new NWBFile(SRC);
  const e = assertThrows(() => nwb.get("posiiton"), NappleError, "Can't find key posiiton");
  assertEquals(e.code, "KEY_NOT_FOUND");
  assertStringIncludes(e.message, '"position"');
  const f = assertThrows(() => nwb.get("/behavior/Position/positio"), NappleError);
  assertStringIncludes(f.message, '"/behavior/Position/position"');
  assert(!nwb.has("posiiton") && nwb.has("position") && nwb.has("/behavior/Position/position"));
  // the HDF5 path works too
  assert(nwb.get("/processing/behavior/Position/position") === nwb.get("position"));
  assert(!nwb.has("/processing/behavior/Position") && !nwb.has("/toString"));
});

Deno.test("nwb bad input: closed file refuses reads", () => {
  const nwb = new NWBFile(SRC);
  const pos = nwb.get("position") as Tsd;
  nwb.close();
  nwb.close(); // twice is fine
  assertEquals(code(() => nwb.get("epochs")), "CLOSED");
  assertEquals(code(() => pos.get(1, 2)), "CLOSED");
  assert(nwb.get("position") === pos, "cached objects stay available");
});

Deno.test({
  name: "nwb bad input: HDF5 that is not NWB; LZF refused; unconvertible object returned raw",
  ignore: SKIP_H5PY,
  fn() {
    const dir = tmp();
    try {
      runPython(
        `import sys, h5py; f = h5py.File(sys.argv[1], "w"); f["x"] = [1, 2, 3]; f.close()`,
        `${dir}/plain.h5`,
      );
      const e = assertThrows(() => new NWBFile(`${dir}/plain.h5`), NappleError, "not an NWB");
      assertEquals(e.code, "UNSUPPORTED_FORMAT");

      writeWithH5py(
        `${dir}/lzf.nwb`,
        `series("lzf_series", np.arange(1000, dtype="f8"), compression="lzf", chunks=(100,))
series("fine", np.arange(50, dtype="f8"), compression="gzip", shuffle=True, chunks=(10,))
series("text", np.array([b"a", b"b", b"c"]))`,
      );
      using nwb = new NWBFile(`${dir}/lzf.nwb`);
      assertEquals(nwb.keys(), ["text", "lzf_series", "fine"]);
      assertEquals(nwb.keyToId.fine, "fine-id");
      const f = assertThrows(() => nwb.get("lzf_series"), NappleError, "lzf");
      assertEquals(f.code, "UNSUPPORTED_FILTER");
      assertStringIncludes(f.message, "/acquisition/lzf_series/data");
      const fine = nwb.get("fine") as Tsd;
      assertEquals(
        Array.from(fine.get(1, 2).values as Float64Array),
        Array.from({ length: 11 }, (_, i) => 10 + i),
      );
      const { result: raw, warnings } = collectWarnings(() => nwb.get("text"));
      assert(!(raw instanceof Tsd));
      assertEquals((raw as { path: string }).path, "/acquisition/text");
      assertStringIncludes(warnings[0].message, "Failed to build Tsd.\n Returning the NWB object");
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});
