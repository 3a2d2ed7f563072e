// Shared by the tests that drive the real Deno Jupyter kernel (notebook runner, live progress).

/** True when `jupyter` is on PATH and lists the Deno kernelspec. */
export function denoKernelReady(): boolean {
  try {
    const r = new Deno.Command("jupyter", {
      args: ["kernelspec", "list"],
      stdout: "piped",
      stderr: "null",
    }).outputSync();
    return r.success && new TextDecoder().decode(r.stdout).includes("deno");
  } catch {
    return false;
  }
}
