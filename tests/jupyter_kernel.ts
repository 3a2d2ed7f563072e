// Shared by the tests that drive the real Deno Jupyter kernel (notebook runner, live progress).
import { REQUIRE_TOOLS } from "./io/python_client.ts";

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

/**
 * The `ignore` flag for a test that drives the Deno kernel: false when the kernel is there, or in
 * CI (`.ci/run` sets NAPPLE_REQUIRE_NOTEBOOKS=1; then a missing kernel fails the test); otherwise
 * true, with a notice on stderr.
 */
export function needsKernel(): boolean {
  if (REQUIRE_TOOLS || Deno.env.get("NAPPLE_REQUIRE_NOTEBOOKS") === "1" || denoKernelReady()) {
    return false;
  }
  console.error("SKIPPING a test that needs jupyter and the Deno kernelspec (CI fails instead)");
  return true;
}
