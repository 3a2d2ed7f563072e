// LabeledTable.toString() against real pandas 1.5.3 (/usr/bin/python3), as pynapple's users see
// their DataFrame results printed from a script: single-level and pair (MultiIndex) columns,
// horizontal and vertical truncation, int64 counts, string index.
import { assertEquals } from "../assert.ts";
import { pythonPipeJson } from "../io/python_client.ts";
import { type Label, LabeledTable, type LabeledTableOptions } from "../../lib/process/table.ts";
import { seeded } from "../random.ts";

const PANDAS = `
import json, sys
import numpy as np, pandas as pd
out = []
for case in json.load(sys.stdin):
    vals = np.array([[np.nan if v is None else v for v in row] for row in case["values"]], dtype=float)
    cols = case["columns"]
    columns = pd.MultiIndex.from_tuples([tuple(c) for c in cols]) if isinstance(cols[0], list) else cols
    index = np.array(case["index"], dtype=float) if case["floatIndex"] else case["index"]
    df = pd.DataFrame(vals, index=index, columns=columns)
    if case["dtype"] == "int64":
        df = df.astype("int64")
    out.append(str(df))
print(json.dumps(out))
`;

interface Case {
  index: Label[];
  columns: Label[];
  values: Float64Array;
  options: LabeledTableOptions;
}

function makeCase(
  nrow: number,
  columns: Label[],
  index: Label[] | undefined,
  options: LabeledTableOptions,
  seed: number,
): Case {
  const r = seeded(seed);
  const values = Float64Array.from(
    { length: nrow * columns.length },
    (_, i) => options.dtype === "int64" ? Math.floor(r() * 500) : i % 17 === 3 ? NaN : r() * 30,
  );
  const idx = index ??
    Array.from({ length: nrow }, (_, i) => Math.round((i - nrow / 2) * 0.01 * 1e6) / 1e6);
  return { index: idx, columns, values, options };
}

Deno.test("LabeledTable prints exactly like pandas 1.5.3", () => {
  const pairs = (n: number) => {
    const out: Label[] = [];
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out.push([i, j]);
    return out;
  };
  const cases: Case[] = [
    makeCase(10, Array.from({ length: 12 }, (_, i) => i), undefined, { floatIndex: true }, 1),
    makeCase(7, [0, 6, 13], [4.5, 14.5, 24.5, 34.5, 44.5, 54.5, 64.5], { floatIndex: true }, 2),
    makeCase(3, [[0, 1], [0, 2], [1, 2]], [-0.1, 0, 0.1], { floatIndex: true }, 3),
    makeCase(21, pairs(6), undefined, { floatIndex: true }, 4),
    makeCase(70, [[0, 1], [0, 2], [5, 9]], undefined, { floatIndex: true }, 5),
    // keys of mixed widths: pandas pads each level's numbers to its widest label
    makeCase(4, [[0, 5], [0, 12], [5, 12], [12, 13]], undefined, { floatIndex: true }, 9),
    makeCase(12, [0, 1, 2, 3], undefined, { floatIndex: true, dtype: "int64" }, 6),
    makeCase(2, [3, 7], ["stim0", "stim1"], {}, 7),
  ];
  const payload = cases.map((c) => ({
    index: c.index,
    columns: c.columns,
    values: Array.from(
      { length: c.index.length },
      (_, i) =>
        Array.from(
          c.values.slice(i * c.columns.length, (i + 1) * c.columns.length),
          (v) => Number.isNaN(v) ? null : v,
        ),
    ),
    floatIndex: !!c.options.floatIndex,
    dtype: c.options.dtype ?? "float64",
  }));
  return pythonPipeJson<string[]>(["-c", PANDAS], payload).then((want) => {
    cases.forEach((c, k) => {
      const t = new LabeledTable(c.index, c.columns, c.values, c.options);
      assertEquals(t.toString(), want[k], `case ${k}`);
    });
  });
});
