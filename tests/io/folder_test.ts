// nap.Folder / loadFolder against pynapple's goldens for testdata/folder/folder_session.
import "../../lib/register.ts";
import { Folder, folderKey, loadFolder, metadataPanel, npzType } from "../../lib/io/folder.ts";
import { NappleError } from "../../lib/errors.ts";
import { collectWarnings } from "../../lib/warnings.ts";
import { Ts, Tsd, TsdFrame } from "../../lib/core/time_series.ts";
import { IntervalSet } from "../../lib/core/interval_set.ts";
import { TsGroup } from "../../lib/core/ts_group.ts";
import { isLazy } from "../../lib/array/lazy.ts";
import { NDArray } from "../../lib/array/ndarray.ts";
import {
  assert,
  assertArrayAlmostEquals,
  assertEquals,
  assertStringIncludes,
  assertThrows,
  readJson,
  TESTDATA,
  withTempDir,
} from "../assert.ts";

const FOLDER = `${TESTDATA}folder/folder_session`;
const GOLDEN = `${TESTDATA}golden/folder/folder_session`;

interface Summary {
  keys: string[];
  subfolders: string[];
  npz_files: Record<string, { name: string; type: string }>;
  nwb_files: Record<string, { name: string }>;
  metadata_panels: Record<string, string>;
  loaded: Record<string, { class: string; keys?: string[] }>;
}
const summary = readJson<Summary>(`${GOLDEN}/summary.json`);

/** Folder lines first (pynapple sorts them), then file lines compared as a set. */
function treeShape(text: string): { folders: string[]; files: string[] } {
  const lines = text.split("\n").filter((l) => l !== "");
  return {
    folders: lines.filter((l) => l.includes("📂")),
    files: lines.filter((l) => !l.includes("📂")).map((l) => l.replace("└── ", "├── ")).sort(),
  };
}

Deno.test("Folder lists keys, npz types and NWB files like pynapple (no file opened for keys)", () => {
  const f = loadFolder(FOLDER);
  assertEquals(f.name, "folder_session");
  assertEquals(f.keys(), summary.keys);
  assertEquals(f.size, summary.keys.length);
  assertEquals([...f.subfolders.keys()], summary.subfolders);
  assertEquals(
    Object.fromEntries([...f.npzFiles].map(([k, v]) => [k, { name: v.name, type: v.type }])),
    summary.npz_files,
  );
  assertEquals(
    Object.fromEntries([...f.nwbFiles].map(([k, v]) => [k, { name: v.name }])),
    summary.nwb_files,
  );
  assert(!f.has(".hidden") && !f.has("ignored") && !f.has("notes"));
  assertEquals(f.typeOf("derived"), "Folder");
  assertEquals(f.typeOf("tiny_session"), "NWB file");
  const derived = f.get("derived") as Folder;
  assert(derived instanceof Folder);
  assertEquals(derived.keys(), summary.loaded["derived"].keys);
  assertEquals((derived.get("deeper") as Folder).keys(), summary.loaded["derived/deeper"].keys);
});

Deno.test("Folder print and view match pynapple's text (entries as sets)", () => {
  const f = new Folder(FOLDER + "/");
  const printGolden = Deno.readTextFileSync(`${GOLDEN}/print.txt`);
  const viewGolden = Deno.readTextFileSync(`${GOLDEN}/view.txt`);
  // print(folder) prints the tree, then print() adds the empty line of the returned ""
  assertEquals(treeShape(f.toString()), treeShape(printGolden));
  assertEquals(printGolden.endsWith("\n\n"), true);
  assertEquals(f.toString().split("\n").length, printGolden.split("\n").length - 1);
  assertEquals(treeShape(f.view), treeShape(viewGolden));
  assertEquals(f.expand(), f.view);
  // nested lines keep their exact prefixes
  for (const line of viewGolden.split("\n").filter((l) => l.startsWith("│"))) {
    assertStringIncludes(f.view, line);
  }
  // napple sorts: the first line after the root is the subfolder, the last one the NWB file
  const lines = f.toString().trimEnd().split("\n");
  assertEquals(lines[1], "├── 📂 derived");
  assertEquals(lines.at(-1), "└── tiny_session    |        NWB file");
});

