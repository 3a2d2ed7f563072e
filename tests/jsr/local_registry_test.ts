/**
 * The package as JSR serves it: the files of `deno publish --dry-run`, with import-map
 * specifiers written out, in a local registry (tools/local_registry.ts) that Deno reads through
 * `JSR_URL`. Scripts in a folder with no deno.json import `jsr:@napple/napple` from it. This
 * catches a file left out of the published set, an import missing from the import map, and
 * permissions creeping into import.
 */
import { assert, assertEquals, TESTDATA } from "../assert.ts";
import { buildLocalRegistry, expandSpecifier, rewriteImports } from "../../tools/local_registry.ts";

const OPEN_PLOT_SAVE = `
import * as nap from "SPECIFIER";
const [nwbPath, out] = Deno.args;
const nwb = nap.loadFile(nwbPath);
console.log(String(nwb));
const units = nwb.get("units");
const svg = (await units.plot()).toSVG();
console.log("svg", svg.startsWith("<svg") && svg.includes('xmlns="http://www.w3.org/2000/svg"'));
const back = nap.loadFile(units.save(out + "/units.npz"));
console.log("npz", back.constructor.name, String(back) === String(units));
`;

const IMPORT_ONLY = `
import * as nap from "SPECIFIER";
console.log("exports", Object.keys(nap).length > 0, typeof nap.loadFile);
`;

function run(cwd: string, registry: string, args: string[]) {
  const r = new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-config", "--no-prompt", ...args],
    cwd,
    env: { JSR_URL: registry, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
  const dec = new TextDecoder();
  return { ok: r.success, out: dec.decode(r.stdout), err: dec.decode(r.stderr) };
}

Deno.test("import-map specifiers are written out as deno publish does", () => {
  const map = { "fflate": "npm:fflate@0.8.3", "@std/path": "jsr:@std/path@^1.1.6" };
  assertEquals(expandSpecifier("fflate", map), "npm:fflate@0.8.3");
  assertEquals(expandSpecifier("@std/path/posix", map), "jsr:@std/path@^1.1.6/posix");
  assertEquals(expandSpecifier("./x.ts", map), "./x.ts");
  assertEquals(expandSpecifier("fflatex", map), "fflatex");
  assertEquals(
    rewriteImports(
      `import { a } from "fflate";\nexport * from '@std/path';\nconst m = await import("fflate");\nimport "./side.ts";`,
      map,
    ),
    `import { a } from "npm:fflate@0.8.3";\nexport * from 'jsr:@std/path@^1.1.6';\nconst m = await import("npm:fflate@0.8.3");\nimport "./side.ts";`,
  );
});

Deno.test({
  name: "jsr:@napple/napple from a local registry: open + print NWB, plot SVG, npz round trip",
  sanitizeResources: false,
  async fn() {
    const tmp = Deno.makeTempDirSync({ prefix: "napple_jsr_" });
    try {
      const reg = await buildLocalRegistry(`${tmp}/registry`);
      assert(reg.files.includes("/mod.ts"), reg.files.join(" "));
      assert(!reg.files.some((f) => f.startsWith("/tests/") || f.startsWith("/vendor/")));
      const work = `${tmp}/work`;
      const out = `${tmp}/out`;
      Deno.mkdirSync(work);
      Deno.mkdirSync(out);
      for (const [name, src] of [["open.ts", OPEN_PLOT_SAVE], ["import.ts", IMPORT_ONLY]]) {
        Deno.writeTextFileSync(`${work}/${name}`, src.replace("SPECIFIER", reg.specifier));
      }
      const nwb = `${TESTDATA}nwb/units_session.nwb`;
      const a = run(work, reg.url, [
        "--allow-read",
        `--allow-write=${out}`,
        "open.ts",
        nwb,
        out,
      ]);
      assert(a.ok, `open.ts failed:\n${a.err}\n${a.out}`);
      const printed = Deno.readTextFileSync(`${TESTDATA}golden/nwb/units_session/print.txt`);
      assert(a.out.startsWith(printed.trimEnd() + "\n"), `NWB print:\n${a.out}`);
      assertEquals(a.out.slice(printed.trimEnd().length + 1), "svg true\nnpz TsGroup true\n");
      // and with no permission at all, importing works
      const b = run(work, reg.url, ["import.ts"]);
      assert(b.ok, `import.ts failed with no permission:\n${b.err}`);
      assertEquals(b.out, "exports true function\n");
    } finally {
      Deno.removeSync(tmp, { recursive: true });
    }
  },
});
