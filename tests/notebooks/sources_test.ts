// The committed notebooks are what tools/make_notebooks.ts generates from their .ts sources
// (outputs aside): a cell edited in the .ipynb only, or a source changed without regenerating,
// fails here.
import { assert, assertEquals, assertThrows } from "../assert.ts";
import {
  buildNotebook,
  type Notebook,
  notebookSources,
  parseSource,
  readNotebook,
  serializeNotebook,
} from "../../tools/make_notebooks.ts";

const nbDir = new URL("../../notebooks/", import.meta.url).pathname;

/** What regeneration must reproduce: everything but the outputs and execution counts. */
function withoutOutputs(nb: Notebook) {
  return {
    metadata: nb.metadata,
    nbformat: nb.nbformat,
    nbformat_minor: nb.nbformat_minor,
    cells: nb.cells.map(({ cell_type, id, metadata, source }) => ({
      cell_type,
      id,
      metadata,
      source,
    })),
  };
}

Deno.test("every notebook has a .ts source and every source a committed notebook", () => {
  const notebooks = [...Deno.readDirSync(nbDir)].map((e) => e.name)
    .filter((n) => n.endsWith(".ipynb") && !n.startsWith("_")).sort();
  const sources = notebookSources(nbDir);
  assert(sources.length >= 2, `sources: ${sources}`);
  assertEquals(sources.map((s) => s.replace(/\.ts$/, ".ipynb")), notebooks);
});

for (const name of notebookSources(nbDir)) {
  Deno.test(`notebooks/${name} regenerates the committed notebook (outputs aside)`, async () => {
    const path = nbDir + name;
    const committed = readNotebook(path.replace(/\.ts$/, ".ipynb"));
    assert(committed, `${name} has no notebook: run deno run -A tools/make_notebooks.ts`);
    const generated = await buildNotebook(parseSource(Deno.readTextFileSync(path), path));
    assertEquals(
      withoutOutputs(committed),
      withoutOutputs(generated),
      `notebooks/${name.replace(/\.ts$/, ".ipynb")} is stale: run deno run -A ` +
        "tools/make_notebooks.ts, then tools/run_notebook.py on it",
    );
  });
}

Deno.test("a source is cut into markdown and code cells at the marker lines", async () => {
  const cells = parseSource(
    [
      "",
      "// %% [markdown]",
      "// # Title",
      "//",
      "// Some *text*.",
      "",
      "// %%",
      "const x = 1;",
      "",
      "// a comment inside code stays",
      "x;",
      "",
      "",
      "// %%",
      "x + 1;",
    ].join("\n"),
    "t.ts",
  );
  assertEquals(cells, [
    { kind: "markdown", text: "# Title\n\nSome *text*." },
    { kind: "code", text: "const x = 1;\n\n// a comment inside code stays\nx;" },
    { kind: "code", text: "x + 1;" },
  ]);
  const nb = await buildNotebook(cells);
  assertEquals(nb.cells[1].source, [
    "const x = 1;\n",
    "\n",
    "// a comment inside code stays\n",
    "x;",
  ]);
  assertEquals(nb.cells.map((c) => c.execution_count), [undefined, null, null]);
  assertEquals(new Set(nb.cells.map((c) => c.id)).size, 3);
  // Same layout as nbformat: sorted keys, one-space indent, a final newline.
  const text = serializeNotebook(nb);
  assert(text.startsWith('{\n "cells": [\n  {\n   "cell_type": "markdown",\n   "id": '), text);
  assert(text.endsWith('\n "nbformat": 4,\n "nbformat_minor": 5\n}\n'), text);
});

Deno.test("malformed sources are refused with the line that is wrong", () => {
  assertThrows(() => parseSource("const x = 1;\n// %%\nx;\n", "a.ts"), Error, "a.ts:1");
  assertThrows(
    () => parseSource("// %% [markdown]\n// fine\nnot a comment\n", "b.ts"),
    Error,
    "b.ts:3",
  );
  assertThrows(() => parseSource("// %%\n\n// %%\nx;\n", "c.ts"), Error, "empty code cell");
});

Deno.test("regenerating keeps the outputs of unchanged cells and drops those of changed ones", async () => {
  const before = await buildNotebook(parseSource("// %%\n1;\n// %%\n2;\n", "x.ts"));
  before.cells[0].outputs = [{ output_type: "stream", name: "stdout", text: ["one"] }];
  before.cells[0].execution_count = 1;
  before.cells[1].outputs = [{ output_type: "stream", name: "stdout", text: ["two"] }];
  before.cells[1].execution_count = 2;
  const after = await buildNotebook(parseSource("// %%\n1;\n// %%\n3;\n", "x.ts"), before);
  assertEquals(after.cells[0].outputs, before.cells[0].outputs);
  assertEquals(after.cells[0].execution_count, 1);
  assertEquals(after.cells[1].outputs, []);
  assertEquals(after.cells[1].execution_count, null);
});
