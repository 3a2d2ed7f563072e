import { assertEquals } from "../assert.ts";

// terminalSize is checked in a child process whose stdout is a pipe, as when output is redirected.
async function sizeIn(env: Record<string, string>, allowEnv: boolean): Promise<unknown> {
  const url = new URL("../../lib/display/terminal.ts", import.meta.url).href;
  const code =
    `import { terminalSize } from "${url}"; console.log(JSON.stringify(terminalSize()));`;
  const file = await Deno.makeTempFile({ suffix: ".ts" });
  await Deno.writeTextFile(file, code);
  const args = [
    "run",
    "--no-prompt",
    `--allow-read=${file}`,
    ...(allowEnv ? ["--allow-env"] : []),
    file,
  ];
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    env,
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  await Deno.remove(file);
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

Deno.test("terminal: 80x24 when stdout is not a terminal, like Python", async () => {
  assertEquals(await sizeIn({}, true), { columns: 80, rows: 24 });
});

Deno.test("terminal: COLUMNS/LINES are used when readable, ignored without env permission", async () => {
  const env = { COLUMNS: "200", LINES: "60" };
  assertEquals(await sizeIn(env, true), { columns: 200, rows: 60 });
  assertEquals(await sizeIn(env, false), { columns: 80, rows: 24 });
});
