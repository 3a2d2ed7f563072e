/**
 * Importing mod.ts needs no permission (h5wasm loads with an empty environment when env access
 * is not granted), and reading an NWB file then needs only --allow-read.
 */
import { assertEquals, assertStringIncludes, TESTDATA } from "../../assert.ts";

const ROOT = new URL("../../../", import.meta.url).pathname;

function run(flags: string[], script: string): { code: number; out: string; err: string } {
  const dir = Deno.makeTempDirSync({ prefix: "napple_import_" });
  try {
    const file = `${dir}/script.ts`;
    Deno.writeTextFileSync(file, script);
    const r = new Deno.Command(Deno.execPath(), {
      args: ["run", "--no-prompt", "--config", `${ROOT}deno.json`, ...flags, file],
      env: { NO_COLOR: "1" },
    }).outputSync();
    const dec = new TextDecoder();
    return { code: r.code, out: dec.decode(r.stdout), err: dec.decode(r.stderr) };
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

Deno.test("importing mod.ts needs no permission; NWB then needs only --allow-read", () => {
  const mod = new URL("mod.ts", `file://${ROOT}`).href;
  const bare = run([], `import * as nap from "${mod}";\nconsole.log(typeof nap.NWBFile);\n`);
  assertEquals(bare.code, 0, bare.err);
  assertEquals(bare.out.trim(), "function");
  const read = run(
    [`--allow-read=${TESTDATA}`],
    `import * as nap from "${mod}";
const f = new nap.NWBFile(${JSON.stringify(`${TESTDATA}nwb/units_session.nwb`)});
console.log(f.toString());
console.log((f.get("position") as nap.TsdFrame).get(1, 2).shape.join("x"));
f.close();
`,
  );
  assertEquals(read.code, 0, read.err);
  assertStringIncludes(read.out, "│ position │ TsdFrame    │");
  assertStringIncludes(read.out, "51x2");
});

Deno.test("NWB files nobody references are closed on garbage collection", () => {
  const nwbfile = new URL("lib/io/nwb/nwbfile.ts", `file://${ROOT}`).href;
  const h5 = new URL("lib/io/nwb/h5.ts", `file://${ROOT}`).href;
  const r = run(
    ["--allow-read", "--v8-flags=--expose-gc"],
    `import { NWBFile } from "${nwbfile}";
import { h5module } from "${h5}";
const M = h5module() as unknown as Record<string, (...a: unknown[]) => unknown>;
let closed = 0;
const close = M.close_file;
M.close_file = (...a: unknown[]) => (closed++, close(...a));
for (let i = 0; i < 40; i++) new NWBFile(${
      JSON.stringify(`${TESTDATA}nwb/units_session.nwb`)
    }).keys();
const kept = new NWBFile(${JSON.stringify(`${TESTDATA}nwb/units_session.nwb`)});
for (let i = 0; i < 10; i++) {
  (globalThis as unknown as { gc(): void }).gc();
  await new Promise((res) => setTimeout(res, 10));
}
console.log(closed, kept.keys().length);
`,
  );
  assertEquals(r.code, 0, r.err);
  assertEquals(r.out.trim(), "40 3");
});
