// Executes every notebook in notebooks/ in the real Deno Jupyter kernel (tools/run_notebook.py,
// Debian's jupyter-client), checks the outputs cell by cell, exports each to HTML with nbconvert
// and screenshots it in headless Chromium to check that every plot has ink in its box.
// Needs jupyter + the Deno kernelspec + chromium: .ci/run installs them and sets
// NAPPLE_REQUIRE_NOTEBOOKS=1 so that their absence fails; elsewhere the kernel tests are skipped.
import { assert, assertEquals } from "../assert.ts";
import { PYTHON, REQUIRE_TOOLS } from "../io/python_client.ts";
import { EXPECTATIONS, type NotebookJson, outputsOf, outputText } from "./expectations.ts";

const root = new URL("../../", import.meta.url).pathname;
const nbDir = `${root}notebooks/`;
const PY = PYTHON;

function has(cmd: string, args: string[]): boolean {
  try {
    return new Deno.Command(cmd, { args, stdout: "null", stderr: "null" }).outputSync().success;
  } catch {
    return false;
  }
}

const required = REQUIRE_TOOLS || Deno.env.get("NAPPLE_REQUIRE_NOTEBOOKS") === "1";
const kernelReady = has("jupyter", ["kernelspec", "list"]) &&
  new TextDecoder().decode(
    new Deno.Command("jupyter", { args: ["kernelspec", "list"], stdout: "piped", stderr: "null" })
      .outputSync().stdout,
  ).includes("deno");
const chromiumReady = has("chromium", ["--version"]);
const ignoreKernel = !required && !kernelReady;
const ignoreBrowser = !required && (!kernelReady || !chromiumReady);
if (ignoreKernel || ignoreBrowser) {
  console.error(
    `SKIPPING notebook tests: ${kernelReady ? "" : "jupyter/Deno kernelspec "}` +
      `${chromiumReady ? "" : "chromium "}missing (CI fails instead)`,
  );
}

const notebooks = [...Deno.readDirSync(nbDir)]
  .map((e) => e.name)
  .filter((n) => n.endsWith(".ipynb") && !n.startsWith("_"))
  .sort();

function run(cmd: string, args: string[], cwd = root): { ok: boolean; out: string; err: string } {
  const r = new Deno.Command(cmd, { args, cwd, stdout: "piped", stderr: "piped" }).outputSync();
  const dec = new TextDecoder();
  return { ok: r.success, out: dec.decode(r.stdout), err: dec.decode(r.stderr) };
}

function checkNotebook(name: string, nb: NotebookJson): void {
  const code = nb.cells.filter((c) => c.cell_type === "code");
  for (const [i, c] of code.entries()) {
    const errors = outputsOf(c).filter((o) => o.output_type === "error");
    assertEquals(errors.map((e) => `${e.ename}: ${e.evalue}`), [], `${name} code cell ${i}`);
    if (c.source.length) assert(c.execution_count !== null, `${name} code cell ${i} was not run`);
  }
  const expect = EXPECTATIONS[name];
  assert(expect, `no expectations written for ${name}`);
  for (const e of expect) {
    const cell = code.find((c) => c.source.join("").includes(e.source));
    assert(cell, `${name}: no code cell contains ${JSON.stringify(e.source)}`);
    const outs = outputsOf(cell);
    for (const text of e.text ?? []) {
      assert(
        outputText(outs).includes(text),
        `${name}: the cell with ${JSON.stringify(e.source)} should show ${JSON.stringify(text)}; ` +
          `got:\n${outputText(outs).slice(0, 2000)}`,
      );
    }
    for (const mime of e.mime ?? []) {
      const found = outs.some((o) => o.data && mime in o.data);
      assert(
        found,
        `${name}: the cell with ${JSON.stringify(e.source)} should have ${mime} output`,
      );
      if (mime === "image/svg+xml") {
        const svg = outs.map((o) => o.data?.[mime]).find((x) => x !== undefined);
        const s = Array.isArray(svg) ? svg.join("") : String(svg);
        assert(s.includes('xmlns="http://www.w3.org/2000/svg"') && /<path|<rect|<line/.test(s));
      }
    }
  }
}

// The committed notebooks carry their outputs (they read well on a code host): check those too,
// without a kernel.
for (const name of notebooks) {
  Deno.test(`committed ${name} has outputs and no error cell`, () => {
    checkNotebook(name, JSON.parse(Deno.readTextFileSync(nbDir + name)));
  });
}

