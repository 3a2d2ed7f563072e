// pandas 1.5.3 print(df) texts were produced by pandas itself (testdata/display/make_dataframes.py).
import { NDArray } from "../../lib/array/ndarray.ts";
import { dataFrameText } from "../../lib/display/dataframe.ts";
import type { NappleError } from "../../lib/errors.ts";
import { assertEquals, TESTDATA } from "../assert.ts";
import { plain, readJson } from "./fixtures.ts";

const cases = plain(readJson(TESTDATA + "display/dataframe_cases.json"));

for (const c of cases) {
  for (const [size, expected] of Object.entries<string>(c.expected)) {
    Deno.test(`dataframe: ${c.name} at ${size}`, () => {
      const notebook = size === "notebook";
      const [columns, rows] = notebook ? [80, 24] : size.split("x").map(Number);
      const text = dataFrameText(c.index, c.columns, c.values, {
        mode: notebook ? "notebook" : "script",
        size: { columns, rows },
        dtypes: c.dtypes,
        indexDtype: c.index_dtype,
        columnsDtype: c.columns_dtype,
        indexName: c.index_name ?? undefined,
      });
      assertEquals(text.split("\n"), expected.split("\n"));
    });
  }
}

Deno.test("dataframe: a bare terminal size is accepted as the last argument", () => {
  const c = cases.find((x: { name: string }) => x.name === "tuning_npz");
  const text = dataFrameText(c.index, c.columns, c.values, { columns: 200, rows: 60 });
  assertEquals(text, c.expected["200x60"]);
});

Deno.test("dataframe: a long NDArray is not copied (head/tail only) and shapes are checked", () => {
  const n = 1_000_000;
  const data = new Float64Array(n * 2).map((_, k) => k);
  const index = Float64Array.from({ length: n }, (_, i) => i * 0.5);
  const text = dataFrameText(index, ["a", "b"], new NDArray(data, [n, 2], "float64"));
  const lines = text.split("\n");
  assertEquals(lines.length, 1 + 10 + 1 + 2);
  assertEquals(lines.at(-1), "[1000000 rows x 2 columns]");
  let err: unknown;
  try {
    dataFrameText([0, 1], ["a"], [[1], [2], [3]]);
  } catch (e) {
    err = e;
  }
  assertEquals((err as NappleError).code, "SHAPE_MISMATCH");
});
