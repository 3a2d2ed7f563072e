// Importing napple must not load Observable Plot or linkedom (~0.2 s): they are reached only
// through dynamic imports, on the first plot. Checked on Deno's own module graph of mod.ts.
import { assert, assertEquals } from "../assert.ts";

interface InfoDep {
  specifier: string;
  code?: { specifier: string };
  isDynamic?: boolean;
}
interface InfoModule {
  specifier: string;
  dependencies?: InfoDep[];
}

Deno.test("importing mod.ts loads Plot and linkedom only dynamically, from lib/display/plot.ts", () => {
  const mod = new URL("../../mod.ts", import.meta.url).pathname;
  const r = new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", mod],
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
  assert(r.success, new TextDecoder().decode(r.stderr));
  const info = JSON.parse(new TextDecoder().decode(r.stdout)) as {
    roots: string[];
    modules: InfoModule[];
  };
  const bySpec = new Map(info.modules.map((m) => [m.specifier, m]));
  const staticClosure = new Set<string>();
  const dynamicEdges: [string, string][] = [];
  const stack = [...info.roots];
  while (stack.length) {
    const s = stack.pop()!;
    if (staticClosure.has(s)) continue;
    staticClosure.add(s);
    for (const d of bySpec.get(s)?.dependencies ?? []) {
      const target = d.code?.specifier;
      if (!target) continue;
      if (d.isDynamic) dynamicEdges.push([s, target]);
      else stack.push(target);
    }
  }
  const heavy = [...staticClosure].filter((s) => /observablehq\/plot|linkedom/.test(s));
  assertEquals(heavy, [], "statically imported from mod.ts");
  const plotEdges = dynamicEdges.filter(([, t]) => /observablehq\/plot|linkedom/.test(t));
  assert(plotEdges.length >= 2, "plot.ts imports them dynamically");
  assert(plotEdges.some(([from]) => from.endsWith("/lib/display/plot.ts")), String(plotEdges));
});
