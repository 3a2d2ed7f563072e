/**
 * The deliberate differences from pynapple 0.9.2 (README and docs/differences.md), as checks: where
 * one applies to a case, the case asserts pynapple's behaviour AND napple's instead of equality.
 * @module
 */

import { type Canon, compare, type CSeries } from "./canon.ts";

/** What one side did: a result or an error. */
export interface Outcome {
  ok?: Canon;
  error?: { type: string; message: string };
}

/**
 * A documented difference. `applies` picks the cases it covers; `check` returns what is wrong.
 * With `fixes` (names of tools/oracle_server.py's FIXES), the case also runs on pynapple with
 * those bugs patched, and `check` gets that answer as `fixed`: napple must give what pynapple
 * gives once its bug is out of the way.
 */
export interface Deliberate {
  /** Where it is documented. */
  doc: string;
  fixes?: string[];
  applies(napple: Outcome, pynapple: Outcome): boolean;
  check(napple: Outcome, pynapple: Outcome, fixed?: Outcome): string | null;
}

/** napple's result compared with pynapple's once its bug is patched (`fixed`). */
function sameAsFixed(a: Outcome, fixed: Outcome | undefined): string | null {
  if (!fixed) return "no answer from the patched pynapple";
  if (fixed.error) {
    return `the patched pynapple still raises ${fixed.error.type}: ${fixed.error.message}`;
  }
  if (a.error) return `napple raises "${a.error.message}"; the patched pynapple returns a result`;
  const diff = compare(a.ok!, fixed.ok!);
  return diff.length ? `napple differs from the patched pynapple: ${diff.join("\n")}` : null;
}

function isEmpty(c: Canon | undefined): boolean {
  if (!c) return false;
  switch (c.kind) {
    case "Ts":
    case "Tsd":
    case "TsdFrame":
    case "TsdTensor":
      // or no column: perievent windows around no event (pynapple computes them, fails to print)
      return c.t.length === 0 || ("d" in c && c.d.v.length === 0);
    case "IntervalSet":
      return c.start.length === 0;
    case "map":
      return c.entries.every(([, v]) => isEmpty(v));
    case "table":
      return c.values.v.length === 0 || c.values.v.every((x) => x === "NaN" || x === 0);
    case "list":
      return c.items.every(isEmpty);
    case "array":
      // bins of a feature without samples: nothing to place them by, NaN
      return c.v.length === 0 || c.v.every((x) => x === "NaN");
    default:
      return false;
  }
}

/**
 * Issue 10 item 11: pynapple fails with an IndexError (or numpy's zero-size reduction error) on
 * empty input through an indexing bug; napple returns the natural empty result.
 */
export const EMPTY_INPUT: Deliberate = {
  doc: "docs/differences.md, empty inputs",
  applies: (_a, b) =>
    b.error?.type === "IndexError" ||
    (b.error?.type === "ValueError" &&
      /zero-size array|cannot reshape array of size 0|cannot convert float NaN to integer/.test(
        b.error.message,
      )),
  check: (a) =>
    a.error
      ? `napple raises "${a.error.message}" instead of returning an empty result`
      : isEmpty(a.ok)
      ? null
      : "napple's result is not empty",
};

/**
 * Issue 10 item 11: 2d tuning curves (`[tc, xy]`) of a feature without samples in its own support
 * (none, or one: pynapple gives a one-sample series an empty support): pynapple's bins take the
 * minimum of nothing ("zero-size array"). napple bins the feature's own samples, as pynapple's 1d
 * functions do: without samples the bin centres and curves are NaN; a single sample puts every bin
 * centre on its value and visits one bin, with no activity there (0, the activity is restricted
 * to the empty support) or no spike rate (NaN).
 */
export const TUNING_2D_NO_SAMPLE: Deliberate = {
  doc: "docs/differences.md, compute* on degenerate input",
  applies: (a, b) => EMPTY_INPUT.applies(a, b) && a.ok?.kind === "list",
  check: (a) => {
    if (a.ok?.kind !== "list" || a.ok.items.length !== 2) return "napple does not give [tc, xy]";
    const [tc, xy] = a.ok.items;
    if (tc.kind !== "map") return "napple's tc is not a map";
    const none = (c: Canon) => c.kind === "array" && c.v.every((x) => x === "NaN" || x === 0);
    if (!tc.entries.every(([, v]) => none(v))) return "napple's tuning curves hold activity";
    return xy.kind === "list" && xy.items.length === 2 ? null : "napple's xy is not two arrays";
  },
};

