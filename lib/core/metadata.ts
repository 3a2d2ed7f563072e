/**
 * Metadata tables: ordered named columns, one value per row (an interval, a unit, or a TsdFrame
 * column). Each column keeps a pandas-like dtype so that printing (int vs float), npz writing
 * (`<i8` vs `<f8` vs object) and HTML display stay faithful to pynapple.
 *
 * Also the metadata API of IntervalSet, TsGroup and TsdFrame (pynapple's `_MetadataMixin`),
 * written once: `setInfo`, `getInfo`, `dropInfo` and `groupby` below; the classes only say which
 * names they refuse and what a group of rows becomes.
 * @module
 */
import { NappleError } from "../errors.ts";
import { type DType, dtypeOfTypedArray, isTypedArray } from "../array/dtype.ts";
import { namesArg } from "./checks.ts";
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

  /**
   * An empty table for `length` rows, labelled by `labels` when printed (a TsGroup's keys, a
   * TsdFrame's column labels; default 0..n-1, as an IntervalSet's).
   */
  constructor(
    readonly length: number,
    readonly labels?: readonly (string | number | bigint)[],
  ) {}

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
        `Metadata column "${name}" not found. Metadata columns are ${JSON.stringify(this.columns)}`,
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
        `metadata column "${name}": input array length ${col.values.length} does not match ` +
          `metadata length ${this.length}`,
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
    const labels = this.labels;
    const m = new Metadata(indices.length, labels && Array.from(indices, (i) => labels[i]));
    for (const [k, c] of this.#columns) {
      m.#columns.set(k, { dtype: c.dtype, values: Array.from(indices, (i) => c.values[i]) });
    }
    return m;
  }

  /** A copy (columns are shared read-only arrays, so a shallow copy is enough). */
  copy(): Metadata {
    const m = new Metadata(this.length, this.labels);
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
   * Rows grouped by the values of column(s) `by` (pynapple `groupby`, sorted by value). With a
   * column name the key is the value; with an array of names (even of one) it is the frozen
   * array of values, as pynapple's keys are then tuples.
   */
  groupRows(by: string | readonly string[]): MetadataGroup[] {
    const names = typeof by === "string" ? [by] : namesArg(by, "by");
    const tuples = typeof by !== "string";
    const cols = names.map((n) => this.get(n).values);
    const groups = new Map<string, { key: unknown; rows: number[] }>();
    for (let i = 0; i < this.length; i++) {
      const vals = cols.map((c) => c[i]);
      const id = JSON.stringify(vals.map((v) => [typeof v, String(v)]));
      let g = groups.get(id);
      if (!g) {
        g = { key: tuples ? Object.freeze(vals) : vals[0], rows: [] };
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
      const a = tuples ? x.key as unknown[] : [x.key];
      const b = tuples ? y.key as unknown[] : [y.key];
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

  /** pandas' `print(df)` of the table (pynapple's `obj.metadata`), rows labelled by `labels`. */
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
    const index = this.labels ?? Array.from({ length: this.length }, (_, i) => i);
    return dataFrameText(index, names, rows, { dtypes, size });
  }

  /** `console.log(metadata)` shows pandas' text of the table. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }
}

// ---- the metadata API shared by IntervalSet, TsGroup and TsdFrame

/** Metadata as constructors and `setInfo` accept it: a record of columns, or a Metadata table. */
export type MetadataRecord = Record<string, MetadataInput> | Metadata;

/** Rows of a metadata table sharing one value (or one tuple of values) of the grouping columns. */
export interface MetadataGroup {
  /** The value; a frozen array of values when grouping by an array of names. */
  readonly key: unknown;
  /** The rows, increasing. */
  readonly rows: number[];
}

/** The names an object refuses as metadata, exactly where pynapple raises. */
export interface MetadataRules {
  /** Class name for messages. */
  readonly kind: "IntervalSet" | "TsGroup" | "TsdFrame";
  /** Columns the object computes itself (TsGroup's `rate`): never set nor dropped. */
  readonly computed?: readonly string[];
  /** Labels a metadata name must differ from (a TsdFrame's column labels). */
  readonly labels?: readonly unknown[];
}

/** Throws INVALID_ARGUMENT unless `m` is a Metadata table or a record of columns. */
export function checkMetadataRecord(m: unknown): asserts m is MetadataRecord {
  if (typeof m !== "object" || m === null || Array.isArray(m)) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      "metadata must be a record of column name -> array (or a Metadata table)",
      { key: "metadata" },
    );
  }
}

/**
 * pynapple `set_info`: adds or replaces the columns of `metadata` in `table`. A computed column
 * found in a Metadata table (a copy of another object's) is skipped; given by the caller, it is
 * refused, as is a name equal to one of `rules.labels`. A table of one row also takes a single
 * value (not an array), as pynapple does for objects with one index.
 */
export function setInfo(table: Metadata, metadata: MetadataRecord, rules: MetadataRules): void {
  checkMetadataRecord(metadata);
  const isTable = metadata instanceof Metadata;
  const names = isTable ? metadata.columns : Object.keys(metadata);
  const kept: string[] = [];
  for (const name of names) {
    if (rules.computed?.includes(name)) {
      if (isTable) continue;
      throw new NappleError(
        "INVALID_ARGUMENT",
        `Invalid metadata name "${name}". Cannot overwrite ${rules.kind} "${name}"!`,
        { key: name },
      );
    }
    if (rules.labels?.includes(name)) {
      throw new NappleError(
        "INVALID_ARGUMENT",
        `Invalid metadata name "${name}". Metadata name must differ from ${
          JSON.stringify(rules.labels)
        } column names!`,
        { key: name },
      );
    }
    kept.push(name);
  }
  for (const name of kept) {
    if (isTable) {
      const col = metadata.get(name);
      table.set(name, col.values, col.dtype);
      continue;
    }
    const v = metadata[name] as unknown;
    const scalar = typeof v !== "object" || v === null; // strings included
    table.set(name, scalar && table.length === 1 ? [v] : v as MetadataInput);
  }
}

/** The JS type `getInfo(name, type)` checks every value of a metadata column against. */
export type InfoType = "number" | "string" | "boolean";

/** The values `getInfo(name, type)` returns for each {@linkcode InfoType}. */
export type InfoValue<T extends InfoType> = T extends "number" ? number
  : T extends "string" ? string
  : boolean;

const INFO_TYPES: readonly InfoType[] = ["number", "string", "boolean"];

/**
 * pynapple `get_info`: a copy of column `name`'s values, one per row. With `type`, every value
 * is checked to be of that JS type (WRONG_TYPE names the column and the first value that is not),
 * so typed code gets `number[]` / `string[]` / `boolean[]` without a cast.
 */
export function getInfo(table: Metadata, name: string, type?: InfoType): unknown[] {
  if (typeof name !== "string") {
    throw new NappleError(
      "INVALID_ARGUMENT",
      `Invalid metadata column ${String(name)}. Metadata columns must be strings.`,
      { key: "name" },
    );
  }
  const values = [...table.get(name).values];
  if (type === undefined) return values;
  if (!INFO_TYPES.includes(type)) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      `getInfo type should be one of ${INFO_TYPES.map((t) => `"${t}"`).join(", ")}; got ${
        String(type)
      }`,
      { key: "type" },
    );
  }
  const isType: Record<InfoType, (v: unknown) => boolean> = {
    number: (v) => typeof v === "number",
    string: (v) => typeof v === "string",
    boolean: (v) => typeof v === "boolean",
  };
  const bad = values.findIndex((v) => !isType[type](v));
  if (bad >= 0) {
    const v = values[bad];
    const what = v === null ? "null" : Array.isArray(v) ? "an array" : `a ${typeof v}`;
    throw new NappleError(
      "WRONG_TYPE",
      `metadata column "${name}" (${table.get(name).dtype}) holds ${what} at row ${bad}, ` +
        `not only ${type}s`,
      { key: name },
    );
  }
  return values;
}

