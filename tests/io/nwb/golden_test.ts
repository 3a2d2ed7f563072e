/**
 * Every shared NWB fixture against pynapple 0.9.2's goldens: keys, order, types, ids, full
 * paths, printout, and per object shapes, dtypes, timestamps, values, supports, columns,
 * metadata and warnings.
 */
import {
  assert,
  assertAlmostEquals,
  assertArrayAlmostEquals,
  assertEquals,
  readJson,
  TESTDATA,
} from "../../assert.ts";
import { NWBFile } from "../../../lib/io/nwb/nwbfile.ts";
import { collectWarnings } from "../../../lib/warnings.ts";
import { isLazy } from "../../../lib/array/lazy.ts";
import { materialize } from "../../../lib/array/lazy.ts";
import { IntervalSet } from "../../../lib/core/interval_set.ts";
import { Ts, Tsd, TsdFrame, TsdTensor } from "../../../lib/core/time_series.ts";
import { TsGroup } from "../../../lib/core/ts_group.ts";
import type { Metadata } from "../../../lib/core/metadata.ts";

// deno-lint-ignore no-explicit-any
type Golden = Record<string, any>;

const NAMES = [...Deno.readDirSync(`${TESTDATA}nwb`)]
  .filter((e) => e.name.endsWith(".nwb"))
  .map((e) => e.name.slice(0, -4))
  .sort();

function golden(name: string): Golden {
  return readJson<Golden>(`${TESTDATA}golden/nwb/${name}/summary.json`);
}

function className(o: unknown): string {
  if (o instanceof TsGroup) return "TsGroup";
  if (o instanceof IntervalSet) return "IntervalSet";
  if (o instanceof TsdFrame) return "TsdFrame";
  if (o instanceof TsdTensor) return "TsdTensor";
  if (o instanceof Tsd) return "Tsd";
  if (o instanceof Ts) return "Ts";
  return typeof o;
}

function checkMetadata(md: Metadata, g: Golden, what: string): void {
  const cols = g.columns.filter((c: string) => c !== "rate");
  assertEquals(md.columns.filter((c) => c !== "rate"), cols, `${what} metadata columns`);
  for (const c of g.columns) {
    const col = md.get(c);
    assertEquals(col.dtype, g.dtypes[c], `${what} dtype of ${c}`);
    const expected = g.data[c];
    if (col.dtype === "float64") {
      assertArrayAlmostEquals(col.values as number[], expected, 1e-12, `${what} ${c}`);
    } else {
      assertEquals(col.values, expected, `${what} ${c}`);
    }
  }
}

function checkSupport(o: { timeSupport: IntervalSet }, g: Golden, what: string): void {
  assertArrayAlmostEquals(o.timeSupport.start, g.time_support.start, 1e-12, `${what} support`);
  assertArrayAlmostEquals(o.timeSupport.end, g.time_support.end, 1e-12, `${what} support`);
}

function checkTimes(t: Float64Array, g: Golden, what: string): void {
  assertArrayAlmostEquals(t.slice(0, 3), g.t_first3, 0, `${what} t_first3`);
  assertArrayAlmostEquals(t.slice(Math.max(0, t.length - 3)), g.t_last3, 0, `${what} t_last3`);
  let sum = 0;
  for (const x of t) sum += x;
  assertAlmostEquals(sum, g.t_sum, 1e-12, `${what} t_sum`);
}