Deno.test("Folder metadata/info/doc panels match pynapple's rich panels", () => {
  const f = new Folder(FOLDER);
  for (const [key, golden] of Object.entries(summary.metadata_panels)) {
    // the title holds our path: compare with the golden rebuilt for that path
    const ours = f.metadata(key);
    assertEquals(ours.split("\n").length, golden.split("\n").length, key);
    const strip = (s: string) =>
      s.split("\n").slice(1, -2).map((l) => l.replace(/\s+│$/, "").trimEnd());
    assertEquals(strip(ours), strip(golden), key);
    assertStringIncludes(ours, `╭─ ${FOLDER}/${key}.npz ─`);
    assertEquals(f.info(key), ours);
    assertEquals(f.doc(key), ours);
  }
  // with the golden's own (relative) path as title the panels are byte-identical
  for (const [key, golden] of Object.entries(summary.metadata_panels)) {
    assertEquals(metadataPanel(`folder/folder_session/${key}.npz`, f.sidecar(key)), golden, key);
  }
  assertEquals(f.sidecar("position"), {
    time: "2024-01-02 03:04:05.000000",
    info: "x/y position in cm",
  });
  assertEquals(f.sidecar("epochs"), undefined);
});

Deno.test("npzType reads the type member and falls back to pynapple's member heuristics", () => {
  for (const [key, v] of Object.entries(summary.npz_files)) {
    assertEquals(npzType(`${FOLDER}/${v.name}`), v.type, key);
  }
  assertEquals(npzType(`${TESTDATA}npz/heuristic_tsdframe_no_type.npz`), "TsdFrame");
  assertEquals(npzType(`${TESTDATA}npz/plain_numpy.npz`), "npz");
  assertEquals(folderKey("run 1.npz"), "run1");
  assertEquals(folderKey("a\tb c.nwb"), "abc");
});

Deno.test("Folder.save writes npz + sidecar atomically and updates the listing", () => {
  withTempDir((dir) => {
    const f = new Folder(dir);
    assertEquals(f.keys(), []);
    let saved = "";
    const fake = {
      save(path: string) {
        saved = path;
        Deno.copyFileSync(`${FOLDER}/epochs.npz`, path);
      },
    };
    f.save("my epochs", fake, "ünïcode description");
    assertEquals(saved, `${dir}/my epochs.npz`);
    assertEquals(f.keys(), ["myepochs"]);
    assertEquals(f.get("myepochs"), fake, "the saved object is cached");
    assertEquals(f.typeOf("myepochs"), "IntervalSet");
    const text = Deno.readTextFileSync(`${dir}/my epochs.json`);
    assertStringIncludes(text, '  "info": "\\u00fcn\\u00efcode description"\n}');
    const side = f.sidecar("my epochs")!;
    assert(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/.test(String(side.time)), String(side.time));
    assertEquals(side.info, "ünïcode description");
    assertEquals([...Deno.readDirSync(dir)].map((e) => e.name).sort(), [
      "my epochs.json",
      "my epochs.npz",
    ]);
    assertEquals(new Folder(dir).keys(), ["myepochs"]);
    assertEquals(assertThrows(() => f.save("../x", fake), NappleError).code, "INVALID_ARGUMENT");
    // deno-lint-ignore no-explicit-any
    assertEquals(assertThrows(() => f.save("x", {} as any), NappleError).code, "INVALID_ARGUMENT");
  });
});

