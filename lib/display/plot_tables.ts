/**
 * Analysis results as layers: tables (tuning curves, correlograms: one line or bar series per
 * column) and 2-D tuning curves (one small heatmap per unit).
 * @module
 */
import type { NDArray } from "../array/ndarray.ts";
import { NappleError } from "../errors.ts";
import { numericData } from "./plot_decimate.ts";
import { label } from "./plot_input.ts";
import type {
  BarLayer,
  GridLayer,
  LineLayer,
  PlotOptions,
  PlotTable,
  PlotTuning2d,
} from "./plot_types.ts";

function tableColumns(tbl: PlotTable): { index: Float64Array; cols: Float64Array[] } {
  const index = Float64Array.from(tbl.index as ArrayLike<number>, Number);
  if (index.some((x) => Number.isNaN(x))) {
    throw new NappleError("INVALID_ARGUMENT", "a table to plot needs a numeric index");
  }
  const n = index.length;
  const k = tbl.columns.length;
  const v = tbl.values as unknown;
  let cols: Float64Array[];
  if (Array.isArray(v) && v.length === k && typeof v[0] === "object") {
    cols = (v as ArrayLike<number>[]).map((c) => Float64Array.from(c));
  } else {
    const flat = (v as { data?: unknown }).data !== undefined
      ? numericData(v as NDArray)
      : (v as ArrayLike<number>);
    if (flat.length !== n * k) {
      throw new NappleError(
        "SHAPE_MISMATCH",
        `table values have ${flat.length} numbers, expected ${n} rows × ${k} columns`,
      );
    }
    cols = Array.from({ length: k }, (_, j) => {
      const c = new Float64Array(n);
      for (let i = 0; i < n; i++) c[i] = flat[i * k + j];
      return c;
    });
  }
  return { index, cols };
}

/** A table (tuning curves, correlograms): one line or bar series per column. */
export function tableLayer(tbl: PlotTable, options: PlotOptions): LineLayer | BarLayer {
  const { index, cols } = tableColumns(tbl);
  const labels = tbl.columns.map(label);
  const n = index.length;
  const total = n * cols.length;
  const y = new Float64Array(total);
  const z: string[] = new Array(total);
  cols.forEach((c, j) => {
    y.set(c, j * n);
    z.fill(labels[j], j * n, (j + 1) * n);
  });
  if (options.kind === "bars") {
    const x1 = new Float64Array(total), x2 = new Float64Array(total);
    const step = n > 1 ? (index[n - 1] - index[0]) / (n - 1) : 1;
    for (let j = 0; j < cols.length; j++) {
      for (let i = 0; i < n; i++) {
        x1[j * n + i] = index[i] - step / 2;
        x2[j * n + i] = index[i] + step / 2;
      }
    }
    return { kind: "bars", x1, x2, y, z, series: labels, rows: n };
  }
  const x = new Float64Array(total);
  for (let j = 0; j < cols.length; j++) x.set(index, j * n);
  return {
    kind: "line",
    x,
    y,
    z,
    series: labels,
    stack: options.layout === "stack",
    rows: n,
    time: false,
  };
}

function edgesOf(centres: ArrayLike<number>): Float64Array {
  const n = centres.length;
  const e = new Float64Array(n + 1);
  const step = n > 1 ? (centres[n - 1] - centres[0]) / (n - 1) : 1;
  for (let i = 0; i < n; i++) e[i] = centres[i] - step / 2;
  e[n] = centres[n - 1] + step / 2;
  return e;
}

/** 2-D tuning curves as one heatmap per unit (unvisited, NaN bins left empty). */
export function gridLayer(obj: PlotTuning2d): GridLayer {
  const [cx, cy] = obj.xy;
  const ex = edgesOf(cx), ey = edgesOf(cy);
  const nx = cx.length, ny = cy.length;
  const X1: number[] = [],
    X2: number[] = [],
    Y1: number[] = [],
    Y2: number[] = [],
    V: number[] = [];
  const F: number[] = [];
  const facets: string[] = [];
  let rows = 0;
  for (const [key, arr] of obj.tc) {
    if (arr.shape.length !== 2 || arr.shape[0] !== nx || arr.shape[1] !== ny) {
      throw new NappleError(
        "SHAPE_MISMATCH",
        `tuning curve of ${label(key)} has shape (${
          arr.shape.join(", ")
        }), expected (${nx}, ${ny})`,
        { key: label(key) },
      );
    }
    const f = facets.push(label(key)) - 1;
    for (let i = 0; i < nx; i++) {
      for (let j = 0; j < ny; j++) {
        rows++;
        const v = Number(arr.data[i * ny + j]);
        if (Number.isNaN(v)) continue;
        X1.push(ex[i]);
        X2.push(ex[i + 1]);
        Y1.push(ey[j]);
        Y2.push(ey[j + 1]);
        V.push(v);
        F.push(f);
      }
    }
  }
  return {
    kind: "grid",
    x1: Float64Array.from(X1),
    x2: Float64Array.from(X2),
    y1: Float64Array.from(Y1),
    y2: Float64Array.from(Y2),
    v: Float64Array.from(V),
    facet: Int32Array.from(F),
    facets,
    rows,
  };
}
