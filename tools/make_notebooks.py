#!/usr/bin/python3
"""Writes the notebooks in notebooks/ from the cell lists below (their source of truth), without
outputs. Then execute them in the Deno kernel, which fills the outputs that get committed:

    /usr/bin/python3 tools/make_notebooks.py && /usr/bin/python3 tools/run_notebook.py notebooks/*.ipynb
"""
import os
import sys

import nbformat

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "notebooks")


def md(text):
    return nbformat.v4.new_markdown_cell(text.strip("\n"))


def code(text):
    return nbformat.v4.new_code_cell(text.strip("\n"))


QUICKSTART = [
    md("""
# napple quickstart

napple is [pynapple](https://pynapple.org) for Deno: the same time-series objects, the same
printouts, lazy NWB and npz loading, and plots. This notebook runs in the Deno Jupyter kernel
(`deno jupyter --install`) from a checkout of the repository: it imports the library through the
project's `deno.json`.
"""),
    code("""
import * as nap from "../mod.ts";
"""),
    md("""
## Objects

`Tsd` is a time series: timestamps `t` (seconds, always in memory, rounded to 9 decimals) and
values `d`. Displayed in the kernel, objects show pynapple's table as HTML.
"""),
    code("""
// A small deterministic random generator, so the notebook gives the same output every run.
let seed = 42;
const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);

const t = Array.from({ length: 1000 }, (_, i) => i / 10);
const tsd = new nap.Tsd({ t, d: t.map((x) => Math.sin(x / 5) + 0.2 * (rand() - 0.5)) });
tsd
"""),
    md("""
A `TsdFrame` has one column per signal, here an animal's position on a circle; `IntervalSet`
holds epochs, with metadata; `TsGroup` gathers spike trains (`Ts`) under integer keys, with a
`rate` column computed for you and any other metadata.
"""),
    code("""
const position = new nap.TsdFrame({
  t,
  d: t.map((x) => [Math.cos(x / 8), Math.sin(x / 8)]),
  columns: ["x", "y"],
});
position
"""),
    code("""
const epochs = new nap.IntervalSet({
  start: [10, 55],
  end: [30, 85],
  metadata: { label: ["rest", "run"] },
});
epochs
"""),
    code("""
const spikes = (rate: number) => {
  const out: number[] = [];
  for (let s = rand() / rate; s < 100; s += -Math.log(1 - rand()) / rate) out.push(s);
  return new nap.Ts({ t: out });
};
const group = new nap.TsGroup(
  { 1: spikes(2), 2: spikes(5), 7: spikes(1), 12: spikes(8) },
  { metadata: { region: ["CA1", "CA1", "PFC", "PFC"] } },
);
group
"""),
    md("""
## restrict and get

`restrict(epochs)` keeps the samples inside the epochs (and makes them the new time support);
`get(start, end)` takes one time window.
"""),
    code("""
console.log(tsd.restrict(epochs).toString());
"""),
    code("""
position.get(10, 11)
"""),
    code("""
console.log(group.restrict(epochs).toString());
"""),
    md("""
## Plots

`await nap.plot(objects, options)` draws with [Observable Plot](https://observablehq.com/plot)
and returns a figure the kernel shows as SVG (`fig.save("x.svg")` or `fig.toSVG()` in a script).
Several objects share one time axis: epochs are bands behind the lines and rasters. Long series
are reduced to the minimum and maximum of each horizontal pixel before drawing.
"""),
    code("""
await nap.plot([tsd, epochs], { title: "A Tsd with its epochs", color: "label" })
"""),
    code("""
await nap.plot(position, { layout: "stack", title: "TsdFrame columns as small multiples" })
"""),
    code("""
await nap.plot([group, epochs], { color: "region", title: "TsGroup raster coloured by region" })
"""),
    code("""
const tensor = new nap.TsdTensor({
  t: t.slice(0, 200),
  d: t.slice(0, 200).map((x) => [0, 1].map((a) => [0, 1, 2].map((b) => Math.sin(x + a + b / 2)))),
});
await nap.plot(tensor, { title: "TsdTensor (200 × 2 × 3) as a heatmap of its 6 features" })
"""),
]


def io_notebook():
    return []  # filled in below when the IO layer is complete


# Added to the quickstart once nap.loadFolder is exported from mod.ts.
FOLDER_CELLS = [
    md("""
## Folders

`nap.loadFolder(path)` walks a folder tree and lists the pynapple npz and NWB files it finds;
entries load on access.
"""),
    code("""
const folder = nap.loadFolder("../testdata/folder/folder_session");
console.log(folder.view);
"""),
    code("""
folder.get("position")
"""),
]

NOTEBOOKS = {"quickstart.ipynb": QUICKSTART}


def main():
    names = sys.argv[1:] or list(NOTEBOOKS)
    for name in names:
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "deno", "display_name": "Deno", "language": "typescript"}
        nb.metadata["language_info"] = {"name": "typescript", "file_extension": ".ts"}
        nb.cells = NOTEBOOKS[name]
        nbformat.write(nb, os.path.join(OUT, name))
        print("wrote", name)


if __name__ == "__main__":
    main()
