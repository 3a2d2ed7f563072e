/**
 * The one client of pynapple 0.9.2 for every test: a long-lived `tools/oracle_server.py` process,
 * JSON lines in and out, requests pipelined and matched by id. The random differential suite
 * starts its own ({@linkcode Oracle.start}); tests that run pynapple code directly
 * ({@linkcode pynapple}, {@linkcode pynappleValues}, tests/oracle/cases.ts) share one process per
 * test module, started on first use (`import pynapple` costs seconds).
 *
 * The oracle's sources are found through `PYTHONPATH` (CI sources the oracle's env.sh), the
 * `NAPPLE_ORACLE` folder, or a `shared/oracle` folder beside the checkout (or beside the main
 * checkout, for a worktree). A missing oracle fails the tests that use it directly: a check
 * against pynapple that silently skips would be a test that cannot fail.
 * @module
 */

import { needsPython, PYTHON } from "../io/python_client.ts";
import type { Canon } from "./canon.ts";

/** The project root. */
export const ROOT: string = decodeURIComponent(new URL("../../", import.meta.url).pathname);

/** The Debian modules pynapple 0.9.2 needs (the tests are skipped locally without them, fail in CI). */
export const ORACLE_MODULES = ["numpy", "pandas", "scipy", "numba", "h5py", "hdmf"];

/** `ignore` for tests against the oracle: skip locally (with a notice) without its modules, never in CI. */
export const SKIP_ORACLE: boolean = needsPython(...ORACLE_MODULES);

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
  const shared = Deno.env.get("NAPPLE_SHARED");
  const candidates = [
    Deno.env.get("NAPPLE_ORACLE"),
    shared && `${shared}/oracle`,
    `${ROOT}../shared/oracle`,
    `${ROOT}../../shared/oracle`,
  ].filter((d): d is string => !!d && hasPynapple(d));
  const path = [...candidates.slice(0, 1), Deno.env.get("PYTHONPATH")].filter(Boolean);
  if (path.length) env.PYTHONPATH = path.join(":");
  return env;
}

/** pynapple's answer to one request. */
export interface PyAnswer {
  ok?: Canon;
  /** `out` itself, for a raw request (already JSON, made by tools/oracle_codecs.py). */
  json?: unknown;
  error?: { type: string; message: string };
  crash?: string;
  warnings?: string[];
}

/** A running pynapple oracle. */
export class Oracle {
  #proc: Deno.ChildProcess;
  #writer: WritableStreamDefaultWriter<Uint8Array>;
  #pending = new Map<number, (a: PyAnswer) => void>();
  #next = 1;
  #done: Promise<void>;
  #stderr: Promise<string>;
  #exited = false;

  private constructor() {
    this.#proc = new Deno.Command(PYTHON, {
      args: [`${ROOT}tools/oracle_server.py`],
      env: oracleEnv(),
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    this.#writer = this.#proc.stdin.getWriter();
    this.#stderr = new Response(this.#proc.stderr).text();
    this.#done = this.#read();
  }

  /** Starts the server and waits until pynapple is imported (throws naming what is missing). */
  static async start(): Promise<Oracle> {
    const o = new Oracle();
    const a = await o.run("out = nap.__version__", [80, 24]).catch(async (e) => {
      throw new Error(`the pynapple oracle did not start: ${e.message}\n${await o.#stderr}`);
    });
    if (a.ok?.kind !== "scalar" || (a.ok.v as { $s: string }).$s !== "0.9.2") {
      throw new Error(`the oracle is not pynapple 0.9.2: ${JSON.stringify(a)}`);
    }
    return o;
  }

  async #read(): Promise<void> {
    let buf = "";
    const dec = new TextDecoder();
    for await (const chunk of this.#proc.stdout) {
      buf += dec.decode(chunk, { stream: true });
      let nl;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const a = JSON.parse(line) as PyAnswer & { id: number };
        this.#pending.get(a.id)?.(a);
        this.#pending.delete(a.id);
      }
    }
    this.#exited = true;
    const err = new Error("the pynapple oracle exited");
    for (const [id, resolve] of this.#pending) {
      resolve({ crash: `${err.message}\n${await this.#stderr}` });
      this.#pending.delete(id);
    }
  }

  /**
   * Runs pynapple `code` (which assigns `out`) with the printout made for `size`, on pynapple
   * with the bugs named in `fixes` patched (tools/oracle_server.py's FIXES).
   */
  run(code: string, size: [number, number], fixes: string[] = []): Promise<PyAnswer> {
    return this.#send({ code, size, fixes });
  }

  /**
   * Runs pynapple `code` with `input` bound to `inp`; `out` must already be JSON (made with
   * tools/oracle_codecs.py's `plain`, `values` or `case_out`). Resolves to `{ json }`, or to
   * `{ error }` where the code raised.
   */
  raw(code: string, input: unknown = null): Promise<PyAnswer> {
    return this.#send({ code, input, raw: true });
  }

  #send(request: Record<string, unknown>): Promise<PyAnswer> {
    if (this.#exited) {
      return this.#stderr.then((e) => {
        throw new Error(`the pynapple oracle exited earlier:\n${e}`);
      });
    }
    const id = this.#next++;
    const p = new Promise<PyAnswer>((resolve) => this.#pending.set(id, resolve));
    const line = JSON.stringify({ id, ...request }) + "\n";
    this.#writer.write(new TextEncoder().encode(line)).catch(() => {});
    return p.then((a) => {
      if (a.crash && a.crash.startsWith("the pynapple oracle exited")) throw new Error(a.crash);
      return a;
    });
  }

  /** Stops the server. */
  async close(): Promise<void> {
    await this.#writer.close().catch(() => {});
    await this.#done;
    await this.#proc.status;
  }
}

let shared: Promise<Oracle> | undefined;

/**
 * The oracle shared by this test module, started on first use; it ends with the test process
 * (its stdin closes). Sequential tests share it; each request is answered on its own.
 */
export function sharedOracle(): Promise<Oracle> {
  shared ??= Oracle.start();
  return shared;
}

async function ask<T>(script: string, input: unknown, encoder: string): Promise<T> {
  const oracle = await sharedOracle();
  const a = await oracle.raw(`${script}\nout = ${encoder}(out)`, input);
  if (a.crash) throw new Error(`the pynapple oracle failed:\n${a.crash}`);
  if (a.error) throw new Error(`pynapple raised ${a.error.type}: ${a.error.message}`);
  return a.json as T;
}

/**
 * Runs `script` under pynapple 0.9.2 with `input` bound to `inp` and returns `plain(out)`:
 * series as `{type, t, d, dtype, start, end, columns?, metadata?}`, IntervalSets as
 * `{start, end, metadata}`, TsGroups as `{index, members, metadata}`, NaN as null. `error_of(f)`
 * gives the exception `f()` raises. Throws where the script raises.
 */
export function pynapple<T = unknown>(script: string, input: unknown = null): Promise<T> {
  return ask<T>(script, input, "plain");
}

/**
 * Runs `script` (which reads `inp` and sets `out`) and returns `out`'s numbers: arrays and the
 * values of pandas / pynapple objects as nested lists, NaN as null, complex arrays as `{re, im}`.
 */
export function pynappleValues<T = unknown>(script: string, input: unknown = {}): Promise<T> {
  return ask<T>(script, input, "values");
}

/** NaN as null, the way {@linkcode pynapple} returns numbers, for comparing arrays. */
export function plainNumbers(a: ArrayLike<number | bigint>): (number | null)[] {
  return Array.from(a, (v) => (typeof v === "bigint" ? Number(v) : Number.isNaN(v) ? null : v));
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
