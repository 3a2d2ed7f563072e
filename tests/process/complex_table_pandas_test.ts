// ComplexTable (compute_fft's result) printed against real pandas 1.5.3 (/usr/bin/python3): random
// complex frames whose columns mix ordinary values, values with trailing zeros (0.5, 2), zeros,
// negative zeros, magnitudes below 1e-6 and above 1e6 — each switches pandas' formatting.
import { assertEquals } from "../assert.ts";
import { pythonPipeJson } from "../io/python_client.ts";
import { ComplexTable } from "../../lib/process/complex_table.ts";
import { seeded } from "../random.ts";

const PANDAS = `
import json, sys
import numpy as np, pandas as pd
out = []
for case in json.load(sys.stdin):
    n, m = len(case["index"]), len(case["columns"])
    z = (np.array(case["re"], dtype=float) + 1j * np.array(case["im"], dtype=float)).reshape(n, m)
    if case["negzero"]:
        z.real[z.real == 0] = -0.0
    out.append(str(pd.DataFrame(z, index=np.array(case["index"], dtype=float), columns=case["columns"])))
print(json.dumps(out))
`;

type Kind = "plain" | "halves" | "tiny" | "huge" | "zeros";
const KINDS: Kind[] = ["plain", "halves", "tiny", "huge", "zeros"];

function value(kind: Kind, r: () => number): number {
  const sign = r() < 0.4 ? -1 : 1;
  switch (kind) {
    case "plain":
      return sign * r() * 40;
    case "halves":
      return sign * Math.floor(r() * 8) / 2;
    case "tiny":
      return r() < 0.5 ? sign * r() * 1e-8 : sign * r() * 3;
    case "huge":
      return r() < 0.5 ? sign * r() * 1e9 : sign * r() * 3;
    case "zeros":
      return r() < 0.5 ? 0 : sign * Math.floor(r() * 5);
  }
}

Deno.test("ComplexTable prints exactly like pandas 1.5.3 on random complex frames", async () => {
  const cases = Array.from({ length: 40 }, (_, k) => {
    const r = seeded(1000 + k);
    const n = 1 + Math.floor(r() * (k % 5 === 0 ? 80 : 12));
    const m = 1 + Math.floor(r() * 4);
    const kinds = Array.from({ length: m }, () => KINDS[Math.floor(r() * KINDS.length)]);
    const re = new Float64Array(n * m), im = new Float64Array(n * m);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        // zeros are sent to Python as JSON, which has no -0: the sign of zero is set on both sides
        re[i * m + j] = value(kinds[j], r) || 0;
        im[i * m + j] = value(kinds[j], r) || 0;
      }
    }
    const negzero = k % 3 === 0;
    if (negzero) re.forEach((v, i) => v === 0 && (re[i] = -0));
    const index = Float64Array.from({ length: n }, (_, i) => i * (1 + r()));
    return new ComplexTable(index, Array.from({ length: m }, (_, j) => j), re, im);
  });
  const want = await pythonPipeJson<string[]>(
    ["-c", PANDAS],
    cases.map((c) => ({
      index: Array.from(c.index),
      columns: c.columns,
      re: Array.from(c.re),
      im: Array.from(c.im),
      negzero: Array.from(c.re).some((v) => Object.is(v, -0)),
    })),
  );
  cases.forEach((c, k) => assertEquals(c.toString(), want[k], `case ${k}`));
});

Deno.test("ComplexTable prints a value with a NaN part as NaN (pandas 1.5.3: N000a000N)", async () => {
  const t = new ComplexTable(
    Float64Array.of(0, 1),
    [0],
    Float64Array.of(NaN, 1.5),
    Float64Array.of(2, -0.25),
  );
  const [pandas] = await pythonPipeJson<string[]>(
    ["-c", PANDAS],
    [{ index: [0, 1], columns: [0], re: [null, 1.5], im: [2, -0.25], negzero: false }],
  );
  // pandas pads the NaN like a number (a bug of _trim_zeros_complex); the other rows agree
  assertEquals(pandas.split("\n")[1], "0.0 N0000a0000N");
  assertEquals(t.toString().split("\n"), ["              0", "0.0         NaN", "1.0  1.50-0.25j"]);
  assertEquals(t.toString().split("\n")[2], pandas.split("\n")[2]);
});