/**
 * computePerieventContinuous of data with fewer than 2 samples: pynapple reads the sampling step
 * from `t[1] - t[0]` (IndexError); there is no step to lay the windows out by, so napple raises a
 * NappleError saying so.
 */
export const PERIEVENT_TOO_FEW_SAMPLES: Deliberate = {
  doc: "docs/differences.md, compute* on degenerate input",
  applies: (a, b) =>
    b.error?.type === "IndexError" && a.error?.type === "NappleError" &&
    /at least 2 samples/.test(a.error.message),
  check: () => null,
};

/**
 * Issue 10 item 11: an ISI distribution where a unit has no spike in the epochs. pynapple's
 * `time_diff` fails on that unit's empty `get` (IndexError). With that `get_slice` patched,
 * pynapple bins the other units and gives the empty one a column of zeros: napple must equal it.
 * Where no unit has an interval at all, patched pynapple still fails (the minimum of nothing
 * sizes its bins): napple's table has no rows, or a column of zero counts.
 */
export const ISI_UNIT_WITHOUT_SPIKES: Deliberate = {
  doc: "docs/differences.md, empty inputs",
  fixes: ["empty_get_slice"],
  applies: (a, b) => b.error?.type === "IndexError" && a.ok?.kind === "table",
  check: (a, _b, fixed) => {
    if (fixed?.ok) return sameAsFixed(a, fixed);
    if (a.ok?.kind !== "table") return "napple does not return a table";
    const { shape, v } = a.ok.values;
    const [rows, cols] = [shape[0] ?? 0, shape[1] ?? 0];
    if (rows === 0) return null;
    for (let c = 0; c < cols; c++) {
      let zero = true;
      for (let r = 0; r < rows; r++) if (Number(v[r * cols + c]) !== 0) zero = false;
      if (zero) return null;
    }
    return "no unit has a column of zero counts";
  },
};

/**
 * Issue 10 item 11: convolve (and smooth) over a support with an epoch holding no sample. pynapple
 * hands the empty epoch to scipy, which raises ("v cannot be empty"; for integer data "zero-size
 * array to reduction operation maximum"). napple convolves the epochs that have samples: the
 * check runs pynapple with scipy's convolve of nothing returning nothing, and napple must equal it.
 */
export const CONVOLVE_EMPTY_EPOCH: Deliberate = {
  doc: "docs/differences.md, empty inputs",
  fixes: ["convolve_empty_epoch"],
  applies: (_a, b) =>
    b.error?.type === "ValueError" &&
    /v cannot be empty|zero-size array to reduction operation maximum/.test(b.error.message),
  check: (a, _b, fixed) => sameAsFixed(a, fixed),
};

/**
 * Issue 10 item 11: `get(a, b)` / `getSlice(a, b)` on a series without samples. pynapple's
 * `get_slice` reads `t[-1]` of the empty array (IndexError); napple gives the empty series / the
 * empty range, as pynapple does with that read patched.
 */
export const EMPTY_GET_SLICE: Deliberate = {
  doc: "docs/differences.md, empty inputs",
  fixes: ["empty_get_slice"],
  applies: (_a, b) => b.error?.type === "IndexError",
  check: (a, _b, fixed) => sameAsFixed(a, fixed),
};

/**
 * Issue 10 item 11: interpolate where the source or the targets have no sample. pynapple's
 * `get_slice` reads `t[-1]` of the empty series (IndexError). With that fixed, pynapple's own loop
 * skips every epoch without source samples and returns NaN at each target in `ep` (empty when
 * there is no target): napple returns the same, float64 (NaN does not fit an integer dtype).
 */
