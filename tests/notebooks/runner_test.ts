// tools/run_notebook.py keeps output that the Deno kernel publishes after a cell went idle (here a
// console.log from a timer), in the cell it belongs to; nbclient (nbconvert --execute) stops at
// idle and loses it. Needs jupyter + the Deno kernelspec (see notebooks_test.ts).
import { assert, assertEquals } from "../assert.ts";
import { needsKernel } from "../jupyter_kernel.ts";
import { PYTHON, pythonError } from "../io/python_client.ts";
import { type NotebookJson, outputText } from "./expectations.ts";

const root = new URL("../../", import.meta.url).pathname;

Deno.test({
  name: "run_notebook.py keeps output published after idle, in its own cell, and reports errors",
  ignore: needsKernel(),
  fn() {
    const dir = Deno.makeTempDirSync({ prefix: "napple_runner_" });
    const cell = (source: string) => ({
      cell_type: "code",
      source: [source],
      metadata: {},
      outputs: [],
      execution_count: null,
    });
    const nb = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        cell('setTimeout(() => console.log("late output"), 150); "first"'),
        cell('"second"'),
        cell('throw new Error("boom")'),
        cell('"never run"'),
      ],
    };
    Deno.writeTextFileSync(`${dir}/late.ipynb`, JSON.stringify(nb));
    const r = new Deno.Command(PYTHON, {
      args: [`${root}tools/run_notebook.py`, `${dir}/late.ipynb`],
      stdout: "piped",
      stderr: "piped",
    }).outputSync();
    const err = new TextDecoder().decode(r.stderr);
    if (err.includes("ModuleNotFoundError")) throw pythonError(err);
    assertEquals(r.code, 1, "a cell error fails the run");
    assert(err.includes("cell 2 raised Error: boom"), err);
    const out: NotebookJson = JSON.parse(Deno.readTextFileSync(`${dir}/late.ipynb`));
    const texts = out.cells.map((c) => outputText(c.outputs ?? []));
    assert(texts[0].includes('"first"') && texts[0].includes("late output"), texts[0]);
    assert(!texts[1].includes("late output"), "late output stays in its own cell");
    assert(texts[1].includes('"second"'));
    assertEquals(out.cells[3].execution_count, null, "execution stops at the error");
    Deno.removeSync(dir, { recursive: true });
  },
});

Deno.test({
  name: "run_notebook.py reports a cell that kills the kernel instead of waiting for a timeout",
  ignore: needsKernel(),
  fn() {
    const dir = Deno.makeTempDirSync({ prefix: "napple_runner_" });
    const nb = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: ['"a"', "Deno.exit(3)", '"c"'].map((source) => ({
        cell_type: "code",
        source: [source],
        metadata: {},
        outputs: [],
        execution_count: null,
      })),
    };
    Deno.writeTextFileSync(`${dir}/dead.ipynb`, JSON.stringify(nb));
    const r = new Deno.Command(PYTHON, {
      args: [`${root}tools/run_notebook.py`, "--timeout", "60", `${dir}/dead.ipynb`],
      stdout: "piped",
      stderr: "piped",
    }).outputSync();
    const err = new TextDecoder().decode(r.stderr);
    if (err.includes("ModuleNotFoundError")) throw pythonError(err);
    assertEquals(r.code, 1, err);
    assert(err.includes("cell 1 killed the kernel"), err);
    Deno.removeSync(dir, { recursive: true });
  },
});
