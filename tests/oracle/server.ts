/**
 * The pynapple side of the oracle: one long-lived `tools/oracle_server.py` process, JSON lines in
 * and out, requests pipelined and matched by id.
 * @module
 */

import { PYTHON } from "../io/python_client.ts";
import { oracleEnv } from "../pynapple_oracle.ts";
import type { Canon } from "./canon.ts";

/** The project root. */
export const ROOT: string = decodeURIComponent(new URL("../../", import.meta.url).pathname);

/** The Debian modules pynapple 0.9.2 needs (the tests are skipped locally without them, fail in CI). */
export const ORACLE_MODULES = ["numpy", "pandas", "scipy", "numba", "h5py", "hdmf"];

/** pynapple's answer to one request. */
export interface PyAnswer {
  ok?: Canon;
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
    const id = this.#next++;
    const p = new Promise<PyAnswer>((resolve) => this.#pending.set(id, resolve));
    const line = JSON.stringify({ id, code, size, fixes }) + "\n";
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
