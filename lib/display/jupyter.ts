/**
 * The MIME bundle Deno's Jupyter kernel reads from `[Symbol.for("Jupyter.display")]()`.
 * Library code builds the bundle only; it never touches `Deno.jupyter`, which exists only inside
 * the kernel.
 * @module
 */

/** A Jupyter MIME bundle: MIME type → content. */
export type MimeBundle = Record<string, string | Record<string, unknown>>;

/**
 * `{"text/plain": text, "text/html": html, ...extra}` for `[Symbol.for("Jupyter.display")]()`.
 * `html` is left out when not given; `extra` adds other MIME types (e.g. `image/svg+xml`).
 */
export function jupyterBundle(text: string, html?: string, extra?: MimeBundle): MimeBundle {
  const bundle: MimeBundle = { "text/plain": text };
  if (html !== undefined) bundle["text/html"] = html;
  if (extra) Object.assign(bundle, extra);
  return bundle;
}
