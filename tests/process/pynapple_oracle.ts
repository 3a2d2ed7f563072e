/**
 * Runs pynapple 0.9.2 (the oracle in ../shared/oracle, on Debian's python3 with numpy and scipy)
 * on JSON inputs, for the signal-processing tests: a script reads `inp` and sets `out`; numpy
 * arrays in `out` come back as nested lists with NaN as null.
 * @module
 */
import { AssertionError } from "../assert.ts";
import { PYTHON } from "../io/python_client.ts";

/** Where pynapple 0.9.2's sources live (NAPPLE_ORACLE overrides). */
export const ORACLE_DIR: string = Deno.env.get("NAPPLE_ORACLE") ?? "/work/shared/oracle";

const PRELUDE = `
import json, sys, warnings
warnings.filterwarnings("ignore")
import numpy as np
import pynapple as nap
def _clean(x):
    if isinstance(x, dict): return {str(k): _clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)): return [_clean(v) for v in x]
    if hasattr(x, "values") and hasattr(x, "index") and not isinstance(x, np.ndarray):
        x = np.asarray(x.values)
    if isinstance(x, np.ndarray):
        if np.iscomplexobj(x): return {"re": _clean(x.real), "im": _clean(x.imag)}
        x = x.astype(float)
        return np.where(np.isnan(x), None, x).tolist()
    if isinstance(x, (np.floating, float)): return None if np.isnan(x) else float(x)
    if isinstance(x, (np.integer,)): return int(x)
    return x
inp = json.load(sys.stdin)
out = None
`;

/** Runs `script` with `input` as `inp`; resolves to its `out`, cleaned into JSON. */
export async function oracle<T = unknown>(script: string, input: unknown = {}): Promise<T> {
  const code = `${PRELUDE}\n${script}\nsys.stdout.write(json.dumps(_clean(out)))\n`;
  const pythonPath = [ORACLE_DIR, Deno.env.get("PYTHONPATH")].filter(Boolean).join(":");
  const p = new Deno.Command(PYTHON, {
    args: ["-c", code],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    env: {
      PYTHONPATH: pythonPath,
      PYTHONNOUSERSITE: "1",
      PYTHONDONTWRITEBYTECODE: "1",
      NUMBA_CACHE_DIR: Deno.env.get("NUMBA_CACHE_DIR") ?? "/tmp/pynapple-oracle-numba",
    },
  }).spawn();
  const w = p.stdin.getWriter();
  await w.write(new TextEncoder().encode(JSON.stringify(input)));
  await w.close();
  const o = await p.output();
  if (!o.success) throw new Error(`pynapple failed:\n${new TextDecoder().decode(o.stderr)}`);
  return JSON.parse(new TextDecoder().decode(o.stdout)) as T;
}

/** Nested lists (null for NaN) flattened to a Float64Array. */
export function flat(x: unknown): Float64Array {
  const out: number[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else out.push(v === null ? NaN : Number(v));
  };
  walk(x);
  return Float64Array.from(out);
}

/**
 * Every element within `rtol` of the reference, relative to `max(|expected_i|, floor·max|expected|)`
 * (a floor keeps near-zero values of a spectrum from demanding digits no FFT guarantees).
 */
export function assertClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rtol = 1e-9,
  msg = "values",
  floor = 0,
): void {
  if (actual.length !== expected.length) {
    throw new AssertionError(`${msg}: lengths differ: ${actual.length} vs ${expected.length}`);
  }
  let maxAbs = 0;
  for (let i = 0; i < expected.length; i++) {
    if (Number.isFinite(expected[i])) maxAbs = Math.max(maxAbs, Math.abs(expected[i]));
  }
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i], e = expected[i];
    if (Number.isNaN(a) && Number.isNaN(e)) continue;
    const scale = Math.max(Math.abs(e), floor * maxAbs);
    if (!(Math.abs(a - e) <= rtol * scale) && a !== e) {
      throw new AssertionError(`${msg}[${i}]: ${a} vs ${e} (rtol ${rtol})`);
    }
  }
}

/** A seeded uniform [0, 1) generator for test inputs (mulberry32). */
export function testRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