Deno.test("Folder bad input: missing folder, a file, unknown key, corrupt sidecar JSON", () => {
  withTempDir((dir) => {
    assertEquals(assertThrows(() => loadFolder(`${dir}/nope`), NappleError).code, "FILE_NOT_FOUND");
    Deno.writeTextFileSync(`${dir}/a.txt`, "x");
    assertEquals(
      assertThrows(() => loadFolder(`${dir}/a.txt`), NappleError, "loadFile").code,
      "INVALID_ARGUMENT",
    );
    const f = new Folder(dir);
    const e = assertThrows(() => f.get("nope"), NappleError);
    assertEquals(e.code, "KEY_NOT_FOUND");
    Deno.copyFileSync(`${FOLDER}/epochs.npz`, `${dir}/ep.npz`);
    Deno.writeTextFileSync(`${dir}/ep.json`, '{"time": "2024", "info": ');
    const g = new Folder(dir);
    const bad = assertThrows(() => g.metadata("ep"), NappleError, "ep.json");
    assertEquals(bad.code, "CORRUPT_FILE");
    Deno.writeTextFileSync(`${dir}/ep.json`, "[1, 2]");
    assertEquals(assertThrows(() => g.info("ep"), NappleError).code, "CORRUPT_FILE");
    // a corrupt npz does not break the listing; loading it reports the file
    Deno.writeTextFileSync(`${dir}/broken.npz`, "not a zip");
    const { result: h, warnings } = collectWarnings(() => new Folder(dir));
    assertEquals(warnings, []);
    const { result: text, warnings: w2 } = collectWarnings(() => h.toString());
    assertStringIncludes(text, "broken.npz      |        unreadable npz");
    assertEquals(w2.length, 1);
    assertEquals(assertThrows(() => h.get("broken"), NappleError).code, "CORRUPT_FILE");
    // NWB files are not opened by listing or printing: a bad one shows up, and fails on access
    Deno.writeTextFileSync(`${dir}/bad.nwb`, "not hdf5");
    const k = new Folder(dir);
    const { result: printed } = collectWarnings(() => k.toString());
    assertStringIncludes(printed, "└── bad     |        NWB file");
    assert(assertThrows(() => k.get("bad")) instanceof NappleError);
    // two files with the same key: the later one wins (as in pynapple), with a warning
    Deno.copyFileSync(`${FOLDER}/epochs.npz`, `${dir}/e p.npz`);
    Deno.copyFileSync(`${FOLDER}/run 1.npz`, `${dir}/ep .npz`);
    const { result: dup, warnings: w3 } = collectWarnings(() => new Folder(dir));
    assertEquals(w3.length, 2); // "e p.npz", "ep .npz" and "ep.npz" all map to "ep"
    assertStringIncludes(w3[0].message, '"ep"');
    assertEquals(dup.npzFiles.get("ep")?.name, "ep.npz");
    Deno.removeSync(`${dir}/e p.npz`);
    Deno.removeSync(`${dir}/ep .npz`);
    // load() loads the npz entries only (the broken one fails loudly, the NWB file stays closed)
    Deno.removeSync(`${dir}/broken.npz`);
    const m = new Folder(dir);
    m.load();
    assertEquals(m.typeOf("ep"), "IntervalSet");
  });
});

Deno.test("Folder with an unreadable subfolder lists it and reports it on access", async () => {
  // root ignores file modes, so the folder is made unreadable with Deno's own permission system
  await withTempDir(async (dir) => {
    Deno.mkdirSync(`${dir}/open`);
    Deno.mkdirSync(`${dir}/locked`);
    Deno.copyFileSync(`${FOLDER}/epochs.npz`, `${dir}/open/a.npz`);
    const script = `
      import { Folder } from "${new URL("../../lib/io/folder.ts", import.meta.url).href}";
      import { collectWarnings } from "${new URL("../../lib/warnings.ts", import.meta.url).href}";
      const { result: f, warnings } = collectWarnings(() => new Folder(Deno.args[0]));
      let error = "";
      try { f.get("locked"); } catch (e) { error = e.name + ":" + e.code + ":" + e.message; }
      console.log(JSON.stringify({ keys: f.keys(), warnings: warnings.map((w) => w.message), error, text: f.toString() }));
    `;
    Deno.writeTextFileSync(`${dir}/probe.ts`, script);
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--no-check",
        `--config=${new URL("../../deno.json", import.meta.url).pathname}`,
        "--allow-read",
        `--deny-read=${dir}/locked`,
        `${dir}/probe.ts`,
        dir,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(out.stdout);
    assert(out.success, new TextDecoder().decode(out.stderr));
    const r = JSON.parse(stdout.trim().split("\n").at(-1)!);
    assertEquals(r.keys, ["locked", "open"]);
    assertEquals(r.warnings.length, 1);
    assertStringIncludes(r.warnings[0], "locked");
    assertStringIncludes(r.error, "NappleError:IO:");
    assertStringIncludes(r.error, `${dir}/locked`);
    assertStringIncludes(r.text, "├── 📂 locked");
  });
});