function checkSeries(o: Tsd | TsdFrame | TsdTensor, g: Golden, what: string): void {
  assertEquals([...o.shape], g.shape, `${what} shape`);
  assertEquals(o.dtype, g.dtype, `${what} dtype`);
  assertEquals(o.length, g.len, `${what} len`);
  assertEquals(isLazy(o.values), g.values_storage === "h5py.Dataset", `${what} laziness`);
  checkTimes(o.t, g, what);
  const all = materialize(o.values as Parameters<typeof materialize>[0]);
  const rows = (a: number, b: number) => all.sliceRows(a, b).toNested();
  const fix = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(fix) : typeof v === "bigint" ? Number(v) : v;
  assertEquals(fix(rows(0, 3)), g.values_first3, `${what} values_first3`);
  assertEquals(fix(rows(Math.max(0, o.length - 3), o.length)), g.values_last3, `${what} last3`);
  if (g.values_stats.sum !== undefined) {
    let sum = 0, nan = 0, mn = Infinity, mx = -Infinity;
    for (let i = 0; i < all.data.length; i++) {
      const x = Number(all.data[i]);
      if (Number.isNaN(x)) nan++;
      else {
        sum += x;
        mn = Math.min(mn, x);
        mx = Math.max(mx, x);
      }
    }
    assertAlmostEquals(sum, g.values_stats.sum, 1e-9, `${what} sum`);
    assertEquals([mn, mx, nan], [
      g.values_stats.nanmin,
      g.values_stats.nanmax,
      g.values_stats.n_nan,
    ]);
  }
  if (g.rate !== null) assertAlmostEquals(o.rate, g.rate, 1e-12, `${what} rate`);
  checkSupport(o, g, what);
  if (o instanceof TsdFrame) {
    assertEquals([...o.columns], g.columns, `${what} columns`);
  }
}

for (const name of NAMES) {
  Deno.test(`nwb golden ${name}: keys, ids, paths and printout`, () => {
    const g = golden(name);
    const { result: nwb, warnings } = collectWarnings(() =>
      new NWBFile(`${TESTDATA}nwb/${name}.nwb`)
    );
    try {
      assertEquals(
        warnings.map((w) => w.message),
        g.warnings_on_open.map((w: Golden) => w.message),
      );
      assertEquals(nwb.keys(), g.keys);
      assertEquals(nwb.view, g.view);
      assertEquals(nwb.keyToId, g.key_to_id);
      assertEquals(nwb.keyToFullPath, g.key_to_full_path);
      assertEquals(nwb.fullPathToKey, g.full_path_to_key);
      assertEquals(nwb.size, g.keys.length);
      const printed = Deno.readTextFileSync(`${TESTDATA}golden/nwb/${name}/print.txt`);
      assertEquals(nwb.toString() + "\n", printed);
      const display = (nwb as unknown as Record<symbol, () => Record<string, string>>)[
        Symbol.for("Jupyter.display")
      ]();
      assertEquals(display["text/plain"] + "\n", printed);
      for (const k of nwb.keys()) assert(display["text/html"].includes(`<td>${k}</td>`), k);
    } finally {
      nwb.close();
    }
  });

  Deno.test(`nwb golden ${name}: objects`, () => {
    const g = golden(name);
    using nwb = new NWBFile(`${TESTDATA}nwb/${name}.nwb`);
    for (const key of g.keys) {
      const go = g.objects[key];
      const what = `${name}/${key}`;
      const { result: obj, warnings } = collectWarnings(() => nwb.get(key));
      assertEquals(warnings.map((w) => w.message), go.warnings.map((w: Golden) => w.message), what);
      assertEquals(className(obj), go.class, `${what} class`);
      assert(nwb.get(key) === obj, `${what}: second get returns the cached object`);
      assert(nwb.get(g.key_to_full_path[key]) === obj, `${what}: get by full path`);
      if (obj instanceof Tsd || obj instanceof TsdFrame || obj instanceof TsdTensor) {
        checkSeries(obj, go, what);
        if (obj instanceof TsdFrame) checkMetadata(obj.metadata, go.metadata, what);
      } else if (obj instanceof Ts) {
        assertEquals(obj.length, go.len, `${what} len`);
        checkTimes(obj.t, go, what);
        assertAlmostEquals(obj.rate, go.rate, 1e-12, `${what} rate`);
        checkSupport(obj, go, what);
      } else if (obj instanceof IntervalSet) {
        assertArrayAlmostEquals(obj.start, go.start, 0, `${what} start`);
        assertArrayAlmostEquals(obj.end, go.end, 0, `${what} end`);
        checkMetadata(obj.metadata, go.metadata, what);
      } else if (obj instanceof TsGroup) {
        assertEquals([...obj.keys()], go.keys, `${what} keys`);
        assertArrayAlmostEquals(obj.metadata.get("rate").values as number[], go.rates, 1e-12);
        assertEquals(obj.metadata.columns, go.metadata_columns, `${what} metadata columns`);
        checkMetadata(obj.metadata, go.metadata, what);
        checkSupport(obj, go, what);
        for (const [k, u] of Object.entries(go.units as Record<string, Golden>)) {
          const ts = obj.get(Number(k))!;
          assertEquals(ts.length, u.n, `${what}[${k}] n`);
          checkTimes(ts.t, u, `${what}[${k}]`);
        }
      } else {
        throw new Error(`${what}: unexpected ${String(obj)}`);
      }
    }
    // Map-like access: iteration, entries and items give the keys in order, objects cached
    const iterated = collectWarnings(() => [...nwb]).result;
    assertEquals(iterated.map(([k]) => k), g.keys);
    assertEquals(nwb.items().map(([k]) => k), g.keys);
    assert(nwb.values().every((v, i) => v === iterated[i][1]), "values() are the cached objects");
  });
}

