import { assert, assertEquals, assertStringIncludes, readJson, TESTDATA } from "../assert.ts";
import {
  IntervalSet,
  loadNpz,
  NDArray,
  type Ts,
  type Tsd,
  TsdFrame,
  type TsdTensor,
  type TsGroup,
} from "../../mod.ts";
import { InMemoryLazyArray } from "../../lib/array/lazy.ts";
import { terminalSize } from "../../lib/display/terminal.ts";
import { fromGolden, goldenObject } from "./golden_helpers.ts";

type Printable = Ts | Tsd | TsdFrame | TsdTensor | TsGroup | IntervalSet;

function readText(path: string): string {
  return Deno.readTextFileSync(path).replace(/\n$/, "");
}

function checkRepr(obj: Printable, dir: string, base: string) {
  assertEquals(obj.toString(), readText(`${dir}/${base}.txt`), `${dir}/${base}.txt`);
  assertEquals(
    obj.toString({ columns: 200, rows: 60 }),
    readText(`${dir}/${base}_200x60.txt`),
    `${dir}/${base}_200x60.txt`,
  );
}

const NPZ = [
  "ts",
  "tsd_float64",
  "tsd_int64",
  "tsd_float32",
  "tsd_bool",
  "tsdframe_str_columns",
  "tsdframe_metadata",
  "tsdtensor",
  "tsgroup_ts_metadata",
  // tsgroup_many_units is left out: its object column "note" mixes Python int 3 and float 3.0,
  // which JSON (and a JS number) cannot tell apart; it is printed from the npz file below
  "tsgroup_from_nwb_units",
  "intervalset_metadata",
  "intervalset_empty",
  "intervalset_from_nwb_sleep_states",
];

Deno.test("toString of objects built from npz goldens is pynapple's print, 80x24 and 200x60", () => {
  for (const name of NPZ) {
    const obj = fromGolden(goldenObject(name));
    checkRepr(obj, `${TESTDATA}golden/npz/${name}`, "repr");
  }
});

Deno.test("loadNpz(tsgroup_many_units) prints pynapple's repr exactly, 80x24 and 200x60", () => {
  const g = loadNpz(`${TESTDATA}npz/tsgroup_many_units.npz`) as TsGroup;
  checkRepr(g, `${TESTDATA}golden/npz/tsgroup_many_units`, "repr");
  // The object column keeps Python's float/int distinction: 3.0 (a float) and 3 (an int).
  const note = g.getInfo("note");
  assertEquals(note.slice(2, 4), [{ py: "float", v: 3 }, 3]);
  const lines = g.toString().split("\n");
  assert(/^5 .* 3\.0 +unit_005/.test(lines[4]), lines[4]);
  assert(/^7 .* 3 +unit_007/.test(lines[5]), lines[5]);
});

Deno.test("a TsGroup of Tsd prints as pynapple's (tsgroup_tsd_valued, corrected reader)", () => {
  const dir = `${TESTDATA}golden/npz/tsgroup_tsd_valued`;
  // deno-lint-ignore no-explicit-any
  const g = readJson<any>(`${dir}/summary.json`).object_if_reader_used_d;
  checkRepr(fromGolden(g), dir, "repr_if_reader_used_d");
});

Deno.test("toString of restrict/get results matches pynapple's print", () => {
  // deno-lint-ignore no-explicit-any
  const golden = readJson<any>(`${TESTDATA}golden/analysis/restrict_get_tsdframe_npz.json`);
  const frame = fromGolden(goldenObject("tsdframe_metadata")) as TsdFrame;
  const dir = `${TESTDATA}golden/analysis/restrict_get_tsdframe_npz`;
  for (const [name, op] of Object.entries(golden.spec.ops) as [string, Record<string, never>][]) {
    if (op.op === "restrict") {
      checkRepr(frame.restrict(new IntervalSet({ start: op.start, end: op.end })), dir, name);
    } else if (op.end !== null) {
      checkRepr(frame.get(op.start as number, op.end as number), dir, name);
    }
  }
});

Deno.test("Deno.inspect and the Jupyter bundle show the same text", () => {
  const tsd = fromGolden(goldenObject("tsd_float64")) as Tsd;
  assertEquals(Deno.inspect(tsd), tsd.toString(terminalSize()));
  const display = (tsd as unknown as Record<symbol, () => Record<string, string>>)[
    Symbol.for("Jupyter.display")
  ];
  const b = display.call(tsd);
  assertEquals(b["text/plain"], tsd.toString());
  assertEquals(typeof b["text/html"], "string");
});

Deno.test("printing a lazy series reads only the rows it shows", () => {
  const n = 100_000;
  const t = Float64Array.from({ length: n }, (_, i) => i / 100);
  const lazy = new InMemoryLazyArray(
    new NDArray(Float64Array.from({ length: n * 3 }, (_, i) => i), [n, 3]),
    "big.nwb:/x",
  );
  const f = new TsdFrame({ t, d: lazy, columns: ["a", "b", "c"] });
  const text = f.toString();
  assertEquals(text.split("\n").at(-1), "dtype: float64, shape: (100000, 3)");
  assert(lazy.stats.bytesRead <= 20 * 3 * 8, `read ${lazy.stats.bytesRead} bytes`);
  const html = (f as unknown as Record<symbol, () => Record<string, string>>)[
    Symbol.for("Jupyter.display")
  ].call(f)["text/html"];
  assertStringIncludes(html, "<table");
  assert(lazy.stats.bytesRead <= 2 * 20 * 3 * 8, `read ${lazy.stats.bytesRead} bytes`);
});

Deno.test("IntervalSet and TsGroup have an HTML table in their Jupyter bundle", () => {
  for (
    const obj of [
      fromGolden(goldenObject("intervalset_metadata")),
      fromGolden(goldenObject("tsgroup_ts_metadata")),
    ]
  ) {
    const b = (obj as unknown as Record<symbol, () => Record<string, string>>)[
      Symbol.for("Jupyter.display")
    ].call(obj);
    assertEquals(b["text/plain"], obj.toString());
    assertStringIncludes(b["text/html"], "<table");
  }
});
