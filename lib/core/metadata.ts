/**
 * Metadata tables: ordered named columns, one value per row (an interval, a unit, or a TsdFrame
 * column). Each column keeps a pandas-like dtype so that printing (int vs float), npz writing
 * (`<i8` vs `<f8` vs object) and HTML display stay faithful to pynapple.
 * @module
 */
import { NappleError } from "../errors.ts";
import { type DType, dtypeOfTypedArray, isTypedArray } from "../array/dtype.ts";
import { dataFrameText, type FrameDType } from "../display/dataframe.ts";
import type { TextSize } from "../display/views.ts";

/** pandas-style dtype of a metadata column: a numeric numpy dtype, or "object" (strings, mixed). */
export type MetadataDType = DType | "object";

/** One metadata column. `values` are plain JS values: numbers, booleans, strings, null, arrays. */
export interface MetadataColumn {
  /** pandas dtype; numbers in an int64 column are safe integers. */
  readonly dtype: MetadataDType;
  /** One value per row. */
  readonly values: readonly unknown[];
}

/** What callers may pass as a column: a plain array or a TypedArray. */
export type MetadataInput = ArrayLike<unknown> | readonly unknown[];

/** Infers pandas' dtype for plain JS values (integers → int64, other numbers → float64). */
export function inferMetadataDType(values: readonly unknown[]): MetadataDType {
  if (values.length === 0) return "float64";
  if (values.every((v) => typeof v === "boolean")) return "bool";
  if (values.every((v) => typeof v === "bigint")) return "int64";
  if (values.every((v) => typeof v === "number")) {
    return (values as number[]).every((v) => Number.isInteger(v)) ? "int64" : "float64";
  }
  return "object";
}

function toColumn(name: string, input: MetadataInput, dtype?: MetadataDType): MetadataColumn {
  if (isTypedArray(input)) {
    const d = dtype ?? dtypeOfTypedArray(input);
    const values = Array.from(
      input as ArrayLike<number | bigint>,
      (v) => d === "bool" ? v !== 0 : typeof v === "bigint" ? Number(v) : v,
    );
    return { dtype: d, values };
  }
  if (typeof input === "string" || !("length" in Object(input))) {
    throw new NappleError("INVALID_ARGUMENT", `metadata column "${name}" must be an array`, {
      key: name,
    });
  }
  const values = Array.from(
    input as ArrayLike<unknown>,
    (v) => (typeof v === "bigint" ? Number(v) : v),
  );
  return { dtype: dtype ?? inferMetadataDType(Array.from(input as ArrayLike<unknown>)), values };
}

/** An ordered table of metadata columns with a fixed number of rows. */
export class Metadata {
  readonly #columns = new Map<string, MetadataColumn>();

  /** An empty table for `length` rows. */
  constructor(readonly length: number) {}

  /** Builds a table from a record of columns (insertion order kept). */
  static from(length: number, record: Record<string, MetadataInput> = {}): Metadata {
    const m = new Metadata(length);
    for (const [k, v] of Object.entries(record)) m.set(k, v);
    return m;
  }

  /** Column names in order. */
  get columns(): string[] {
    return [...this.#columns.keys()];
  }

  /** True when the column exists. */
  has(name: string): boolean {
    return this.#columns.has(name);
  }

  /** The column `name`; throws KEY_NOT_FOUND naming the available columns. */
  get(name: string): MetadataColumn {
    const c = this.#columns.get(name);
    if (!c) {
      throw new NappleError(
        "KEY_NOT_FOUND",
        `no metadata column "${name}"; available: ${this.columns.join(", ") || "(none)"}`,
        { key: name },
      );
    }
    return c;
  }

  /** Adds or replaces a column; its length must equal the number of rows. */
  set(name: string, input: MetadataInput, dtype?: MetadataDType): void {
    const col = toColumn(name, input, dtype);
    if (col.values.length !== this.length) {
      throw new NappleError(
        "SHAPE_MISMATCH",
        `metadata column "${name}" has ${col.values.length} values for ${this.length} rows`,
        { key: name },
      );
    }
    this.#columns.set(name, col);
  }

  /** Removes a column if present. */
  delete(name: string): void {
    this.#columns.delete(name);
  }

  /** A new table with the rows at `indices`, in that order. */
  select(indices: ArrayLike<number>): Metadata {
    const m = new Metadata(indices.length);
    for (const [k, c] of this.#columns) {
      m.#columns.set(k, { dtype: c.dtype, values: Array.from(indices, (i) => c.values[i]) });
    }
    return m;
  }

  /** A copy (columns are shared read-only arrays, so a shallow copy is enough). */
  copy(): Metadata {
    const m = new Metadata(this.length);
    for (const [k, c] of this.#columns) m.#columns.set(k, c);
    return m;
  }

  /** Row `i` as a record of column → value. */
  row(i: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, c] of this.#columns) out[k] = c.values[i];
    return out;
  }

  /**
   * Rows grouped by the values of columns `names` (pandas `groupby(...).groups`, sorted by
   * value). With one column the key is the value; with several it is the array of values.
   */
  groupRows(names: readonly string[]): { key: unknown; rows: number[] }[] {
    const cols = names.map((n) => this.get(n).values);
    const groups = new Map<string, { key: unknown; rows: number[] }>();
    for (let i = 0; i < this.length; i++) {
      const vals = cols.map((c) => c[i]);
      const id = JSON.stringify(vals.map((v) => [typeof v, String(v)]));
      let g = groups.get(id);
      if (!g) {
        g = { key: names.length === 1 ? vals[0] : Object.freeze(vals), rows: [] };
        groups.set(id, g);
      }
      g.rows.push(i);
    }
    // pandas sorts the keys, NaN last
    const cmp = (a: unknown, b: unknown): number =>
      typeof a === "number" && typeof b === "number"
        ? (Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : Number.isNaN(b) ? -1 : a - b)
        : String(a) < String(b)
        ? -1
        : String(a) > String(b)
        ? 1
        : 0;
    return [...groups.values()].sort((x, y) => {
      const a = names.length === 1 ? [x.key] : x.key as unknown[];
      const b = names.length === 1 ? [y.key] : y.key as unknown[];
      for (let k = 0; k < a.length; k++) {
        const c = cmp(a[k], b[k]);
        if (c) return c;
      }
      return 0;
    });
  }

  /** All columns as a record of plain arrays. */
  toRecord(): Record<string, unknown[]> {
    const out: Record<string, unknown[]> = {};
    for (const [k, c] of this.#columns) out[k] = [...c.values];
    return out;
  }

  /**
   * pandas' `print(df)` of the table, rows labelled 0..n-1 (the objects print their metadata
   * under their own index).
   */
  toString(size?: TextSize): string {
    const names = this.columns;
    const rows = Array.from(
      { length: this.length },
      (_, i) => names.map((n) => this.get(n).values[i]),
    );
    const dtypes = names.map((n): FrameDType => {
      const dt = this.get(n).dtype;
      return dt === "bool" || dt === "object" ? dt : dt.startsWith("float") ? "float64" : "int64";
    });
    const index = Array.from({ length: this.length }, (_, i) => i);
    return dataFrameText(index, names, rows, { dtypes, size });
  }

  /** `console.log(metadata)` shows pandas' text of the table. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }
}
