// Cold start as a user pays it, whole processes (issue 11): `deno run` of a script that imports
// jsr:@napple/napple from a local registry in JSR's layout (tools/local_registry.ts), opens an
// NWB file and prints it, against `python3 -c "import pynapple as nap; print(nap.load_file(x))"`
// (pynapple 0.9.2 from ../shared/oracle on Debian's python3), measured in the same run.
// The first Deno run also transpiles the package into Deno's cache; later runs reuse it, as
// Python reuses its bytecode and numba caches. Medians of RUNS runs after that first one.
import { buildLocalRegistry } from "../tools/local_registry.ts";

const RUNS = Number(Deno.env.get("RUNS") ?? 5);
const root = new URL("../", import.meta.url).pathname;
const nwb = `${root}testdata/nwb/units_session.nwb`;

function oracleDir(): string {
  const candidates = [
    Deno.env.get("NAPPLE_ORACLE"),
    `${root}../shared/oracle`,
    `${root}../../shared/oracle`,
    "/work/shared/oracle",
  ];
  for (const c of candidates) {
    try {
      if (c && Deno.statSync(`${c}/pynapple/__init__.py`).isFile) return c;
    } catch {
      // not this one
    }
  }
  throw new Error("the pynapple oracle (shared/oracle) was not found: set NAPPLE_ORACLE");
}

function timed(cmd: string, args: string[], env: Record<string, string>, cwd?: string): number {
  const t0 = performance.now();
  const r = new Deno.Command(cmd, { args, env, cwd, stdout: "piped", stderr: "piped" })
    .outputSync();
  const ms = performance.now() - t0;
  if (!r.success) {
    throw new Error(`${cmd} ${args.join(" ")} failed:\n${new TextDecoder().decode(r.stderr)}`);
  }
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const tmp = Deno.makeTempDirSync({ prefix: "napple_cold_" });
try {
  const reg = await buildLocalRegistry(`${tmp}/registry`);
  const work = `${tmp}/work`;
  Deno.mkdirSync(work);
  Deno.writeTextFileSync(
    `${work}/open.ts`,
    `import * as nap from "${reg.specifier}";\nconsole.log(String(nap.loadFile(Deno.args[0])));\n`,
  );
  const denoArgs = ["run", "--no-config", "--no-prompt", "--allow-read", "open.ts", nwb];
  const denoEnv = { JSR_URL: reg.url, NO_COLOR: "1" };
  const denoFirst = timed(Deno.execPath(), denoArgs, denoEnv, work);
  const denoRuns = Array.from(
    { length: RUNS },
    () => timed(Deno.execPath(), denoArgs, denoEnv, work),
  );

  const oracle = oracleDir();
  const pyEnv = {
    PYTHONPATH: oracle,
    PYTHONNOUSERSITE: "1",
    NUMBA_CACHE_DIR: Deno.env.get("NUMBA_CACHE_DIR") ?? "/tmp/pynapple-oracle-numba",
  };
  const pyArgs = ["-c", "import sys, pynapple as nap; print(nap.load_file(sys.argv[1]))", nwb];
  const pyFirst = timed("/usr/bin/python3", pyArgs, pyEnv);
  const pyRuns = Array.from({ length: RUNS }, () => timed("/usr/bin/python3", pyArgs, pyEnv));

  const d = median(denoRuns) / 1000;
  const p = median(pyRuns) / 1000;
  console.log(`import + open + print units_session.nwb, whole process (median of ${RUNS})`);
  console.log(
    `  deno run jsr:@napple/napple (local registry): ${d.toFixed(2)} s ` +
      `(first run, transpiling: ${(denoFirst / 1000).toFixed(2)} s)`,
  );
  console.log(
    `  python3 pynapple 0.9.2:                       ${p.toFixed(2)} s ` +
      `(first run: ${(pyFirst / 1000).toFixed(2)} s)`,
  );
  console.log(`  ratio pynapple / napple: ${(p / d).toFixed(1)}x`);
} finally {
  Deno.removeSync(tmp, { recursive: true });
}
