// `console.log(obj.metadata)` prints pandas' table as pynapple's `print(obj.metadata)`: rows
// labelled by the TsGroup's keys, the TsdFrame's column labels, an IntervalSet's 0..n-1, and the
// labels follow restrict / column selection.
import { assertEquals } from "../assert.ts";
import { pynappleValues } from "../oracle/client.ts";
import { IntervalSet, Ts, TsdFrame, TsGroup } from "../../mod.ts";

Deno.test("metadata prints with the object's row labels, as pynapple's obj.metadata", async () => {
  const group = new TsGroup(
    new Map([[12, new Ts({ t: [1, 2, 3] })], [4, new Ts({ t: [1.5, 4] })], [
      30,
      new Ts({ t: [2] }),
    ]]),
    { metadata: { region: ["ca1", "pfc", "v1"], depth: [1.5, 2, 3] } },
  );
  const frame = new TsdFrame({
    t: [0, 1],
    d: [[1, 2, 3], [3, 4, 5]],
    columns: ["x", "y", "z"],
    metadata: { color: ["r", "b", "g"], gain: [1, 2.5, 3] },
  });
  const numbered = new TsdFrame({
    t: [0, 1],
    d: [[1, 2], [3, 4]],
    columns: [10, 20],
    metadata: { side: ["l", "r"] },
  });
  const epochs = new IntervalSet({ start: [0, 5], end: [1, 6], metadata: { label: ["a", "b"] } });
  const ours = [
    group.metadata,
    group.restrict(new IntervalSet({ start: [0], end: [2.5] })).metadata,
    frame.metadata,
    frame.selectColumns(["z", "x"]).metadata,
    numbered.metadata,
    epochs.metadata,
  ].map((m) => m.toString());
  const want = await pynappleValues<string[]>(`
g = nap.TsGroup({12: nap.Ts([1, 2, 3.]), 4: nap.Ts([1.5, 4]), 30: nap.Ts([2.])},
                region=np.array(["ca1", "pfc", "v1"]), depth=np.array([1.5, 2, 3]))
f = nap.TsdFrame(t=[0, 1.], d=np.array([[1, 2, 3], [3, 4, 5.]]), columns=["x", "y", "z"],
                 metadata={"color": ["r", "b", "g"], "gain": [1, 2.5, 3]})
n = nap.TsdFrame(t=[0, 1.], d=np.array([[1, 2], [3, 4.]]), columns=[10, 20], metadata={"side": ["l", "r"]})
e = nap.IntervalSet(start=[0, 5], end=[1, 6], metadata={"label": ["a", "b"]})
out = [str(g.metadata), str(g.restrict(nap.IntervalSet(0, 2.5)).metadata), str(f.metadata),
       str(f.loc[["z", "x"]].metadata), str(n.metadata), str(e.metadata)]
`);
  assertEquals(ours, want);
});
