// The oracle's comparison of printouts (tests/oracle/canon.ts): exact where every number agreed
// exactly, word by word (last printed digit free) where some agreed only within tolerance.
import { assertEquals } from "../assert.ts";
import { type Canon, compare } from "./canon.ts";

function tsd(v: number[], repr: string): Canon {
  return {
    kind: "Tsd",
    t: [0, 1],
    d: { dtype: "float64", shape: [2], v },
    support: { start: [0], end: [1] },
    repr,
  };
}

const PRINT = (a: string, b: string, head = "Time (s)") =>
  `${head}\n----------  --\n0.0         ${a}\n1.0         ${b}\ndtype: float64, shape: (2,)`;

Deno.test("printouts must be equal where every number agreed exactly", () => {
  assertEquals(compare(tsd([1, 2], PRINT("1.0", "2.0")), tsd([1, 2], PRINT("1.0", "2.0"))), []);
  assertEquals(
    compare(tsd([1, 2], PRINT("1.0", "2.0")), tsd([1, 2], PRINT("1.0", "2.1"))).length,
    1,
  );
});

Deno.test("printouts of numbers equal within tolerance may differ in the last digit only", () => {
  const a = tsd([0.6175625, 2], PRINT("0.617563", "2.0"));
  const b = tsd([0.6175624999999, 2], PRINT("0.617562", "2.0"));
  assertEquals(compare(a, b), []);
  // two units of the last digit, a changed label, a missing line: all reported
  const far = tsd([0.6175624999999, 2], PRINT("0.617561", "2.0"));
  const head = tsd([0.6175624999999, 2], PRINT("0.617562", "2.0", "Time (ms)"));
  const short = tsd([0.6175624999999, 2], PRINT("0.617562", "2.0").split("\n").slice(1).join("\n"));
  for (const other of [far, head, short]) assertEquals(compare(a, other).length, 1);
  // larger magnitudes too (a float subtraction of 15.242188 and 15.242187 exceeds 1e-6), and a
  // number printed with exponents
  const big = tsd([15.2421875, 2], PRINT("15.242188", "2.0"));
  assertEquals(compare(big, tsd([15.24218749999, 2], PRINT("15.242187", "2.0"))), []);
  assertEquals(compare(big, tsd([15.24218749999, 2], PRINT("15.242186", "2.0"))).length, 1);
  const exp = tsd([1.2345675e-7, 2], PRINT("1.234568e-07", "2.0"));
  assertEquals(compare(exp, tsd([1.23456749999e-7, 2], PRINT("1.234567e-07", "2.0"))), []);
  assertEquals(compare(exp, tsd([1.23456749999e-7, 2], PRINT("1.234566e-07", "2.0"))).length, 1);
});