for (const name of NAMES) {
  Deno.test(`nwb golden ${name}: printed objects equal repr/*.txt (80x24 and 200x60)`, () => {
    const g = golden(name);
    using nwb = new NWBFile(`${TESTDATA}nwb/${name}.nwb`);
    assertEquals(nwb.keys(), g.keys, `${name} keys`);
    const dir = `${TESTDATA}golden/nwb/${name}/repr/`;
    const compared = new Set<string>();
    for (const key of g.keys as string[]) {
      const file = key.replace(/[^A-Za-z0-9\-_.]/g, "__");
      const files: Record<string, string> = g.objects[key].repr_files;
      const sizes = [["", undefined], ["_200x60", { columns: 200, rows: 60 }]] as const;
      assertEquals(Object.keys(files).sort(), sizes.map(([s]) => `${file}${s}`).sort(), key);
      for (const [suffix, size] of sizes) {
        // a golden file that is missing fails here (readTextFileSync throws NotFound)
        const expected = Deno.readTextFileSync(`${dir}${files[`${file}${suffix}`]}`);
        const obj = collectWarnings(() => nwb.get(key)).result as {
          toString(s?: { columns: number; rows: number }): string;
        };
        assertEquals(obj.toString(size) + "\n", expected, `${name}/${key}${suffix}`);
        compared.add(files[`${file}${suffix}`]);
      }
    }
    // and no golden print is left unread
    const onDisk = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assertEquals(onDisk, [...compared].sort(), `${name}: repr goldens compared`);
  });
}

Deno.test("restrict/get on units_session's lazy position match pynapple (values and prints)", () => {
  const g: Golden = readJson(`${TESTDATA}golden/analysis/restrict_get_position_nwb.json`);
  const dir = `${TESTDATA}golden/analysis/restrict_get_position_nwb/`;
  using nwb = new NWBFile(`${TESTDATA}${g.spec.source}`);
  const position = nwb.get(g.spec.key) as TsdFrame;
  const compared = new Set<string>();
  for (const [name, op] of Object.entries<Golden>(g.spec.ops)) {
    const want = g.results[name];
    const got = op.op === "restrict"
      ? position.restrict(new IntervalSet({ start: op.start, end: op.end }))
      : op.end === null
      ? position.get(op.start)
      : position.get(op.start, op.end);
    if (want.class === "array") {
      assertArrayAlmostEquals(got as Float64Array, want.values, 0, name);
      continue;
    }
    assert(got instanceof TsdFrame, `${name}: ${got}`);
    // pynapple reads the rows into memory; napple may keep them lazy: compare values, not storage
    checkSeries(got, { ...want, values_storage: isLazy(got.values) ? "h5py.Dataset" : "" }, name);
    for (const [key, file] of Object.entries<string>(want.repr_files)) {
      const size = key.endsWith("_200x60") ? { columns: 200, rows: 60 } : undefined;
      assertEquals(got.toString(size) + "\n", Deno.readTextFileSync(dir + file), file);
      compared.add(file);
    }
  }
  assertEquals(Object.keys(g.results).sort(), Object.keys(g.spec.ops).sort());
  assertEquals([...compared].sort(), [...Deno.readDirSync(dir)].map((e) => e.name).sort());
});