export const INTERPOLATE_FROM_NOTHING: Deliberate = {
  doc: "docs/differences.md, empty inputs",
  fixes: ["empty_get_slice"],
  applies: (_a, b) => b.error?.type === "IndexError",
  check: (a, _b, fixed) => {
    const why = sameAsFixed(a, fixed);
    if (why) return why;
    const x = a.ok as CSeries;
    if (x.d.dtype !== "float64") return `napple's dtype is ${x.d.dtype}`;
    return x.d.v.every((v) => v === "NaN") ? null : "napple's values are not all NaN";
  },
};

/**
 * `get(t)` on a series without samples: pynapple fails with an IndexError, napple raises a
 * NappleError saying the series is empty (there is no sample to return).
 */
export const GET_EMPTY: Deliberate = {
  doc: "docs/differences.md, empty inputs",
  applies: (_a, b) => b.error?.type === "IndexError",
  check: (a) => a.error?.type === "NappleError" ? null : "napple does not raise a NappleError",
};

/**
 * smooth with a std under one sample: pynapple builds a gaussian of std 0 (NaN weights, or [1]
 * when the window is one sample) and returns whatever that convolution gives; napple raises.
 */
export const SMOOTH_STD_UNDER_ONE_SAMPLE: Deliberate = {
  doc: "docs/differences.md, smooth",
  // also where pynapple fails first on an epoch without samples (its rate is then as low)
  applies: (a, b) =>
    (!b.error || EMPTY_INPUT.applies(a, b) || CONVOLVE_EMPTY_EPOCH.applies(a, b)) &&
    a.error?.type === "NappleError" && /less than one sample/.test(a.error.message),
  check: () => null,
};

/**
 * dropna with no sample left (or none to begin with): pynapple returns a float64 series whatever
 * the input's dtype; napple keeps the dtype. Same times, support and (empty) values otherwise.
 */
export const DROPNA_EMPTY: Deliberate = {
  doc: "docs/differences.md, dropna",
  applies: (a, b) =>
    a.ok !== undefined && "d" in a.ok && a.ok.d.dtype !== "float64" && a.ok.t.length === 0 &&
    b.ok !== undefined && "d" in b.ok && b.ok.d.dtype === "float64",
  check: (a, b) => {
    const x = a.ok as CSeries, y = b.ok as typeof x;
    const asFloat = x.repr.replace(`dtype: ${x.d.dtype}`, "dtype: float64");
    const diff = compare({ ...x, d: { ...x.d, dtype: "float64" }, repr: asFloat }, y);
    return diff.length ? diff.join("\n") : null;
  },
};

/**
 * `TsGroup.toTsd`: pynapple orders equal timestamps of different units with numpy's unstable
 * argsort (any order); napple keeps them in key order. Same times, same values per time.
 */
export const TO_TSD_TIES: Deliberate = {
  doc: "docs/differences.md, toTsd",
  applies: (a, b) => a.ok?.kind === "Tsd" && b.ok?.kind === "Tsd",
  check: (a, b) => {
    const x = a.ok as CSeries, y = b.ok as typeof x;
    const sorted = (c: typeof x) => {
      const rows = c.t.map((t, i) => [t as number, c.d.v[i] as number]);
      return rows.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
    };
    if (JSON.stringify(sorted(x)) !== JSON.stringify(sorted(y))) {
      return compare(a.ok!, b.ok!).join("\n") || "rows differ";
    }
    // napple: ties in key order (the values are the keys, or a metadata value per key)
    return null;
  },
};

/** `selectColumns([c])` stays a one-column TsdFrame; pynapple's `frame[[c]]` is a Tsd. */
export const ONE_COLUMN_SELECTION: Deliberate = {
  doc: "docs/differences.md, selectColumns",
  applies: (a, b) => a.ok?.kind === "TsdFrame" && b.ok?.kind === "Tsd",
  check: (a, b) => {
    const x = a.ok as CSeries, y = b.ok as CSeries;
    if (x.d.shape[1] !== 1) return "napple's frame has more than one column";
    const diff = compare(
      { ...x, kind: "Tsd", d: { ...x.d, shape: [x.d.shape[0]] }, repr: y.repr } as Canon,
      y,
    );
    return diff.length ? diff.join("\n") : null;
  },
};

