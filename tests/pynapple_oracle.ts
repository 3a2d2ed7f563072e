/**
 * pynapple 0.9.2 as a live reference for regression tests: runs a short Python script with
 * `nap` (pynapple) and `np` (numpy) imported and returns what it assigns to `out`, as JSON.
 * The oracle's sources are found through `PYTHONPATH` (CI sources the oracle's env.sh), the
 * `NAPPLE_ORACLE` folder, or a `shared/oracle` folder beside the checkout. A missing oracle fails
 * the test: a check against pynapple that silently skips would be a test that cannot fail.
 * @module
 */
import { PYTHON } from "./io/python_client.ts";

/** The folder holding the checkout (with a trailing slash). */
const BESIDE_ROOT = new URL("../../", import.meta.url).pathname;

function hasPynapple(dir: string): boolean {
  try {
    return Deno.statSync(`${dir}/pynapple/__init__.py`).isFile;
  } catch {
    return false;
  }
}

/** The environment that puts pynapple 0.9.2 on Debian's python (what the oracle's env.sh sets). */
export function oracleEnv(): Record<string, string> {
  const env: Record<string, string> = {
    PYTHONNOUSERSITE: "1",
    PYTHONDONTWRITEBYTECODE: "1",
    NUMBA_CACHE_DIR: Deno.env.get("NUMBA_CACHE_DIR") ?? "/tmp/pynapple-oracle-numba",
  };
  const candidates = [
    Deno.env.get("NAPPLE_ORACLE"),
    `${BESIDE_ROOT}shared/oracle`,
    `${BESIDE_ROOT}../shared/oracle`,
  ].filter((d): d is string => !!d && hasPynapple(d));
  const path = [...candidates.slice(0, 1), Deno.env.get("PYTHONPATH")].filter(Boolean);
  if (path.length) env.PYTHONPATH = path.join(":");
  return env;
}

const PRELUDE = `
import json, sys, warnings
warnings.simplefilter("ignore")
try:
    import numpy as np
    import pynapple as nap
except ImportError as e:
    sys.stderr.write("pynapple 0.9.2 oracle is missing (source the oracle's env.sh or set NAPPLE_ORACLE): %s" % e)
    sys.exit(3)
assert nap.__version__ == "0.9.2", nap.__version__
inp = json.loads(sys.argv[1])

def plain(x):
    """numpy / pandas values as JSON: arrays as lists, NaN as None, tuples as lists."""
    if isinstance(x, (nap.Ts, nap.Tsd, nap.TsdFrame, nap.TsdTensor)):
        r = {"type": type(x).__name__, "t": plain(x.t),
             "start": plain(x.time_support.start), "end": plain(x.time_support.end)}
        if hasattr(x, "values") and x.values is not None:
            r["d"] = plain(np.asarray(x.values))
            r["dtype"] = str(x.values.dtype)
        if isinstance(x, nap.TsdFrame):
            r["columns"] = plain(list(x.columns))
            r["metadata"] = {k: plain(list(x._metadata[k])) for k in x.metadata_columns}
        return r
    if isinstance(x, nap.IntervalSet):
        return {"type": "IntervalSet", "start": plain(x.start), "end": plain(x.end),
                "metadata": {k: plain(list(x._metadata[k])) for k in x.metadata_columns}}
    if isinstance(x, nap.TsGroup):
        return {"type": "TsGroup", "index": plain(list(x.index)),
                "members": [plain(x[k]) for k in x.index],
                "metadata": {k: plain(list(x._metadata[k])) for k in x.metadata_columns}}
    if isinstance(x, dict):
        return {str(k): plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [plain(v) for v in x]
    if hasattr(x, "tolist"):
        return plain(x.tolist())
    if isinstance(x, float) and x != x:
        return None
    return x

def error_of(f):
    """The exception f() raises, as {"error": class name, "message": text}, or None."""
    try:
        f()
    except Exception as e:
        return {"error": type(e).__name__, "message": str(e)}
    return None
`;

/**
 * Runs `script` under pynapple 0.9.2 with `inp` bound to `input` and returns `plain(out)`:
 * series as `{type, t, d, dtype, start, end, columns?, metadata?}`, IntervalSets as
 * `{start, end, metadata}`, TsGroups as `{index, members, metadata}`, NaN as null.
 */
export function pynapple<T = unknown>(script: string, input: unknown = null): T {
  const code = `${PRELUDE}\n${script}\nprint(json.dumps(plain(out)))`;
  const r = new Deno.Command(PYTHON, {
    args: ["-c", code, JSON.stringify(input)],
    env: oracleEnv(),
  }).outputSync();
  const stdout = new TextDecoder().decode(r.stdout);
  if (!r.success) {
    throw new Error(`pynapple oracle failed:\n${new TextDecoder().decode(r.stderr)}\n${stdout}`);
  }
  return JSON.parse(stdout.trim().split("\n").pop()!) as T;
}

/** NaN as null, the way {@linkcode pynapple} returns numbers, for comparing arrays. */
export function plainNumbers(a: ArrayLike<number | bigint>): (number | null)[] {
  return Array.from(a, (v) => (typeof v === "bigint" ? Number(v) : Number.isNaN(v) ? null : v));
}
