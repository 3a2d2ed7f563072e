/**
 * A rendered plot: a standalone SVG string that the Deno Jupyter kernel shows inline and a script
 * can write to disk. Holds no DOM, so it is cheap to keep and to print.
 * @module
 */
import { NappleError } from "../errors.ts";

const SVG_NS = "http://www.w3.org/2000/svg";

/** What a plot shows, for its text form. */
export interface PlotSummary {
  /** Kinds of marks drawn (e.g. `["line", "bands"]`). */
  kinds: string[];
  /** Width and height in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /** Points drawn after per-pixel decimation, and rows they stand for. */
  points: number;
  /** Rows of data the points were reduced from. */
  rows: number;
}

/** The result of `nap.plot(...)`: an SVG with Jupyter display and `toSVG()` / `save()`. */
export class PlotFigure {
  readonly #svg: string;
  /** What was drawn (kinds, size, decimation). */
  readonly summary: PlotSummary;

  /** Wraps an SVG string; the root gets the SVG namespace so the file stands alone. */
  constructor(svg: string, summary: PlotSummary) {
    this.#svg = ensureXmlns(svg);
    this.summary = summary;
  }

  /** The standalone SVG document (with `xmlns`), ready to write to a `.svg` file. */
  toSVG(): string {
    return this.#svg;
  }

  /** Writes the SVG to `path` (needs --allow-write). */
  save(path: string): void {
    if (typeof path !== "string" || path === "") {
      throw new NappleError("INVALID_ARGUMENT", "save() needs a file path", { path: String(path) });
    }
    try {
      Deno.writeTextFileSync(path, this.#svg);
    } catch (cause) {
      throw new NappleError("IO", `could not write the plot: ${String(cause)}`, { path, cause });
    }
  }

  /** A one-line description (`<PlotFigure line 640×400, 1280 points from 200000 rows>`). */
  toString(): string {
    const s = this.summary;
    return `<PlotFigure ${
      s.kinds.join("+")
    } ${s.width}×${s.height}, ${s.points} points from ${s.rows} rows>`;
  }

  /** `console.log(fig)` prints the one-line description, not the SVG. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }

  /** Jupyter display bundle: the SVG itself, and the text form as a fallback. */
  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return { "image/svg+xml": this.#svg, "text/plain": this.toString() };
  }
}

/** Adds `xmlns` (and `xmlns:xlink` when used) to the root `<svg>` tag if it lacks them. */
export function ensureXmlns(svg: string): string {
  const m = /^\s*<svg\b([^>]*)>/.exec(svg);
  if (!m) {
    throw new NappleError("INVALID_ARGUMENT", "plot output is not an <svg> element");
  }
  let attrs = m[1];
  if (!/\sxmlns=/.test(attrs)) attrs = ` xmlns="${SVG_NS}"` + attrs;
  if (svg.includes("xlink:") && !/\sxmlns:xlink=/.test(attrs)) {
    attrs += ` xmlns:xlink="http://www.w3.org/1999/xlink"`;
  }
  return `<svg${attrs}>` + svg.slice(m[0].length);
}
