// The public surface of mod.ts is locked: every export and its kind is listed in
// tests/api_surface.txt, and docs/api.md ends with the same list. A change of the surface must be
// a reviewed diff of both (`deno task api` writes them). The docs may only name exports that exist.
import { assertEquals } from "./assert.ts";
import {
  API_DOC_FILE,
  currentExports,
  expectedApiDoc,
  parseSurface,
  SURFACE_FILE,
  UPDATE_HINT,
} from "../tools/api_surface.ts";

const root = new URL("../", import.meta.url);

Deno.test("mod.ts exports exactly the reviewed list of tests/api_surface.txt", async () => {
  const actual = new Map((await currentExports()).map((e) => [e.name, e.kind]));
  const listed = new Map(parseSurface(Deno.readTextFileSync(SURFACE_FILE)).map(([k, n]) => [n, k]));
  const problems: string[] = [];
  for (const [name, kind] of actual) {
    if (!listed.has(name)) problems.push(`+ ${kind} ${name} (exported, not in the list)`);
    else if (listed.get(name) !== kind) {
      problems.push(`~ ${name}: listed as ${listed.get(name)}, exported as ${kind}`);
    }
  }
  for (const [name, kind] of listed) {
    if (!actual.has(name)) problems.push(`- ${kind} ${name} (listed, no longer exported)`);
  }
  if (problems.length) {
    throw new Error(`mod.ts's public surface changed:\n  ${problems.join("\n  ")}\n${UPDATE_HINT}`);
  }
});

Deno.test("docs/api.md ends with the generated list of every export", async () => {
  const expected = await expectedApiDoc(await currentExports());
  const committed = Deno.readTextFileSync(API_DOC_FILE);
  if (committed !== expected) {
    throw new Error(`docs/api.md's list of exports is stale. ${UPDATE_HINT}`);
  }
});

/** `nap.X` names in the napple (last) column of the markdown tables of `text`. */
function namesInNappleColumns(text: string): Set<string> {
  const out = new Set<string>();
  for (const line of text.split("\n")) {
    if (!line.startsWith("|")) continue;
    const cells = line.split(/(?<!\\)\|/).slice(1, -1);
    if (cells.length < 2) continue;
    for (const m of cells[cells.length - 1].matchAll(/\bnap\.([A-Za-z_$][\w$]*)/g)) out.add(m[1]);
  }
  return out;
}

Deno.test("README and docs/api.md name only exports in their napple columns", async () => {
  const exported = new Set((await currentExports()).map((e) => e.name));
  for (const file of ["README.md", "docs/api.md"]) {
    // The generated list quotes doc comments, which name pynapple's functions too.
    const text = Deno.readTextFileSync(new URL(file, root)).split("<!-- every-export")[0];
    const missing = [...namesInNappleColumns(text)].filter((n) => !exported.has(n));
    assertEquals(missing, [], `${file} names nap.${missing[0]}, which mod.ts does not export`);
  }
});

Deno.test("the napple-column check sees names (it is not vacuous)", () => {
  const names = namesInNappleColumns("| `nap.load_file(p)` | `nap.loadFile(p)`, `nap.x \\| y` |\n");
  assertEquals([...names], ["loadFile", "x"]);
});
