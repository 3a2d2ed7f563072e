// Builds each notebook notebooks/<name>.ipynb from its source notebooks/<name>.ts.
//
// A source is an ordinary TypeScript module (deno task check type-checks, lints and formats it)
// cut into cells by marker lines:
//
//   // %% [markdown]        a markdown cell: the comment lines below it, without their "// "
//   // %%                   a code cell: the lines below it, as they are
//
// up to the next marker. Blank lines around a cell are dropped. The outputs of a cell whose
// source is unchanged are kept from the committed notebook; new or changed cells have none until
// the notebook is executed:
//
//   deno run -A tools/make_notebooks.ts && /usr/bin/python3 tools/run_notebook.py notebooks/*.ipynb
//
// tests/notebooks/sources_test.ts checks that the committed notebooks are what this generates.

/** One cell of a notebook source. */
export interface SourceCell {
  kind: "markdown" | "code";
  text: string;
}

/** A notebook as nbformat 4.5 stores it (the parts napple's notebooks use). */
export interface Notebook {
  cells: NotebookCell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** One cell of a `.ipynb` file. */
export interface NotebookCell {
  cell_type: "markdown" | "code";
  id: string;
  metadata: Record<string, unknown>;
  source: string[];
  outputs?: unknown[];
  execution_count?: number | null;
}

const MARKDOWN = "// %% [markdown]";
const CODE = "// %%";

/** Cuts a notebook source into cells; `where` names the file in error messages. */
export function parseSource(text: string, where: string): SourceCell[] {
  const cells: { kind: "markdown" | "code"; lines: string[] }[] = [];
  for (const [i, raw] of text.split("\n").entries()) {
    const line = raw.trimEnd();
    if (line === MARKDOWN || line === CODE) {
      cells.push({ kind: line === MARKDOWN ? "markdown" : "code", lines: [] });
      continue;
    }
    const cell = cells.at(-1);
    if (!cell) {
      if (line !== "") throw new Error(`${where}:${i + 1}: text before the first "// %%" marker`);
      continue;
    }
    if (cell.kind === "markdown" && line !== "") {
      if (line !== "//" && !line.startsWith("// ")) {
        throw new Error(`${where}:${i + 1}: a markdown cell holds only "// " comment lines`);
      }
      cell.lines.push(line.slice(3));
    } else {
      cell.lines.push(raw);
    }
  }
  return cells.map(({ kind, lines }) => {
    while (lines.length && lines[0].trim() === "") lines.shift();
    while (lines.length && lines.at(-1)!.trim() === "") lines.pop();
    if (!lines.length) throw new Error(`${where}: an empty ${kind} cell`);
    return { kind, text: lines.join("\n") };
  });
}

/** nbformat's way of storing a source: one string per line, each but the last ending in "\n". */
function sourceLines(text: string): string[] {
  return text.split("\n").map((l, i, all) => (i < all.length - 1 ? l + "\n" : l));
}

async function cellId(kind: string, text: string, occurrence: number): Promise<string> {
  const bytes = new TextEncoder().encode(`${kind}\n${occurrence}\n${text}`);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return [...digest.slice(0, 4)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The notebook of `cells`. A code cell whose source equals a cell of `previous` (matched in
 * order) keeps that cell's outputs and execution count.
 */
export async function buildNotebook(cells: SourceCell[], previous?: Notebook): Promise<Notebook> {
  const oldOutputs = new Map<string, NotebookCell[]>();
  for (const c of previous?.cells ?? []) {
    if (c.cell_type !== "code") continue;
    const key = c.source.join("");
    oldOutputs.set(key, [...(oldOutputs.get(key) ?? []), c]);
  }
  const seen = new Map<string, number>();
  const out: NotebookCell[] = [];
  for (const { kind, text } of cells) {
    const occurrence = seen.get(kind + text) ?? 0;
    seen.set(kind + text, occurrence + 1);
    const cell: NotebookCell = {
      cell_type: kind,
      id: await cellId(kind, text, occurrence),
      metadata: {},
      source: sourceLines(text),
    };
    if (kind === "code") {
      const old = oldOutputs.get(text)?.shift();
      cell.execution_count = old?.execution_count ?? null;
      cell.outputs = old?.outputs ?? [];
    }
    out.push(cell);
  }
  return {
    cells: out,
    metadata: {
      kernelspec: { display_name: "Deno", language: "typescript", name: "deno" },
      language_info: { file_extension: ".ts", name: "typescript" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** The text of a notebook file, laid out as nbformat writes it (so re-executing diffs little). */
export function serializeNotebook(nb: Notebook): string {
  return JSON.stringify(sortKeys(nb), null, 1) + "\n";
}

/** The source `.ts` files in `dir`, sorted by name. */
export function notebookSources(dir: string): string[] {
  return [...Deno.readDirSync(dir)]
    .filter((e) => e.isFile && e.name.endsWith(".ts") && !e.name.startsWith("_"))
    .map((e) => e.name)
    .sort();
}

/** Reads a notebook file, or undefined when there is none yet. */
export function readNotebook(path: string): Notebook | undefined {
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
  return JSON.parse(text) as Notebook;
}

if (import.meta.main) {
  const dir = new URL("../notebooks/", import.meta.url).pathname;
  const names = Deno.args.length
    ? Deno.args.map((a) => a.replace(/^.*\//, ""))
    : notebookSources(dir);
  for (const name of names) {
    const source = dir + name.replace(/\.(ts|ipynb)$/, "") + ".ts";
    const target = source.replace(/\.ts$/, ".ipynb");
    const cells = parseSource(Deno.readTextFileSync(source), source);
    const nb = await buildNotebook(cells, readNotebook(target));
    Deno.writeTextFileSync(target, serializeNotebook(nb));
    const missing = nb.cells.filter((c) =>
      c.cell_type === "code" && c.execution_count === null
    ).length;
    console.log(`wrote ${target} (${nb.cells.length} cells, ${missing} code cells to execute)`);
  }
}
