import { assertEquals, assertStringIncludes, assertThrows } from "../assert.ts";
import { NappleError } from "../../lib/errors.ts";
import { LabeledTable } from "../../lib/process/table.ts";
import { isProgressEnabled, Progress, setProgressEnabled } from "../../lib/process/progress.ts";

Deno.test("LabeledTable prints like pandas and looks up by label", () => {
  const t = new LabeledTable([5, 15], [0, 6], Float64Array.of(1.5, NaN, 0.25, 2), {
    floatIndex: true,
  });
  // pandas 1.5.3: print(pd.DataFrame([[1.5, np.nan], [0.25, 2.0]], index=[5.0, 15.0], columns=[0, 6]))
  assertEquals(t.toString(), "         0    6\n5.0   1.50  NaN\n15.0  0.25  2.0");
  assertEquals(t.loc(15, 6), 2);
  assertEquals(Array.from(t.column(0)), [1.5, 0.25]);
  assertEquals(t.shape, [2, 2]);
  assertThrows(() => t.loc(15, 7), NappleError, "no column 7");
  assertThrows(() => new LabeledTable([1], [1, 2], Float64Array.of(1)), NappleError, "cannot hold");
  const display = t as unknown as Record<symbol, () => Record<string, string>>;
  const bundle = display[Symbol.for("Jupyter.display")]();
  assertStringIncludes(bundle["text/html"], "<table");
  assertEquals(bundle["text/plain"], t.toString());
});

Deno.test("LabeledTable with pair columns prints the pair on two header lines", () => {
  const t = new LabeledTable([-0.1, 0, 0.1], [[0, 1], [0, 2]], Float64Array.of(1, 2, 3, 4, 5, 6), {
    floatIndex: true,
  });
  const lines = t.toString().split("\n");
  assertEquals(lines.length, 5);
  assertStringIncludes(t.toHtml(), "(0, 1)");
});

Deno.test("progress is silent outside a terminal or Jupyter and can be switched off", () => {
  const p = Progress.start("x");
  p?.setTotal(10);
  p?.advance(10);
  p?.done(); // stderr is not a terminal under `deno test`: nothing is written
  setProgressEnabled(false);
  assertEquals(isProgressEnabled(), false);
  assertEquals(Progress.start("x"), undefined);
  setProgressEnabled(true);
});