Deno.test("Folder HTML display is a collapsible tree with types", () => {
  const f = new Folder(FOLDER);
  const display = (f as unknown as Record<symbol, () => Record<string, string>>)[
    Symbol.for("Jupyter.display")
  ];
  const bundle = display.call(f);
  assertEquals(bundle["text/plain"], f.toString());
  const html = bundle["text/html"];
  assertStringIncludes(html, "<details open><summary>📂 folder_session</summary>");
  assertStringIncludes(html, "<details><summary>📂 derived</summary>");
  assertStringIncludes(html, "<details><summary>📂 deeper</summary>");
  assertStringIncludes(html, '<span style="color:green">run 1.npz</span> <code>Tsd</code>');
  assertStringIncludes(html, "<code>NWB file</code>");
  assertEquals(html.split("<details").length - 1, 3);
});

interface LoadedGolden {
  class: string;
  keys?: (string | number)[];
  t?: number[];
  values?: number[] | number[][];
  columns?: string[];
  start?: number[];
  end?: number[];
  metadata?: { data: Record<string, unknown[]> };
  time_support?: { start: number[]; end: number[] };
  units?: Record<string, { t: number[] }>;
}

function valuesOf(x: { values: unknown }): number[] {
  const v = x.values;
  const a = isLazy(v) ? v.readRows(0, v.shape[0]).data : v instanceof NDArray ? v.data : v;
  return Array.from(a as ArrayLike<number>);
}

Deno.test("Folder entries load as pynapple loads them (goldens), once each", () => {
  const f = new Folder(FOLDER);
  const loaded = summary.loaded as unknown as Record<string, LoadedGolden>;
  const at = (path: string): unknown =>
    path.split("/").reduce<unknown>((node, k) => (node as Folder).get(k), f);
  for (const [path, g] of Object.entries(loaded)) {
    const obj = at(path);
    if (g.class === "Folder") {
      assert(obj instanceof Folder, path);
      assertEquals(obj.keys(), g.keys, path);
      continue;
    }
    if (g.class === "NWBFile") continue; // tests/io/load_file_test.ts
    assertEquals((obj as object).constructor.name, g.class, path);
    if (obj instanceof Ts || obj instanceof Tsd || obj instanceof TsdFrame) {
      assertArrayAlmostEquals(obj.t, g.t!, 1e-12, `${path} t`);
      assertArrayAlmostEquals(Array.from(obj.timeSupport.start), g.time_support!.start, 1e-12);
      assertArrayAlmostEquals(Array.from(obj.timeSupport.end), g.time_support!.end, 1e-12);
    }
    if (obj instanceof Tsd || obj instanceof TsdFrame) {
      assertArrayAlmostEquals(valuesOf(obj), (g.values as number[]).flat(), 1e-12, `${path} d`);
    }
    if (obj instanceof TsdFrame) assertEquals(obj.columns, g.columns);
    if (obj instanceof IntervalSet) {
      assertArrayAlmostEquals(obj.start, g.start!, 1e-12);
      assertArrayAlmostEquals(obj.end, g.end!, 1e-12);
      assertEquals(obj.metadata.columns, Object.keys(g.metadata!.data));
    }
    if (obj instanceof TsGroup) {
      assertEquals([...obj.keys()], g.keys);
      for (const [k, u] of Object.entries(g.units!)) {
        assertArrayAlmostEquals((obj.get(Number(k)) as Ts).t, u.t, 1e-12, `${path}[${k}]`);
      }
      assertEquals(obj.metadata.columns, Object.keys(g.metadata!.data));
    }
    assert(at(path) === obj, `${path} is cached`);
  }
});

Deno.test("Folder.save of a real Tsd round-trips through a fresh Folder", () => {
  withTempDir((dir) => {
    const f = new Folder(dir);
    const tsd = new Tsd({ t: [0, 1, 2.5], d: new Float32Array([1.5, -2, 3]) });
    f.save("speed", tsd, "running speed");
    const g = new Folder(dir);
    assertEquals(g.typeOf("speed"), "Tsd");
    const back = g.get("speed") as Tsd;
    assert(back instanceof Tsd);
    assertEquals(Array.from(back.t), [0, 1, 2.5]);
    assertEquals(valuesOf(back), [1.5, -2, 3]);
    assertEquals(g.sidecar("speed")?.info, "running speed");
    assertStringIncludes(g.metadata("speed"), "│ info : running speed");
    assertStringIncludes(g.toString(), "└── speed.npz       |        Tsd");
  });
});