/** pynapple `drop_info`: removes column(s) `name`; all must exist, none may be computed. */
export function dropInfo(
  table: Metadata,
  name: string | readonly string[],
  rules: MetadataRules,
): void {
  const names = namesArg(name);
  for (const n of names) {
    if (rules.computed?.includes(n)) {
      throw new NappleError("INVALID_ARGUMENT", `Cannot drop ${rules.kind} "${n}"!`, { key: n });
    }
    table.get(n);
  }
  for (const n of names) table.delete(n);
}

/**
 * The group whose key equals `value` (element-wise for a tuple key). Never undefined: a value
 * matching no group throws KEY_NOT_FOUND listing the groups, as pynapple raises.
 */
export function findGroup(groups: readonly MetadataGroup[], value: unknown): MetadataGroup {
  const same = (a: unknown, b: unknown) =>
    Array.isArray(a) && Array.isArray(b)
      ? a.length === b.length && a.every((v, i) => Object.is(v, b[i]))
      : Object.is(a, b);
  const g = groups.find((g) => same(g.key, value));
  if (!g) {
    throw new NappleError(
      "KEY_NOT_FOUND",
      `Group ${JSON.stringify(value)} not found in metadata groups. Groups are ${
        JSON.stringify(groups.map((g) => g.key))
      }`,
      { key: String(value) },
    );
  }
  return g;
}

/**
 * pynapple `groupby` over `table`: without `getGroup`, a Map from each group's key to
 * `labels(rows)`, sorted by key; with it, `select(rows)` of the group whose key it is.
 */
export function groupby<L, G>(
  table: Metadata,
  by: string | readonly string[],
  getGroup: unknown,
  labels: (rows: number[]) => L[],
  select: (rows: number[]) => G,
): Map<unknown, L[]> | G {
  const groups = table.groupRows(by);
  if (getGroup === undefined) return new Map(groups.map((g) => [g.key, labels(g.rows)]));
  return select(findGroup(groups, getGroup).rows);
}
