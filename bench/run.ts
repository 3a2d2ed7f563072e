// Runs every bench/*_bench.ts script in turn (`deno task bench`, or `deno task bench npz` to run
// only the scripts whose name contains "npz"). Each script prints its own ratios against a
// baseline measured in the same run.
const filter = Deno.args[0] ?? "";
const dir = new URL(".", import.meta.url).pathname;
const scripts = [...Deno.readDirSync(dir)]
  .map((e) => e.name)
  .filter((n) => n.endsWith("_bench.ts") && n.includes(filter))
  .sort();
let failed = 0;
for (const name of scripts) {
  console.log(`\n=== ${name}`);
  const { code } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", `${dir}${name}`],
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (code !== 0) failed++;
}
if (scripts.length === 0) console.log(`no bench script matches "${filter}"`);
if (failed) Deno.exit(1);
