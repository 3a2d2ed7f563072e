// tools/check_cycles.ts: finds and names import cycles (deno task check runs it over mod.ts).
import { assert, assertEquals } from "../assert.ts";
import {
  findCycles,
  importGraph,
  layerViolations,
  staticClosure,
} from "../../tools/check_cycles.ts";

const LIB = "file:///repo/lib/";
const mod = (path: string, deps: string[], types: string[] = [], dynamic: string[] = []) => ({
  specifier: LIB + path,
  dependencies: [
    ...deps.map((d) => ({ specifier: d, code: { specifier: LIB + d } })),
    ...types.map((d) => ({ specifier: d, type: { specifier: LIB + d } })),
    ...dynamic.map((d) => ({ specifier: d, code: { specifier: LIB + d }, isDynamic: true })),
  ],
});

Deno.test("a cycle through three modules is found and named in import order", () => {
  const graph = importGraph(
    [
      mod("core/a.ts", ["core/b.ts", "errors.ts"]),
      mod("core/b.ts", ["io/c.ts"]),
      mod("io/c.ts", ["core/a.ts", "npm_thing.ts"]),
      mod("errors.ts", []),
    ],
    LIB,
  );
  assertEquals(findCycles(graph), [["core/a.ts", "core/b.ts", "io/c.ts", "core/a.ts"]]);
});

Deno.test("type-only and dynamic imports, and allowed imports, close no cycle", () => {
  const modules = [
    mod("core/a.ts", ["core/b.ts"]),
    mod("core/b.ts", [], ["core/a.ts"], ["display/plot.ts"]),
    mod("display/plot.ts", ["core/b.ts"]),
    mod("core/c.ts", ["core/d.ts"]),
    mod("core/d.ts", ["core/c.ts"]),
  ];
  assertEquals(findCycles(importGraph(modules, LIB)).length, 1);
  assertEquals(findCycles(importGraph(modules, LIB, [["core/d.ts", "core/c.ts"]])), []);
});

Deno.test("a module importing itself is a cycle; separate cycles are each named", () => {
  const graph = importGraph(
    [mod("x.ts", ["x.ts"]), mod("p.ts", ["q.ts"]), mod("q.ts", ["p.ts"]), mod("r.ts", ["p.ts"])],
    LIB,
  );
  assertEquals(
    findCycles(graph).map((c) => c.join(" → ")).sort(),
    ["p.ts → q.ts → p.ts", "x.ts → x.ts"],
  );
});

Deno.test("the array layer may not import from core, io, process or display", () => {
  const graph = importGraph(
    [mod("array/a.ts", ["io/zip.ts", "errors.ts", "array/b.ts"]), mod("array/b.ts", [])],
    LIB,
  );
  assertEquals(layerViolations(graph), [["array/a.ts", "io/zip.ts"]]);
});

Deno.test("napple's own lib/ has no cycle beyond the allowed ones", () => {
  const r = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "--allow-run", "tools/check_cycles.ts"],
    cwd: new URL("../../", import.meta.url),
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
  assertEquals(new TextDecoder().decode(r.stderr).replace(/.*Check.*\n/g, ""), "");
  assertEquals(r.code, 0);
});

Deno.test("importing the core classes loads no io module, zip reader or fflate", () => {
  const r = new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", "lib/core/time_series.ts"],
    cwd: new URL("../../", import.meta.url),
    stdout: "piped",
    stderr: "null",
  }).outputSync();
  const info = JSON.parse(new TextDecoder().decode(r.stdout));
  const loaded = [...staticClosure(info)];
  assert(loaded.some((s) => s.endsWith("/lib/core/ts_group.ts")), loaded.join("\n"));
  assertEquals(loaded.filter((s) => s.includes("/lib/io/") || s.includes("fflate")), []);
});