const outDir = Deno.makeTempDirSync({ prefix: "napple_nb_" });

for (const name of notebooks) {
  Deno.test({
    name: `${name} runs in the Deno kernel with the expected outputs`,
    ignore: ignoreKernel,
    fn() {
      const r = run(PY, [
        `${root}tools/run_notebook.py`,
        "--output-dir",
        outDir,
        `${nbDir}${name}`,
      ]);
      assert(r.ok, `runner failed:\n${r.out}\n${r.err}`);
      checkNotebook(name, JSON.parse(Deno.readTextFileSync(`${outDir}/${name}`)));
    },
  });

  Deno.test({
    name: `${name} exports to HTML whose plots are not blank in Chromium`,
    ignore: ignoreBrowser,
    fn() {
      const executed = `${outDir}/${name}`;
      // Falls back to the committed notebook if the kernel test did not run first.
      const source = (() => {
        try {
          Deno.statSync(executed);
          return executed;
        } catch {
          return `${nbDir}${name}`;
        }
      })();
      const html = `${outDir}/${name.replace(/\.ipynb$/, "")}.html`;
      const conv = run("jupyter", [
        "nbconvert",
        "--to",
        "html",
        "--config",
        `${root}tools/nbconvert_config.py`,
        "--output",
        html,
        source,
      ]);
      assert(conv.ok, `nbconvert failed:\n${conv.err}`);
      const page = Deno.readTextFileSync(html);
      const nb: NotebookJson = JSON.parse(Deno.readTextFileSync(source));
      const svgOutputs = nb.cells.flatMap((c) =>
        outputsOf(c)
      ).filter((o) => o.data && "image/svg+xml" in o.data).length;
      assert(svgOutputs > 0, "the notebook shows no plot");
      assert(page.includes("<path"), "the HTML export lost the SVG paths (clean_html?)");
      const shot = run(PY, [`${root}tools/screenshot_check.py`, html, `${html}.png`]);
      assert(shot.ok, `screenshot failed:\n${shot.out}\n${shot.err}`);
      const info = JSON.parse(shot.out) as {
        boxes: { x: number; y: number; w: number; h: number; ink: number; colour: number }[];
      };
      assert(
        info.boxes.length >= svgOutputs,
        `${info.boxes.length} plot boxes for ${svgOutputs} plots`,
      );
      for (const b of info.boxes) {
        const where = `plot at (${b.x}, ${b.y}) ${b.w}×${b.h}`;
        assert(b.y + b.h > 0 && b.w > 0, `${where} is off the page`);
        assert(b.ink > 0.01, `${where} is blank: ink ${b.ink}`);
        assert(b.colour > 0.002, `${where} has no coloured marks: ${b.colour}`);
      }
    },
  });
}

Deno.test({
  name: "the screenshot check tells a blank plot box from a drawn one",
  ignore: ignoreBrowser,
  async fn() {
    const { plot } = await import("../../lib/display/plot.ts");
    const t = Float64Array.from({ length: 500 }, (_, i) => i / 10);
    const fig = await plot(
      {
        t,
        shape: [500],
        values: {
          shape: [500],
          readRows: (s: number, e: number) => ({
            data: t.slice(s, e).map(Math.sin),
            shape: [e - s],
          }),
        },
      } as never,
    );
    // A plot whose marks were stripped (what nbconvert's clean_html does): axes, no data.
    const blank = fig.toSVG().replace(
      /(<g[^>]*aria-label="line"[^>]*>)<path d="[^"]*"/,
      '$1<path d=""',
    );
    assert(blank.length < fig.toSVG().length, "the line was removed");
    const html = `${outDir}/boxes.html`;
    Deno.writeTextFileSync(
      html,
      `<!DOCTYPE html><html><body style="margin:0;background:white"><div>${fig.toSVG()}</div>` +
        `<div>${blank}</div></body></html>`,
    );
    const shot = run(PY, [`${root}tools/screenshot_check.py`, html, `${html}.png`]);
    assert(shot.ok, shot.err);
    const boxes = (JSON.parse(shot.out) as { boxes: { colour: number; ink: number }[] }).boxes;
    assertEquals(boxes.length, 2);
    assert(boxes[0].colour > 0.002, `drawn plot: ${boxes[0].colour}`);
    assert(boxes[1].colour < 0.0005, `blank plot: ${boxes[1].colour}`);
  },
});
