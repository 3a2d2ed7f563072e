import {
  intervalSetText,
  tsdFrameText,
  tsdTensorText,
  tsdText,
  tsGroupText,
  tsText,
} from "../../lib/display/text.ts";
import { NDArray } from "../../lib/array/ndarray.ts";
import { NappleError } from "../../lib/errors.ts";
import type { SeriesView, TextSize } from "../../lib/display/views.ts";
import { assert, assertEquals, TESTDATA } from "../assert.ts";
import {
  fullSeries,
  golden,
  headTailSeries,
  intervalSetView,
  readJson,
  sizeOfName,
  tsGroupView,
} from "./fixtures.ts";

const SERIES: Record<string, (v: SeriesView, s?: TextSize) => string> = {
  Ts: tsText,
  Tsd: tsdText,
  TsdFrame: tsdFrameText,
  TsdTensor: tsdTensorText,
};

const inputs = readJson(TESTDATA + "display/series_inputs.json");

// deno-lint-ignore no-explicit-any
function render(o: any, size: TextSize | undefined, key: string): string {
  if (o.class === "IntervalSet") return intervalSetText(intervalSetView(o), size);
  if (o.class === "TsGroup") return tsGroupText(tsGroupView(o), size);
  const fn = SERIES[o.class];
  assert(fn, `unknown class ${o.class}`);
  const view = o.t ? fullSeries(o) : headTailSeries(inputs[key]);
  return fn(view, size);
}

function diff(actual: string, expected: string): string {
  const a = actual.split("\n");
  const e = expected.split("\n");
  for (let i = 0; i < Math.max(a.length, e.length); i++) {
    if (a[i] !== e[i]) {
      return `line ${i + 1}\n  actual:   ${JSON.stringify(a[i])}\n  expected: ${
        JSON.stringify(e[i])
      }`;
    }
  }
  return "";
}

for (const name of [...Deno.readDirSync(TESTDATA + "golden/npz")].map((d) => d.name).sort()) {
  const summary = readJson(`${TESTDATA}golden/npz/${name}/summary.json`);
  const obj = summary.object ?? summary.object_if_reader_used_d;
  if (
    !obj || !["Ts", "Tsd", "TsdFrame", "TsdTensor", "IntervalSet", "TsGroup"].includes(obj.class)
  ) continue;
  const files = [...Deno.readDirSync(`${TESTDATA}golden/npz/${name}`)]
    .map((d) => d.name).filter((f) => f.startsWith("repr") && f.endsWith(".txt"));
  for (const file of files) {
    Deno.test(`text: npz/${name}/${file}`, () => {
      const key = `npz/${name}`;
      const o = obj.class === "Ts" ? { ...obj, t: undefined } : obj;
      const actual = render(o, sizeOfName(file), key);
      const expected = golden(`golden/npz/${name}/${file}`);
      assertEquals(diff(actual, expected), "", file);
    });
  }
}

for (const name of [...Deno.readDirSync(TESTDATA + "golden/nwb")].map((d) => d.name).sort()) {
  const summary = readJson(`${TESTDATA}golden/nwb/${name}/summary.json`);
  // deno-lint-ignore no-explicit-any
  for (const [key, obj] of Object.entries<any>(summary.objects)) {
    for (const file of Object.values<string>(obj.repr_files ?? {})) {
      Deno.test(`text: nwb/${name}/${file}`, () => {
        const actual = render(obj, sizeOfName(file), `nwb/${name}/${key}`);
        const expected = golden(`golden/nwb/${name}/repr/${file}`);
        assertEquals(diff(actual, expected), "", file);
      });
    }
  }
}

for (const file of [...Deno.readDirSync(TESTDATA + "golden/analysis")].map((d) => d.name).sort()) {
  if (!file.endsWith(".json")) continue;
  const name = file.replace(/\.json$/, "");
  const results = readJson(`${TESTDATA}golden/analysis/${file}`).results;
  // deno-lint-ignore no-explicit-any
  for (const [key, obj] of Object.entries<any>(results)) {
    if (!obj.t || !obj.values) continue; // summaries without full arrays
    for (const repr of Object.values<string>(obj.repr_files ?? {})) {
      Deno.test(`text: analysis/${name}/${repr}`, () => {
        const actual = render(obj, sizeOfName(repr), `analysis/${name}/${key}`);
        const expected = golden(`golden/analysis/${name}/${repr}`);
        assertEquals(diff(actual, expected), "", repr);
      });
    }
  }
}

Deno.test("text: a 10M-row lazy series is printed from its head and tail rows only", () => {
  const n = 10_000_000;
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = i / 1000;
  const reads: [number, number][] = [];
  const view = (shape: number[]): SeriesView => ({
    t,
    shape,
    dtype: "float64",
    readRows(s, e) {
      reads.push([s, e]);
      const w = shape.slice(1).reduce((a, b) => a * b, 1);
      const out = new Float64Array((e - s) * w).map((_, k) => s + Math.floor(k / w));
      return new NDArray(out, [e - s, ...shape.slice(1)], "float64");
    },
  });
  const lines = tsdText(view([n])).split("\n");
  assertEquals(lines[2], "0.0         0");
  assertEquals(lines.at(-2), "9999.999    1e+07"); // format(9999999.0, "g"), as tabulate does
  tsdFrameText(view([n, 3]));
  tsdTensorText(view([n, 2, 2]));
  assertEquals(reads.length, 6);
  for (const [s, e] of reads) assert(e - s === 7 && (s === 0 || s === n - 7), `read ${s}..${e}`);
});

Deno.test("text: a data source that returns the wrong number of rows fails with a clear error", () => {
  const bad: SeriesView = {
    t: new Float64Array([0, 1, 2]),
    shape: [3, 2],
    dtype: "float64",
    readRows: () => new NDArray(new Float64Array(2), [1, 2], "float64"),
  };
  let err: unknown;
  try {
    tsdFrameText(bad);
  } catch (e) {
    err = e;
  }
  assert(err instanceof NappleError && err.code === "SHAPE_MISMATCH", String(err));
  assert(String((err as Error).message).includes("rows 0..3"), (err as Error).message);
});
