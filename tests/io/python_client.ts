/**
 * Runs small scripts through the system numpy (`/usr/bin/python3`), the independent client the
 * npy/npz tests check napple against.
 * @module
 */

/** The interpreter with numpy (the default `python3` may lack it). */
export const PYTHON = "/usr/bin/python3";

/** True when numpy can be imported (tests that need it are skipped otherwise). */
export const HAVE_NUMPY: boolean = (() => {
  try {
    const r = new Deno.Command(PYTHON, { args: ["-c", "import numpy"], stderr: "null" })
      .outputSync();
    return r.success;
  } catch {
    return false;
  }
})();

/** Runs `script` with `args`; returns stdout, throws with stderr on failure. */
export function runPython(script: string, ...args: string[]): string {
  const r = new Deno.Command(PYTHON, { args: ["-c", script, ...args] }).outputSync();
  const out = new TextDecoder().decode(r.stdout);
  if (!r.success) {
    throw new Error(`python failed:\n${new TextDecoder().decode(r.stderr)}\n${out}`);
  }
  return out;
}

/** Runs `script` and parses its stdout as JSON. */
export function pythonJson<T = unknown>(script: string, ...args: string[]): T {
  return JSON.parse(runPython(script, ...args)) as T;
}

/**
 * Runs `/usr/bin/python3 args…` with `input` (bytes, or text sent as UTF-8) on stdin; resolves to
 * its stdout bytes, rejects with stderr on failure.
 */
export async function pythonPipe(args: string[], input: Uint8Array | string): Promise<Uint8Array> {
  const p = new Deno.Command(PYTHON, { args, stdin: "piped", stdout: "piped", stderr: "piped" })
    .spawn();
  const w = p.stdin.getWriter();
  await w.write(typeof input === "string" ? new TextEncoder().encode(input) : input);
  await w.close();
  const out = await p.output();
  if (!out.success) throw new Error(`python failed:\n${new TextDecoder().decode(out.stderr)}`);
  return out.stdout;
}

/** {@linkcode pythonPipe} with `input` sent as JSON and stdout parsed as JSON. */
export async function pythonPipeJson<T = unknown>(args: string[], input: unknown): Promise<T> {
  return JSON.parse(new TextDecoder().decode(await pythonPipe(args, JSON.stringify(input)))) as T;
}
