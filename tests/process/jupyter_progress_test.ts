// The progress indicator in the real Deno Jupyter kernel: computeEventTriggerAverage (and its
// async variant) over a slow lazy feature publishes display_data once, then update_display_data
// on the same display id while it runs (Deno.jupyter.broadcast sends at once, so even the
// synchronous function updates live), and ends at 100%; so do a lazy reduction and decimate.
// Skipped without jupyter and the Deno kernelspec, except in CI (.ci/run installs them), where
// their absence fails.
import { assert, assertEquals } from "../assert.ts";
import { needsKernel } from "../jupyter_kernel.ts";
import { runPythonArgs } from "../io/python_client.ts";

const root = new URL("../../", import.meta.url).pathname;

const CLIENT = `
import json, sys, time
from jupyter_client.manager import start_new_kernel
root, code = sys.argv[1], sys.argv[2]
km, kc = start_new_kernel(kernel_name="deno", cwd=root, startup_timeout=120)
try:
    msg_id = kc.execute(code)
    msgs, idle_at = [], None
    while True:
        try:
            m = kc.get_iopub_msg(timeout=1 if idle_at else 120)
        except Exception:
            break
        t = m["msg_type"]
        if t in ("display_data", "update_display_data", "execute_result", "error"):
            msgs.append({"type": t, "content": m["content"], "date": str(m["header"]["date"])})
        if t == "status" and m["parent_header"].get("msg_id") == msg_id \\
                and m["content"]["execution_state"] == "idle":
            idle_at = time.time()
        if idle_at and time.time() - idle_at > 1:
            break
    print(json.dumps(msgs))
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
`;

/**
 * Kernel code that imports napple and defines `slowLazy(data)`: a LazyArray over an NDArray whose
 * reads take 4 ms each, so a few hundred batches last well over the 0.5 s after which progress
 * shows.
 */
const SLOW_LAZY = `
const nap = await import("${new URL("../../mod.ts", import.meta.url).href}");
const { InMemoryLazyArray } = await import("${
  new URL("../../lib/array/lazy.ts", import.meta.url).href
}");
const slowLazy = (data) => {
  const mem = new InMemoryLazyArray(data);
  return {
    isLazy: true, shape: mem.shape, dtype: mem.dtype, source: "slow", stats: mem.stats,
    readRows(a, b, c) { const end = performance.now() + 4; while (performance.now() < end); return mem.readRows(a, b, c); },
  };
};
const n = 40000;
const t = Float64Array.from({ length: n }, (_, i) => i / 100);
`;

type Msg = { type: string; content: Record<string, unknown>; date: string };

const text = (m: Msg) => (m.content.data as Record<string, string>)["text/plain"];

/**
 * Runs `code` in the kernel; checks that each progress display starts with display_data, is
 * updated in place, shows a percentage under 100 and ends at 100%, with `labels[k]` opening
 * every message of the k-th display. Returns the displays' messages and the cell's result.
 */
function progressDisplays(code: string, labels: string[]): { runs: Msg[][]; result: string } {
  const msgs: Msg[] = JSON.parse(runPythonArgs(["-c", CLIENT, root, SLOW_LAZY + code]));
  assert(
    !msgs.some((m) => m.type === "error"),
    JSON.stringify(msgs.filter((m) => m.type === "error")),
  );
  const progress = msgs.filter((m) => m.type.endsWith("display_data"));
  const idOf = (m: Msg) => (m.content.transient as { display_id: string }).display_id;
  const runs = [...new Set(progress.map(idOf))].map((id) => progress.filter((m) => idOf(m) === id));
  assertEquals(runs.length, labels.length, "one display per run");
  runs.forEach((run, k) => {
    assertEquals(run[0].type, "display_data");
    assert(run.slice(1).every((m) => m.type === "update_display_data"));
    assert(run.every((m) => text(m).startsWith(labels[k])), run.map(text).join("\n"));
    assert(run.some((m) => /: ([1-9]\d?)% /.test(text(m))), run.map(text).join("\n"));
    assert(text(run[run.length - 1]).includes("100%"), text(run[run.length - 1]));
  });
  const result = msgs.find((m) => m.type === "execute_result");
  return { runs, result: result ? text(result) : "" };
}

Deno.test({
  name:
    "progress updates one Jupyter display (display_data, then update_display_data) live, sync and async",
  ignore: needsKernel(),
  fn() {
    const { runs, result } = progressDisplays(
      `
const feature = new nap.Tsd({ t, d: slowLazy(new nap.NDArray(Float64Array.from(t, Math.sin), [n])) });
const ts = feature.timeSupport;
const group = new nap.TsGroup({ 3: new nap.Ts({ t: t.filter((_, i) => i % 7 === 0), timeSupport: ts }) }, { timeSupport: ts });
const a = nap.computeEventTriggerAverage(group, feature, 0.05, 0.2, { batchSize: 800 });
const b = await nap.computeEventTriggerAverageAsync(group, feature, 0.05, 0.2, { batchSize: 800 });
[a.shape.join("x"), b.shape.join("x")].join(" ")
`,
      ["event trigger average: ", "event trigger average: "],
    );
    for (const run of runs) {
      assert(run.length >= 3, `expected several progress messages, got ${run.length}`);
      // sent while the computation ran, not all at the end
      const spread = Date.parse(run[run.length - 1].date) - Date.parse(run[0].date);
      assert(spread >= 300, `progress messages sent over ${spread} ms only`);
    }
    assert(result.includes("9x1 9x1"), result);
  },
});

// Streaming operations of the series themselves: a reduction over time of a slow lazy TsdFrame
// (200 batches of 200 rows) and decimate (each row filtered forward and backward) show the same
// indicator, labelled with the operation.
Deno.test({
  name: "lazy reductions and decimate update one Jupyter progress display each",
  ignore: needsKernel(),
  fn() {
    const { result } = progressDisplays(
      `
const frame = new nap.TsdFrame({ t, d: slowLazy(new nap.NDArray(Float64Array.from({ length: 2 * n }, Math.sin), [n, 2])) });
nap.setBatchSize(200 * 2 * 8);
const m = frame.mean(0);
const d = frame.decimate(4);
[m.length, d.shape.join("x")].join(" ")
`,
      ["mean: ", "decimate: "],
    );
    assert(result.includes("2 10000x2"), result);
  },
});