/** README: `Ts.get(t)` and `Ts.at(i)` give the timestamp; pynapple gives a Ts of one timestamp. */
export const TS_SCALAR: Deliberate = {
  doc: "README, Ts.get/Ts.at return the timestamp",
  applies: () => true,
  check: (a, b) => {
    if (b.error) return a.error ? null : `pynapple raises ${b.error.type}, napple returns`;
    if (b.ok?.kind !== "Ts") return `pynapple returns a ${b.ok?.kind}`;
    if (b.ok.t.length !== 1) return `pynapple's Ts has ${b.ok.t.length} timestamps`;
    if (a.ok?.kind !== "scalar") return `napple returns a ${a.ok?.kind ?? "error"}`;
    return a.ok.v === b.ok.t[0] ? null : `napple ${a.ok.v} vs pynapple ${b.ok.t[0]}`;
  },
};

/**
 * README: unsorted timestamps are sorted together with their values; pynapple sorts only `t`
 * (the values stay in input order, now paired with other times).
 */
export function unsortedTimes(t: number[], d: number[]): Deliberate {
  const order = t.map((_, i) => i).sort((i, j) => t[i] - t[j]);
  return {
    doc: "README, unsorted timestamps",
    applies: () => true,
    check: (a, b) => {
      if (a.ok?.kind !== "Tsd" || b.ok?.kind !== "Tsd") return "both should give a Tsd";
      const ts = order.map((i) => t[i]);
      const pairs = order.map((i) => d[i]);
      const eq = (x: unknown[], y: unknown[]) => JSON.stringify(x) === JSON.stringify(y);
      if (!eq(b.ok.t, ts)) return "pynapple's times are not sorted";
      if (!eq(b.ok.d.v, d)) return "pynapple's values are no longer in input order";
      if (!eq(a.ok.t, ts)) return "napple's times are not sorted";
      if (!eq(a.ok.d.v, pairs)) return "napple's values did not move with their times";
      return null;
    },
  };
}

/** README: plain JS number arrays become float64; numpy infers int64 from Python ints. */
export const PLAIN_ARRAYS_FLOAT64: Deliberate = {
  doc: "README, plain JS number arrays",
  applies: () => true,
  check: (a, b) => {
    if (a.ok?.kind !== "Tsd" || b.ok?.kind !== "Tsd") return "both should give a Tsd";
    if (b.ok.d.dtype !== "int64") return `pynapple's dtype is ${b.ok.d.dtype}`;
    if (a.ok.d.dtype !== "float64") return `napple's dtype is ${a.ok.d.dtype}`;
    return JSON.stringify(a.ok.d.v) === JSON.stringify(b.ok.d.v) ? null : "values differ";
  },
};

/** README: `take(indices)` needs increasing positions; pynapple reorders rows (and times). */
export const TAKE_INCREASING: Deliberate = {
  doc: "README, take needs increasing positions",
  applies: () => true,
  check: (a, b) => {
    if (b.error) return `pynapple raises ${b.error.type}: ${b.error.message}`;
    if (a.error?.type !== "NappleError") return "napple does not raise a NappleError";
    return null;
  },
};

/**
 * groupby on a column holding NaN: pandas 1.5 lists a NaN key with no rows; napple puts the rows
 * whose value is NaN under that key. Every other group is the same.
 */
export const GROUPBY_NAN: Deliberate = {
  doc: "docs/differences.md, groupby with NaN",
  applies: (a) => a.ok?.kind === "map" && a.ok.entries.some(([k]) => k === "NaN"),
  check: (a, b) => {
    if (a.ok?.kind !== "map" || b.ok?.kind !== "map") return "both should give a map";
    const nan = b.ok.entries.find(([k]) => k === "NaN");
    if (!nan) return "pynapple has no NaN key";
    if (nan[1].kind !== "array" || nan[1].v.length) return "pynapple's NaN group is not empty";
    const mine = a.ok.entries.find(([k]) => k === "NaN")!;
    if (mine[1].kind !== "list" || !mine[1].items.length) return "napple's NaN group is empty";
    const drop = (m: typeof a.ok) => ({ ...m, entries: m.entries.filter(([k]) => k !== "NaN") });
    const diff = compare(drop(a.ok), drop(b.ok as typeof a.ok));
    return diff.length ? diff.join("\n") : null;
  },
};

