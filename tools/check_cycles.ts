// Fails when the modules under lib/ import each other in a cycle, and names each cycle.
//
//   deno run --allow-read --allow-run tools/check_cycles.ts [entry ...]   (default: mod.ts)
//
// It reads the module graph `deno info --json` gives for the entries and follows the imports
// that run when a module loads: static value imports. `import type` (erased before running) and
// dynamic `import()` (loaded on first use, e.g. the plotting code) are not followed. The layers'
// direction is array ← core ← io/process, display beside core (docs/architecture.md); a cycle
// means some module of a lower layer imports a higher one; the lowest, lib/array/, is also
// checked to import nothing from the layers above it.
//
// One import may close a cycle on purpose, listed in ALLOWED with the reason; any other cycle
// fails. Keep that list short: an entry is a place where two modules cannot be layered.

/**
 * Imports (importer → imported, paths under lib/) allowed to close a cycle. pynapple's classes
 * build each other: IntervalSet's `getIntervalsCenter` returns a Ts while every series' time
 * support is an IntervalSet; a series' `toTsGroup` returns a TsGroup of series. Each of these
 * imports is used only inside that method, never while the modules load, so the order they load
 * in does not matter.
 */
export const ALLOWED: readonly (readonly [string, string])[] = [
  ["core/interval_set.ts", "core/time_series.ts"],
  ["core/time_series.ts", "core/ts_group.ts"],
];

/** One module of `deno info --json` (the fields used here). */
export interface InfoModule {
  specifier: string;
  dependencies?: {
    specifier: string;
    code?: { specifier: string };
    isDynamic?: boolean;
  }[];
}

/**
 * The static value imports between the modules under the URL `within`, keyed by their path below
 * it, without the `allowed` ones.
 */
export function importGraph(
  modules: InfoModule[],
  within: string,
  allowed: readonly (readonly [string, string])[] = [],
): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const inside = (s: string) => s.startsWith(within);
  for (const m of modules) {
    if (!inside(m.specifier)) continue;
    const from = m.specifier.slice(within.length);
    const deps = (m.dependencies ?? [])
      .filter((d) => !d.isDynamic && d.code && inside(d.code.specifier))
      .map((d) => d.code!.specifier.slice(within.length))
      .filter((to) => !allowed.some(([a, b]) => a === from && b === to));
    graph.set(from, deps);
  }
  return graph;
}

/** The modules loading the roots of `deno info --json` loads (dynamic imports not followed). */
export function staticClosure(
  info: { roots: string[]; modules: InfoModule[]; redirects?: Record<string, string> },
): Set<string> {
  const byUrl = new Map(info.modules.map((m) => [m.specifier, m]));
  const seen = new Set<string>();
  const todo = [...info.roots];
  while (todo.length) {
    const url = info.redirects?.[todo.at(-1)!] ?? todo.at(-1)!;
    todo.pop();
    if (seen.has(url)) continue;
    seen.add(url);
    for (const d of byUrl.get(url)?.dependencies ?? []) {
      if (!d.isDynamic && d.code) todo.push(d.code.specifier);
    }
  }
  return seen;
}

/** Imports from lib/array/ into a higher layer (core, io, process, display). */
export function layerViolations(graph: Map<string, string[]>): [string, string][] {
  const out: [string, string][] = [];
  for (const [from, deps] of graph) {
    if (!from.startsWith("array/")) continue;
    for (const to of deps) if (/^(core|io|process|display)\//.test(to)) out.push([from, to]);
  }
  return out;
}

/**
 * The cycles of `graph`: for each strongly connected component of more than one module (or a
 * module importing itself), one shortest cycle through it, as the list of modules in import
 * order (the first repeated at the end).
 */
export function findCycles(graph: Map<string, string[]>): string[][] {
  // Tarjan's strongly connected components, iterative so deep graphs do not overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work: [string, number][] = [[root, 0]];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const frame = work[work.length - 1];
      const [v, i] = frame;
      const deps = graph.get(v) ?? [];
      if (i < deps.length) {
        frame[1]++;
        const w = deps[i];
        if (!index.has(w)) {
          index.set(w, next);
          low.set(w, next++);
          stack.push(w);
          onStack.add(w);
          work.push([w, 0]);
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent)!, low.get(v)!));
      }
      if (low.get(v) === index.get(v)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== v);
        const selfLoop = (graph.get(v) ?? []).includes(v);
        if (component.length > 1 || selfLoop) components.push(component);
      }
    }
  }
  return components.map((c) => shortestCycle(graph, new Set(c)));
}

/** A shortest cycle inside one component, found by breadth-first search from its first module. */
function shortestCycle(graph: Map<string, string[]>, component: Set<string>): string[] {
  const start = [...component].sort()[0];
  const parent = new Map<string, string>();
  const queue = [start];
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q];
    for (const w of graph.get(v) ?? []) {
      if (!component.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(parent.get(path[0])!);
        return [...path, start];
      }
      if (!parent.has(w)) {
        parent.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

if (import.meta.main) {
  const root = new URL("../", import.meta.url);
  const entries = Deno.args.length ? Deno.args : ["mod.ts"];
  const out = new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", ...entries],
    cwd: root,
    stdout: "piped",
    stderr: "inherit",
  }).outputSync();
  if (!out.success) Deno.exit(1);
  const info = JSON.parse(new TextDecoder().decode(out.stdout)) as { modules: InfoModule[] };
  const lib = new URL("lib/", root).href;
  const graph = importGraph(info.modules, lib, ALLOWED);
  for (const [from, to] of ALLOWED) {
    if (!importGraph(info.modules, lib).get(from)?.includes(to)) {
      console.error(`tools/check_cycles.ts allows ${from} → ${to}, which is no longer imported`);
      Deno.exit(1);
    }
  }
  const cycles = findCycles(graph);
  for (const c of cycles) console.error(`import cycle in lib/: ${c.join(" → ")}`);
  const upward = layerViolations(graph);
  for (const [from, to] of upward) console.error(`lib/${from} (array layer) imports lib/${to}`);
  if (cycles.length || upward.length) Deno.exit(1);
  console.log(
    `no import cycle among the ${
      info.modules.filter((m) => m.specifier.startsWith(lib)).length
    } modules of lib/`,
  );
}
