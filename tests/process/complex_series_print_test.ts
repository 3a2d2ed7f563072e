// ComplexSeries (wavelet transforms, Morlet filterbanks) prints as pynapple 0.9.2 prints its
// complex128 TsdFrame / TsdTensor: random parts of every magnitude (positional and exponent
// formats, zero real parts, NaN, inf), frames and tensors of several shapes, long and short.
import { assertEquals } from "../assert.ts";
import { pynappleValues } from "../oracle/client.ts";
import { NDArray } from "../../lib/array/ndarray.ts";
import { TsdFrame, TsdTensor } from "../../lib/core/time_series.ts";
import { ComplexSeries } from "../../lib/process/complex_series.ts";
import { seeded } from "../random.ts";

interface Case {
  t: number[];
  shape: number[];
  re: (number | null | string)[];
  im: (number | null | string)[];
  columns?: number[];
}

// JSON has no NaN or inf: they travel as strings and Python turns them back into floats
const json = (x: number) =>
  Number.isNaN(x) ? "nan" : Number.isFinite(x) ? x : x > 0 ? "inf" : "-inf";

function values(size: number, r: () => number): Float64Array {
  const scale = [1, 1e-7, 1e9, 1e-3][Math.floor(r() * 4)];
  return Float64Array.from({ length: size }, () => {
    const u = r();
    if (u < 0.05) return 0;
    if (u < 0.07) return NaN;
    if (u < 0.08) return r() < 0.5 ? Infinity : -Infinity;
    if (u < 0.15) return Math.round((r() - 0.5) * 8) / 4 || 0; // no -0: JSON cannot carry it
    return (r() - 0.4) * scale * (r() < 0.3 ? 1000 : 1);
  });
}

Deno.test("ComplexSeries prints as pynapple's complex128 TsdFrame and TsdTensor", async () => {
  const made: { series: ComplexSeries; c: Case }[] = [];
  for (let k = 0; k < 36; k++) {
    const r = seeded(77 + k);
    const n = 1 + Math.floor(r() * (k % 4 === 0 ? 90 : 9));
    const tensor = k % 2 === 1;
    const rowShape = tensor
      ? (k % 3 === 0
        ? [1 + Math.floor(r() * 3), 1 + Math.floor(r() * 4), 2]
        : [1 + Math.floor(r() * 4), 1 + Math.floor(r() * 5)])
      : [1 + Math.floor(r() * 7)];
    const shape = [n, ...rowShape];
    const size = shape.reduce((a, b) => a * b, 1);
    const re = values(size, r), im = values(size, r);
    const t = Float64Array.from({ length: n }, (_, i) => i * 0.01 + Math.floor(r() * 3));
    t.sort();
    const columns = tensor ? undefined : Array.from({ length: rowShape[0] }, (_, j) => 2 + j * 1.5);
    const part = (d: Float64Array) =>
      tensor
        ? new TsdTensor({ t, d: new NDArray(d, shape, "float64") })
        : new TsdFrame({ t, d: new NDArray(d, shape, "float64"), columns });
    made.push({
      series: new ComplexSeries(part(re), part(im)),
      c: { t: Array.from(t), shape, re: Array.from(re, json), im: Array.from(im, json), columns },
    });
  }
  const want = await pynappleValues<string[]>(
    `
out = []
for c in inp:
    d = (np.array(c["re"], dtype=float) + 1j * np.array(c["im"], dtype=float)).reshape(c["shape"])
    # re + 1j*im turns an infinite imaginary part's real into nan: set the parts exactly
    d.real = np.array(c["re"], dtype=float).reshape(c["shape"])
    d.imag = np.array(c["im"], dtype=float).reshape(c["shape"])
    if c.get("columns") is None:
        out.append(str(nap.TsdTensor(t=np.array(c["t"]), d=d)))
    else:
        out.append(str(nap.TsdFrame(t=np.array(c["t"]), d=d, columns=np.array(c["columns"], dtype=float))))
`,
    made.map((m) => m.c),
  );
  made.forEach(({ series }, k) => {
    assertEquals(series.toString().split("\n"), want[k].split("\n"), `case ${k}`);
  });
});
