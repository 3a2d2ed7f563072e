/**
 * `deno task demo`: a short tour of napple on the bundled test data. Writes its plots to /tmp.
 * @module
 */
import * as nap from "./mod.ts";

const n = 20_000;
const t = Float64Array.from({ length: n }, (_, i) => i / 100);
const values = new nap.NDArray(Float64Array.from(t, (x) => Math.sin(x) + 0.1 * Math.sin(37 * x)), [
  n,
]);
const fig = await nap.plot({ t, shape: [n], values }, { title: "a 20 000-sample series" });
console.log(fig.toString());
fig.save("/tmp/napple_demo_series.svg");
console.log("wrote /tmp/napple_demo_series.svg");
