// loadBinaryFile / loadEeg on raw recordings written by numpy, with and without a neurosuite XML.
import { loadBinaryFile, loadEeg, readNeurosuiteXml } from "../../lib/io/binary.ts";
import { isLazy, type LazyArray } from "../../lib/array/lazy.ts";
import { NDArray } from "../../lib/array/ndarray.ts";
import { Tsd, TsdFrame } from "../../lib/core/time_series.ts";
import { IntervalSet } from "../../lib/core/interval_set.ts";
import { NappleError } from "../../lib/errors.ts";
import { collectWarnings } from "../../lib/warnings.ts";
import { assert, assertEquals, assertThrows, withTempDir } from "../assert.ts";
import { runPython } from "./python_client.ts";

/** numpy's output for `code`, trimmed. */
function python(code: string): string {
  return runPython(code).trim();
}

function values(x: { values: unknown }): number[] {
  const v = x.values;
  const arr = isLazy(v)
    ? v.readRows(0, v.shape[0])
    : v instanceof NDArray
    ? v
    : NDArray.from(v as Float64Array);
  return Array.from(arr.data as ArrayLike<number>);
}

const XML = (nChannels: number, rate: number, lfp: number, nBits = 16) =>
  `<?xml version='1.0'?>
<parameters version="1.0" creator="ndManager-1.1.2">
 <acquisitionSystem>
  <nBits>${nBits}</nBits>
  <nChannels>${nChannels}</nChannels>
  <samplingRate>${rate}</samplingRate>
  <voltageRange>20</voltageRange>
 </acquisitionSystem>
 <fieldPotentials>
  <lfpSamplingRate>${lfp}</lfpSamplingRate>
 </fieldPotentials>
</parameters>
`;

Deno.test("loadBinaryFile reads nChannels and frequency from the neurosuite XML, lazily", () => {
  withTempDir((dir) => {
    python(`
import numpy as np
d = (np.arange(2000 * 4).reshape(2000, 4) % 3001 - 1500).astype(np.int16)
d.tofile("${dir}/rec.dat")
d[::16].tofile("${dir}/rec.eeg")
`);
    Deno.writeTextFileSync(`${dir}/rec.xml`, XML(4, 20000, 1250));
    assertEquals(readNeurosuiteXml(`${dir}/rec.xml`), {
      nChannels: 4,
      samplingRate: 20000,
      lfpSamplingRate: 1250,
      nBits: 16,
    });
    const dat = loadBinaryFile(`${dir}/rec.dat`) as TsdFrame;
    assert(dat instanceof TsdFrame);
    assertEquals(dat.shape, [2000, 4]);
    assertEquals(dat.columns, [0, 1, 2, 3]);
    assertEquals(dat.t[1], 1 / 20000);
    assertEquals(dat.t[1999], 0.09995);
    assertEquals(Array.from(dat.timeSupport.end), [0.1]);
    const lazy = dat.values as LazyArray;
    assert(isLazy(lazy), "values stay a memory map");
    assertEquals(lazy.stats.bytesRead, 0);
    const part = dat.get(0.05, 0.0501);
    assertEquals(part.shape, [3, 4]);
    const expected = JSON.parse(python(`
import numpy as np, json
m = np.memmap("${dir}/rec.dat", dtype=np.int16, mode="r", shape=(2000, 4))
print(json.dumps(m[1000:1003].ravel().tolist()))
`));
    assertEquals(values(part), expected);
    assertEquals(lazy.stats.bytesRead, 3 * 4 * 2, "get reads only its rows");

    const eeg = loadEeg(`${dir}/rec.eeg`, { channel: 2 }) as Tsd;
    assert(eeg instanceof Tsd);
    assertEquals(eeg.shape, [125]);
    assertEquals(eeg.t[1], 1 / 1250);
    const expEeg = JSON.parse(python(`
import numpy as np, json
m = np.fromfile("${dir}/rec.eeg", dtype=np.int16).reshape(-1, 4)
print(json.dumps(m[:, 2].tolist()))
`));
    assertEquals(values(eeg), expEeg);
    const two = loadBinaryFile(`${dir}/rec.eeg`, { channel: [3, 0] }) as TsdFrame;
    assertEquals(two.columns, [3, 0]);
    const r = two.restrict(new IntervalSet({ start: [0.0016], end: [0.0024] }));
    assertEquals(r.shape, [2, 2]);
    const expTwo = JSON.parse(python(`
import numpy as np, json
m = np.fromfile("${dir}/rec.eeg", dtype=np.int16).reshape(-1, 4)
print(json.dumps(m[2:4][:, [3, 0]].ravel().tolist()))
`));
    assertEquals(values(r), expTwo);
  });
});

