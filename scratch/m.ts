import * as nap from "../mod.ts";
const g = new nap.TsGroup({ 3: new nap.Ts({ t: [1, 2, 3] }), 7: new nap.Ts({ t: [1.5, 4] }) }, { metadata: { region: ["ca1", "pfc"], depth: [1.5, 2] } });
console.log(g.metadata);
console.log(g.getInfo("region"));
const t = new nap.Tsd({ d: new Float64Array(64).map((_, i) => Math.sin(i / 3)), t: new Float64Array(64).map((_, i) => i / 64) });
const f = nap.computeFft(t);
console.log(f);
