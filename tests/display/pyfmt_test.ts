// Number formatting checked against CPython and numpy themselves (/usr/bin/python3) on values
// chosen to hit the hard cases: exact ties, float32 widening, exponent switches, tiny and huge.
import { array2string } from "../../lib/display/array2string.ts";
import {
  around,
  dragon4Positional,
  dragon4Scientific,
  formatG,
  reprFloat,
  reprFloat32,
} from "../../lib/display/pyfmt.ts";
import { assertEquals } from "../assert.ts";
import { pythonPipe } from "../io/python_client.ts";

function values(): number[] {
  const xs = [
    44214808.94088745, // with 72156.27: a float32 pair printed with exact integer digits
    72156.27,
    -0.005, // np.around(-0.005, 2) is -0.0
    -0.015,
    0,
    -0,
    0.5,
    1.5,
    2.5,
    1234565,
    1234575,
    0.125,
    0.375,
    1e-4,
    9.99999e-5,
    1e16,
    9.999999e15,
    123456789,
    1e22,
    5e-324,
    1.7976931348623157e308,
    0.1,
    0.30000000000000004,
    2 / 3,
    -1 / 3,
    50.99833416646828,
    100.27732,
    0.0759324,
    1e6,
    999999.5,
    999995,
    0.00012345,
    12345.678901,
    NaN,
    Infinity,
    -Infinity,
    // near-ties that are not exact (large and small magnitudes) and exact dyadic ties
    1234565e20,
    1.234565e26,
    0.1234565,
    1234565e-10,
    123456.5,
    1234567.5,
    2 ** 60 + 2 ** 9,
    9.5e-7,
    0.5e-6,
    1.0000005,
    4.0000005e15,
  ];
  let seed = 12345;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let i = 0; i < 300; i++) {
    const mag = Math.floor(rand() * 30) - 12;
    xs.push((rand() - 0.5) * 10 ** mag);
    xs.push(Math.round(rand() * 1e6) / 2 ** Math.floor(rand() * 12)); // dyadic: exact ties
  }
  return xs;
}

const PY = `
import json, sys, warnings, numpy as np
warnings.filterwarnings("ignore")
xs = [float(v) for v in json.loads(sys.stdin.read())]
out = []
for x in xs:
    f32 = np.float32(x)
    out.append([
        repr(x), format(x, "g"), str(f32), repr(float(np.around(x, 2))),
        np.format_float_positional(x, precision=6, unique=True, trim="."),
        np.format_float_scientific(x, precision=6, unique=True, trim="."),
    ] if np.isfinite(x) else [repr(x), format(x, "g"), str(f32), repr(float(np.around(x, 2))), "", ""])
arrs = [np.array(xs[i:i + 2]) for i in range(0, 60, 2)]
out2 = [np.array2string(a, precision=6, separator=", ") for a in arrs]
out3 = [np.array2string(a.astype(np.float32), precision=6, separator=" ... ") for a in arrs]
print(json.dumps([out, out2, out3]))
`;

Deno.test("pyfmt: repr, format g, float32 str, around and Dragon4 match CPython/numpy", async () => {
  const xs = values();
  // sent as JS number strings (exact round-trip; "-0.0" keeps the sign), parsed by float()
  const json = JSON.stringify(xs.map((x) => Object.is(x, -0) ? "-0.0" : String(x)));
  const [ref, arr, arr32] = JSON.parse(
    new TextDecoder().decode(await pythonPipe(["-c", PY], json)),
  );
  const ours = xs.map((x) =>
    Number.isFinite(x)
      ? [
        reprFloat(x),
        formatG(x),
        reprFloat32(Math.fround(x)),
        reprFloat(around(x, 2)),
        dragon4Positional(x, { precision: 6, unique: true, trim: "." }),
        dragon4Scientific(x, { precision: 6, unique: true, trim: "." }),
      ]
      : [reprFloat(x), formatG(x), reprFloat32(x), reprFloat(around(x, 2)), "", ""]
  );
  for (let i = 0; i < xs.length; i++) assertEquals(ours[i], ref[i], `value ${xs[i]}`);
  for (let i = 0; i < 30; i++) {
    const pair = xs.slice(2 * i, 2 * i + 2);
    assertEquals(array2string(pair, "float64", 6, ", "), arr[i], `array ${pair}`);
    assertEquals(
      array2string(pair.map(Math.fround), "float32", 6, " ... "),
      arr32[i],
      `float32 array ${pair}`,
    );
  }
});
