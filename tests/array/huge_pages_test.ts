// Large arrays on transparent huge pages (lib/array/huge_pages.ts): advised only when FFI is
// granted, and then the kernel backs them with huge pages; never a prompt or an error otherwise.
import { assertEquals } from "../assert.ts";
import { adviseHugePages, allocFloat64 } from "../../lib/array/huge_pages.ts";

const MODULE = new URL("../../lib/array/huge_pages.ts", import.meta.url).href;
const CHILD = `
import { adviseHugePages } from "${MODULE}";
// reading /proc/self needs --allow-all: -1 without it
const huge = () => {
  try {
    return Number(/AnonHugePages:\\s+(\\d+)/.exec(Deno.readTextFileSync("/proc/self/smaps_rollup"))?.[1] ?? 0);
  } catch {
    return -1;
  }
};
const before = huge();
const a = new Float64Array(8 << 20);
const advised = adviseHugePages(a);
a.fill(1);
let thp = "unknown";
try {
  thp = /\\[(\\w+)\\]/.exec(Deno.readTextFileSync("/sys/kernel/mm/transparent_hugepage/enabled"))?.[1] ?? thp;
} catch { /* not Linux, or no permission */ }
console.log(JSON.stringify({ advised, hugeKiB: huge() - before, small: adviseHugePages(new Float64Array(1000)), thp }));
`;

interface Report {
  advised: boolean;
  hugeKiB: number;
  small: boolean;
  /** The system's transparent huge page mode. */
  thp: string;
}

function child(ffi: boolean): Report {
  const file = Deno.makeTempFileSync({ suffix: ".ts" });
  try {
    Deno.writeTextFileSync(file, CHILD);
    const out = new Deno.Command(Deno.execPath(), {
      args: ["run", "--no-config", ffi ? "--allow-all" : "--allow-read", file],
    }).outputSync();
    if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
    return JSON.parse(new TextDecoder().decode(out.stdout));
  } finally {
    Deno.removeSync(file);
  }
}

const linux = Deno.build.os === "linux";

Deno.test("allocFloat64 gives a zeroed array whatever the permissions", () => {
  const a = allocFloat64(1 << 20);
  assertEquals(a.length, 1 << 20);
  assertEquals(a.every((v) => v === 0), true);
  assertEquals(adviseHugePages(new Float64Array(10)), false, "small arrays are left alone");
});

Deno.test({
  name: "huge pages are advised with FFI granted, and the kernel uses them; not without FFI",
  ignore: !linux,
  fn() {
    const without = child(false);
    assertEquals(without.advised, false);
    const granted = child(true);
    assertEquals(granted.advised, true);
    assertEquals(granted.small, false);
    // "never" turns huge pages off system-wide: the advice is then accepted but has no effect
    if (granted.thp === "always" || granted.thp === "madvise") {
      assertEquals(granted.hugeKiB > 0, true, `AnonHugePages grew by ${granted.hugeKiB} KiB`);
    }
  },
});