/**
 * threshold of a series with one sample: pynapple's jitted loop reads past the end of the arrays
 * and fails its own assertion ("Starts end ends are not of the same length"); napple thresholds it.
 */
export const THRESHOLD_ONE_SAMPLE: Deliberate = {
  doc: "docs/differences.md, threshold of one sample",
  applies: (_a, b) => b.error?.type === "AssertionError" && /same length/.test(b.error.message),
  check: (a) =>
    a.ok?.kind === "Tsd" && a.ok.t.length <= 1
      ? null
      : "napple does not return a Tsd of ≤ 1 sample",
};

/**
 * Selecting no row of a TsdFrame (`mask` all false, `take([])`): pynapple's result loses its
 * columns too (shape (0, 0), no labels, no metadata); napple keeps them (shape (0, n)).
 */
export const NO_ROWS_KEEP_COLUMNS: Deliberate = {
  doc: "docs/differences.md, selecting no row of a TsdFrame",
  applies: (a, b) =>
    a.ok?.kind === "TsdFrame" && b.ok?.kind === "TsdFrame" && a.ok.t.length === 0 &&
    b.ok.d.shape[1] === 0 && a.ok.d.shape[1] > 0,
  check: (a) => {
    const x = a.ok as CSeries;
    return x.columns?.length === x.d.shape[1] ? null : "napple's columns do not match its shape";
  },
};

/**
 * computePerieventContinuous with several events whose windows are cut by the data's edges:
 * pynapple copies the cut windows by size without matching their offsets (numpy then fails with a
 * shape mismatch, or values land at another event's offset); napple places each cut window at
 * its own offset, NaN outside the data.
 */
export const PERIEVENT_EDGES: Deliberate = {
  doc: "docs/differences.md, computePerieventContinuous at the data's edges",
  // where the cut windows do not collide pynapple is right, and the case compares as usual
  applies: (a, b) => !!b.error || (!!a.ok && !!b.ok && compare(a.ok, b.ok).length > 0),
  check: (a, b) => {
    const x = a.ok as CSeries | undefined;
    if (!x || (x.kind !== "TsdFrame" && x.kind !== "TsdTensor")) return "napple gives no TsdFrame";
    if (b.ok && compare(a.ok!, b.ok).length === 0) {
      return "pynapple now agrees: no longer a difference";
    }
    // the first event's window starts before the data: its first row is NaN; its centre is not
    const cols = x.d.shape.slice(1).reduce((p, q) => p * q, 1);
    const col0 = (r: number) => x.d.v[r * cols];
    const mid = (x.t.length - 1) / 2;
    return col0(0) === "NaN" && col0(mid) !== "NaN"
      ? null
      : "napple's cut window is not NaN-padded";
  },
};

/**
 * A TsGroup from a plain JS object with metadata: JS lists integer keys ascending whatever order
 * they were written in, so napple takes the metadata rows in ascending key order; pynapple (a dict
 * keeps the written order) moves each row with its key. `written` is the keys' written order.
 */
export function plainObjectKeys(written: number[]): Deliberate {
  const sorted = [...written].sort((a, b) => a - b);
  return {
    doc: "docs/differences.md, TsGroup keys given as a plain object",
    applies: () => true,
    check: (a, b) => {
      if (a.ok?.kind !== "TsGroup" || b.ok?.kind !== "TsGroup") return "both should give a TsGroup";
      const col = (m: typeof a.ok.metadata) => m.find((c) => c.name !== "rate")?.v ?? [];
      const mine = col(a.ok.metadata), theirs = col(b.ok.metadata);
      // pynapple: the row written i-th belongs to key written[i]; napple: to sorted[i]
      for (let i = 0; i < written.length; i++) {
        const j = sorted.indexOf(written[i]);
        if (JSON.stringify(theirs[j]) !== JSON.stringify(mine[i])) {
          return `metadata row ${i}: pynapple puts it on key ${
            written[i]
          }, napple should put it on ${sorted[i]}`;
        }
      }
      return null;
    },
  };
}
