import { assertArrayAlmostEquals, assertEquals, assertThrows } from "../assert.ts";
import { pythonPipeJson } from "../io/python_client.ts";
import { IntervalSet, NappleError, type NDArray, Tsd, TsdFrame } from "../../mod.ts";

/** pynapple's _convolve recipe run with real numpy and scipy (an independent client). */
async function scipy(
  x: number[],
  cases: { k: number[]; trim: string }[],
  bounds: [number, number][],
): Promise<number[][]> {
  const script = `
import json, sys
import numpy as np
from scipy import signal
x, cases, bounds = json.loads(sys.stdin.read())
x = np.array(x)
res = []
for case in cases:
    k = np.array(case["k"]); trim = case["trim"]
    out = []
    for s, e in bounds:
        t = e - s
        K = len(k)
        if trim == "left": cut = (K - 1, t + K - 1)
        elif trim == "right": cut = (0, t)
        else: cut = ((K - 1) // 2, t + K - 1 - ((K - 1) // 2) - (1 - K % 2))
        out += signal.convolve(x[s:e], k)[cut[0]:cut[1]].tolist()
    res.append(out)
print(json.dumps(res))
`;
  return await pythonPipeJson(["-c", script], [x, cases, bounds]);
}

Deno.test("convolve matches scipy.signal.convolve with pynapple's trimming, per epoch", async () => {
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const n = 3000;
  const t = Array.from({ length: n }, (_, i) => i / 100);
  const x = t.map(() => rand() - 0.5);
  const tsd = new Tsd({ t, d: x });
  const ep = new IntervalSet({ start: [0, 12], end: [10, 29.99] });
  const bounds: [number, number][] = [[0, 1001], [1200, 3000]];
  // short kernels take the direct path; the 2500-sample one the FFT overlap-add path on the
  // second epoch (1800 × 2500 samples of work)
  const kernels = [[1, 2, 1], [0.25, 0.25, 0.25, 0.25], Array.from({ length: 2500 }, () => rand())];
  const cases = kernels.flatMap((k) =>
    (["both", "left", "right"] as const).map((trim) => ({ k, trim }))
  );
  const want = await scipy(x, cases, bounds);
  cases.forEach(({ k, trim }, i) => {
    const got = tsd.convolve(k, { ep, trim });
    assertEquals(got.length, want[i].length);
    assertArrayAlmostEquals(got.values as Float64Array, want[i], 1e-9, `k=${k.length} ${trim}`);
  });
});

Deno.test("convolve on a TsdFrame works column by column; smooth normalises a Gaussian", () => {
  const f = new TsdFrame({ t: [0, 1, 2, 3], d: [[1, 0], [0, 0], [0, 2], [0, 0]] });
  const c = f.convolve([1, 1, 1]);
  assertEquals(Array.from((c.values as NDArray).data as Float64Array), [1, 0, 1, 2, 0, 2, 0, 2]);
  const flat = new Tsd({
    t: Array.from({ length: 500 }, (_, i) => i / 100),
    d: new Float64Array(500).fill(3),
  });
  const s = flat.smooth(0.02, { windowSize: 0.2 });
  // a normalised window keeps a constant signal constant away from the edges
  assertArrayAlmostEquals(
    (s.values as Float64Array).subarray(20, 480),
    new Array(460).fill(3),
    1e-12,
  );
  assertThrows(() => flat.convolve([]), NappleError);
  assertThrows(() => flat.smooth(0.001), NappleError);
});
