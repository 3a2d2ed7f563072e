import { assertEquals, withTempDir } from "../assert.ts";
import { pythonJson } from "../io/python_client.ts";
import { IntervalSet, Ts, Tsd, TsdFrame, TsGroup } from "../../mod.ts";

/** Reads an npz with real numpy (an independent client) and returns its members as JSON. */
function numpyRead(path: string): Record<string, unknown> {
  const script = `
import json, sys, numpy as np
z = np.load(sys.argv[1], allow_pickle=True)
out = {}
for k in z.files:
    v = z[k]
    if k == "_metadata":
        v = v.item()
        out[k] = {c: np.asarray(x).tolist() for c, x in v.items()}
    else:
        out[k] = v.tolist()
print(json.dumps(out))
`;
  return pythonJson(script, path);
}

Deno.test("save(path) writes pynapple's npz members, read back by numpy", () => {
  withTempDir((dir) => {
    const ep = new IntervalSet({ start: [0, 10], end: [5, 20], metadata: { label: ["a", "b"] } });
    const p1 = ep.save(`${dir}/ep`);
    assertEquals(p1, `${dir}/ep.npz`);
    const z1 = numpyRead(p1);
    assertEquals(z1.start, [0, 10]);
    assertEquals(z1.end, [5, 20]);
    assertEquals(z1.type, ["IntervalSet"]);
    assertEquals(z1._metadata, { label: ["a", "b"] });

    const tsd = new Tsd({
      t: [0, 1, 2],
      d: [5, 6, 7],
      timeSupport: new IntervalSet({ start: 0, end: 3 }),
    });
    const z2 = numpyRead(tsd.save(`${dir}/tsd.npz`));
    assertEquals(z2.t, [0, 1, 2]);
    assertEquals(z2.d, [5, 6, 7]);
    assertEquals([z2.start, z2.end], [[0], [3]]);
    assertEquals(z2.type, ["Tsd"]);

    const f = new TsdFrame({ t: [0, 1], d: [[1, 2], [3, 4]], columns: ["x", "y"] });
    const z3 = numpyRead(f.save(`${dir}/f.npz`));
    assertEquals(z3.d, [[1, 2], [3, 4]]);
    assertEquals(z3.columns, ["x", "y"]);

    const g = new TsGroup({ 3: new Ts({ t: [1, 2] }), 5: new Ts({ t: [0.5, 1.5] }) }, {
      metadata: { region: ["CA1", "PFC"] },
    });
    const z4 = numpyRead(g.save(`${dir}/g.npz`));
    assertEquals(z4.t, [0.5, 1, 1.5, 2]);
    assertEquals(z4.index, [5, 3, 5, 3]);
    assertEquals(z4.keys, [3, 5]);
    assertEquals(z4.type, ["TsGroup"]);
  });
});
