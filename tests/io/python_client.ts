/**
 * Runs small scripts through the system Python (`/usr/bin/python3` with Debian's numpy, h5py,
 * scipy, pandas), the independent client the tests check napple against.
 *
 * `NAPPLE_PYTHON` overrides the interpreter (e.g. one without numpy, to see what a fresh machine
 * reports). In CI (`CI` set, or `NAPPLE_REQUIRE_PYTHON=1`, which `.ci/run` sets) a test whose
 * Python module is missing runs and fails naming the module; elsewhere it is skipped with a
 * printed notice.
 * @module
 */

/** The interpreter with numpy (the default `python3` on PATH may lack it). */
export const PYTHON: string = Deno.env.get("NAPPLE_PYTHON") || "/usr/bin/python3";

/** True in CI: a missing Python module or tool fails the tests that need it instead of skipping. */
export const REQUIRE_TOOLS: boolean = (() => {
  const ci = Deno.env.get("CI");
  return Deno.env.get("NAPPLE_REQUIRE_PYTHON") === "1" ||
    (ci !== undefined && ci !== "" && ci !== "0" && ci.toLowerCase() !== "false");
})();

const decoder = new TextDecoder();

/** Which of `modules` the interpreter cannot import (all of them when it cannot start). */
function missingModules(modules: readonly string[]): string[] {
  const script = "import importlib.util, sys\n" +
    "print(' '.join(m for m in sys.argv[1:] if importlib.util.find_spec(m) is None))";
  try {
    const r = new Deno.Command(PYTHON, { args: ["-c", script, ...modules], stderr: "null" })
      .outputSync();
    if (!r.success) return [...modules];
    return decoder.decode(r.stdout).split(/\s+/).filter((m) => m);
  } catch {
    return [...modules];
  }
}

const announced = new Set<string>();

/**
 * The `ignore` flag for a test that needs the Python `modules`: false when they import, or in CI
 * (where the test then fails naming the module); otherwise true, with a notice on stderr.
 */
export function needsPython(...modules: string[]): boolean {
  const missing = missingModules(modules);
  if (missing.length === 0 || REQUIRE_TOOLS) return false;
  const key = missing.join(" ");
  if (!announced.has(key)) {
    announced.add(key);
    console.error(
      `SKIPPING tests that need python module ${missing.join(", ")} (missing from ${PYTHON}; ` +
        `.ci/run installs it, and CI fails instead of skipping)`,
    );
  }
  return true;
}

/** `ignore` for the tests that need numpy (true = skip, with a notice; never in CI). */
export const SKIP_NUMPY: boolean = needsPython("numpy");

/** `ignore` for the tests that need numpy and h5py (true = skip, with a notice; never in CI). */
export const SKIP_H5PY: boolean = needsPython("numpy", "h5py");

/** Debian's package name for a Python module, where the two differ. */
const DEBIAN: Record<string, string> = {
  PIL: "python3-pil",
  jupyter_client: "jupyter-client",
  nbconvert: "jupyter-nbconvert",
};

/**
 * The error for a failed Python run: "python module X is missing" when an import failed (that is
 * what a fresh machine without the package shows), else Python's stderr.
 */
export function pythonError(stderr: string, stdout = ""): Error {
  const m = /ModuleNotFoundError: No module named '([\w.]+)'/.exec(stderr);
  if (m) {
    const mod = m[1].split(".")[0];
    const pkg = DEBIAN[mod] ?? `python3-${mod.toLowerCase().replaceAll("_", "-")}`;
    return new Error(
      `python module ${mod} is missing from ${PYTHON} (Debian package ${pkg}; .ci/run installs ` +
        `the test dependencies)\n${stderr}`,
    );
  }
  return new Error(`python failed:\n${stderr}\n${stdout}`);
}

/** Runs `script` with `args`; returns stdout, throws with stderr on failure. */
export function runPython(script: string, ...args: string[]): string {
  return runPythonArgs(["-c", script, ...args]);
}

/** Runs `PYTHON args…` (a script file, `-c code`, …); returns stdout, throws on failure. */
export function runPythonArgs(args: string[], cwd?: string): string {
  const r = new Deno.Command(PYTHON, { args, cwd, stdout: "piped", stderr: "piped" }).outputSync();
  const out = decoder.decode(r.stdout);
  if (!r.success) throw pythonError(decoder.decode(r.stderr), out);
  return out;
}

/** Runs `script` and parses its stdout as JSON. */
export function pythonJson<T = unknown>(script: string, ...args: string[]): T {
  return JSON.parse(runPython(script, ...args)) as T;
}

/**
 * Runs `PYTHON args…` with `input` (bytes, or text sent as UTF-8) on stdin; resolves to its
 * stdout bytes, rejects with the missing module or stderr on failure (a script that dies on an
 * import before reading stdin is reported as such, not as a broken pipe).
 */
export async function pythonPipe(args: string[], input: Uint8Array | string): Promise<Uint8Array> {
  const p = new Deno.Command(PYTHON, { args, stdin: "piped", stdout: "piped", stderr: "piped" })
    .spawn();
  const w = p.stdin.getWriter();
  let writeError: unknown;
  try {
    await w.write(typeof input === "string" ? new TextEncoder().encode(input) : input);
    await w.close();
  } catch (e) {
    // Python exited before reading its input: its stderr says why
    writeError = e;
  }
  const out = await p.output();
  if (!out.success) throw pythonError(decoder.decode(out.stderr), decoder.decode(out.stdout));
  if (writeError) throw writeError;
  return out.stdout;
}

/** {@linkcode pythonPipe} with `input` sent as JSON and stdout parsed as JSON. */
export async function pythonPipeJson<T = unknown>(args: string[], input: unknown): Promise<T> {
  return JSON.parse(decoder.decode(await pythonPipe(args, JSON.stringify(input)))) as T;
}