Deno.test("loadBinaryFile honours precision and bytesSize (pynapple always reads int16)", () => {
  withTempDir((dir) => {
    python(`
import numpy as np
np.linspace(-1, 1, 30).astype(np.float32).reshape(10, 3).tofile("${dir}/f.bin")
(np.arange(12, dtype=np.int32) * 100000).tofile("${dir}/i.bin")
`);
    const f = loadBinaryFile(`${dir}/f.bin`, { nChannels: 3, frequency: 10, precision: "float32" });
    assertEquals(f.shape, [10, 3]);
    const expected = JSON.parse(python(`
import numpy as np, json
print(json.dumps(np.linspace(-1, 1, 30).astype(np.float32).astype(float).tolist()))
`));
    assertEquals(values(f), expected);
    const i = loadBinaryFile(`${dir}/i.bin`, { nChannels: 2, frequency: 1, bytesSize: 4 });
    assertEquals(i.shape, [6, 2]);
    assertEquals(values(i), Array.from({ length: 12 }, (_, k) => k * 100000));
    // nBits from the XML selects the sample type too
    Deno.writeTextFileSync(`${dir}/i.xml`, XML(3, 2, 1, 32));
    const x = loadBinaryFile(`${dir}/i.bin`, { frequency: 4 });
    assertEquals(x.shape, [4, 3]);
    assertEquals(values(x).slice(0, 3), [0, 100000, 200000]);
  });
});

Deno.test("loadBinaryFile bad input is a NappleError naming the problem", () => {
  withTempDir((dir) => {
    Deno.writeFileSync(`${dir}/a.dat`, new Uint8Array(17));
    assertEquals(
      assertThrows(() => loadBinaryFile(`${dir}/nope.dat`), NappleError).code,
      "FILE_NOT_FOUND",
    );
    assertThrows(() => loadBinaryFile(`${dir}/a.dat`), NappleError, "a.xml");
    assertThrows(() => loadBinaryFile(`${dir}/a.dat`, { nChannels: 2 }), NappleError, "frequency");
    assertThrows(
      () =>
        loadBinaryFile(`${dir}/a.dat`, {
          nChannels: 2,
          frequency: 1,
          precision: "int16",
          bytesSize: 4,
        }),
      NappleError,
      "disagrees",
    );
    assertEquals(
      assertThrows(
        () => loadBinaryFile(`${dir}/a.dat`, { nChannels: 2, frequency: 1, channel: 2 }),
        NappleError,
      ).code,
      "INDEX_OUT_OF_RANGE",
    );
    assertEquals(
      assertThrows(
        () => loadBinaryFile(`${dir}/a.dat`, { nChannels: 0, frequency: 1 }),
        NappleError,
      ).code,
      "INVALID_ARGUMENT",
    );
    // 17 bytes = 4 whole 2-channel int16 samples + 1 stray byte: loaded with a warning
    const { result, warnings } = collectWarnings(() =>
      loadBinaryFile(`${dir}/a.dat`, { nChannels: 2, frequency: 1 })
    );
    assertEquals(result.shape, [4, 2]);
    assertEquals(warnings.length, 1);
    Deno.writeTextFileSync(
      `${dir}/a.xml`,
      "<parameters><acquisitionSystem><nChannels>2</nChannels></acquisitionSystem></parameters>",
    );
    assertThrows(() => loadBinaryFile(`${dir}/a.dat`), NappleError, "frequency");
  });
});
