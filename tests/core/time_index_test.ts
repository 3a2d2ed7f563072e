import { assertEquals, assertThrows } from "../assert.ts";
import { pythonPipe } from "../io/python_client.ts";
import { NappleError, TimeIndex } from "../../mod.ts";
import { roundTime } from "../../lib/core/time_index.ts";
import { formatTimestamps, returnTimestamps } from "../../lib/core/time_index.ts";

/** Runs numpy (an independent client) on a Float64Array and returns its float64 result. */
async function numpy(expr: string, x: Float64Array): Promise<Float64Array> {
  const script = `
import sys, numpy as np
x = np.frombuffer(sys.stdin.buffer.read(), dtype="<f8")
sys.stdout.buffer.write(np.ascontiguousarray(${expr}, dtype="<f8").tobytes())
`;
  const out = await pythonPipe(
    ["-c", script],
    new Uint8Array(x.buffer, x.byteOffset, x.byteLength),
  );
  return new Float64Array(out.slice().buffer);
}

function sample(): Float64Array {
  let seed = 99;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const out: number[] = [];
  for (let i = 0; i < 20000; i++) {
    const mag = 10 ** Math.floor(rand() * 12 - 4); // 1e-4 .. 1e7 seconds
    out.push((rand() - 0.3) * mag);
  }
  // exact halves at the 9th decimal and values already on the grid
  for (let i = 0; i < 2000; i++) out.push((i + 0.5) / 1e9, i / 1e9, i * 0.1, i / 3);
  return Float64Array.from(out);
}

Deno.test("rounding to 9 decimals gives numpy around's exact doubles", async () => {
  const x = sample();
  const want = await numpy("np.around(x, 9)", x);
  const got = Float64Array.from(x, roundTime);
  let bad = 0;
  for (let i = 0; i < x.length; i++) if (!Object.is(got[i], want[i])) bad++;
  assertEquals(bad, 0, "values differing from numpy");
});

Deno.test("ms/us in and out match pynapple's TsIndex conversions in numpy", async () => {
  const x = sample().map((v) => Math.abs(v));
  assertEquals(
    Array.from(formatTimestamps(x, "ms")),
    Array.from(await numpy("np.around(x / 1.0e3, 9)", x)),
  );
  assertEquals(
    Array.from(formatTimestamps(x, "us")),
    Array.from(await numpy("np.around(x / 1.0e6, 9)", x)),
  );
  assertEquals(
    Array.from(returnTimestamps(x, "ms")),
    Array.from(await numpy("np.around(x * 1.0e3, 9)", x)),
  );
});

Deno.test("TimeIndex: sorted input is kept; unsorted is sorted; bad input refused", () => {
  const idx = TimeIndex.from([0, 1, 2]);
  assertEquals(idx.order, undefined);
  assertEquals(Array.from(idx.inUnits("ms")), [0, 1000, 2000]);
  const un = TimeIndex.from([2, 0, 1]);
  assertEquals(Array.from(un.values), [0, 1, 2]);
  assertEquals(Array.from(un.order!), [1, 2, 0]);
  assertEquals(
    assertThrows(() => TimeIndex.from([0, Infinity]), NappleError).code,
    "INVALID_ARGUMENT",
  );
  assertEquals(assertThrows(() => TimeIndex.from(["a"] as never), NappleError).code, "DTYPE");
  assertEquals(Array.from(TimeIndex.from([[1], [2]] as never).values), [1, 2]);
  assertEquals(Array.from(TimeIndex.from(new BigInt64Array([5n, 6n]), "us").values), [5e-6, 6e-6]);
});
