// What the bench scripts share: seeded inputs, best-of-N timing, the machine's load, peak memory,
// and child processes (a fresh Deno process per peak-memory measurement).

/** The tests' seeded uniform [0, 1) generator (mulberry32): the same inputs in every run. */
export { seeded as rng } from "../tests/random.ts";

/** The best wall time of `repeat` runs of `fn` (ms), and its last result. */
export function time<T>(fn: () => T, repeat = 3): { ms: number; result: T } {
  let best = Infinity;
  let result!: T;
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    result = fn();
    best = Math.min(best, performance.now() - t0);
  }
  return { ms: best, result };
}

/**
 * The machine's load averages over 1, 5 and 15 minutes, as `uptime` prints them: ratios measured
 * on a shared machine mean little without it.
 */
export function loadAverage(): string {
  return `load average ${Deno.loadavg().map((x) => x.toFixed(2)).join(", ")}`;
}

/** Peak resident memory of this process so far (VmHWM), in MB. */
export function peakRssMB(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(Deno.readTextFileSync("/proc/self/status"));
  return m ? Number(m[1]) / 1024 : NaN;
}

/**
 * Runs `deno run --allow-all` on `script` with `args` in a fresh process (with the project's
 * deno.json, so a script outside the repository resolves its imports) and returns its standard
 * output; its standard error is shown. Throws when it fails.
 */
export function runDeno(script: string, args: readonly string[] = []): string {
  const out = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-all",
      "--config",
      new URL("../deno.json", import.meta.url).pathname,
      script,
      ...args,
    ],
    stdout: "piped",
    stderr: "inherit",
  }).outputSync();
  if (!out.success) throw new Error(`${script} ${args.join(" ")} failed`);
  return new TextDecoder().decode(out.stdout);
}
