/**
 * A progress indicator for long batched analyses: a single rewritten line on stderr when stderr
 * is a terminal, an updating output in Jupyter (display_data, then update_display_data on the
 * same display id), silent elsewhere. It appears only once work has run for a short while, and
 * `setProgressEnabled(false)` turns it off everywhere.
 * @module
 */

let enabled = true;
const SHOW_AFTER_MS = 500;
const EVERY_MS = 200;

/** Turns the analysis progress indicator on (default) or off. */
export function setProgressEnabled(value: boolean): void {
  enabled = value;
}

/** Whether the progress indicator is on. */
export function isProgressEnabled(): boolean {
  return enabled;
}

type Sink = (text: string, final: boolean) => void;

interface JupyterLike {
  // a Promise in some Deno versions, undefined in others
  broadcast(type: string, content: Record<string, unknown>): unknown;
}

// Deno.jupyter exists only inside the kernel and throws on some access paths elsewhere: probe it
// once, lazily, and never let a failure escape.
function jupyter(): JupyterLike | undefined {
  try {
    const d = Deno as unknown as Record<string, unknown>;
    if (!("jupyter" in d)) return undefined;
    const j = d.jupyter as JupyterLike | undefined;
    return j && typeof j.broadcast === "function" ? j : undefined;
  } catch {
    return undefined;
  }
}

function stderrIsTerminal(): boolean {
  try {
    return Deno.stderr.isTerminal();
  } catch {
    return false;
  }
}

let displayCounter = 0;

function makeSink(): Sink | undefined {
  const j = jupyter();
  if (j) {
    const id = `napple-progress-${Date.now()}-${displayCounter++}`;
    let first = true;
    return (text) => {
      const type = first ? "display_data" : "update_display_data";
      first = false;
      // Progress output must never break the computation it reports on.
      try {
        const sent = j.broadcast(type, {
          data: { "text/plain": text },
          metadata: {},
          transient: { display_id: id },
        });
        if (sent instanceof Promise) sent.catch(() => {});
      } catch {
        // ignore: the kernel could not take the message
      }
    };
  }
  if (stderrIsTerminal()) {
    const enc = new TextEncoder();
    return (text, final) => {
      try {
        Deno.stderr.writeSync(enc.encode(`\r\x1b[2K${text}${final ? "\n" : ""}`));
      } catch {
        // a closed stderr must not break the computation
      }
    };
  }
  return undefined;
}

/** One running progress report. */
export class Progress {
  private total = 0;
  private count = 0;
  private readonly began = Date.now();
  private last = 0;
  private sink: Sink | undefined;
  private shown = false;

  private constructor(
    private readonly label: string,
    private readonly unit: "rows" | "bytes",
  ) {}

  /**
   * Starts a report, or returns undefined when progress is off (globally or by `enabled`).
   * `unit`: what is counted (bytes are shown in MB).
   */
  static start(
    label: string,
    enabledHere = true,
    unit: "rows" | "bytes" = "rows",
  ): Progress | undefined {
    if (!enabled || !enabledHere) return undefined;
    return new Progress(label, unit);
  }

  /** Sets the amount of work (rows or bytes). */
  setTotal(total: number): void {
    this.total = total;
  }

  /** Records `n` more units of work done. */
  advance(n: number): void {
    this.count += n;
    const now = Date.now();
    if (now - this.began < SHOW_AFTER_MS || now - this.last < EVERY_MS) return;
    this.last = now;
    this.render(false);
  }

  /** Ends the report (prints a final line only if something was shown). */
  done(): void {
    if (this.shown) this.render(true);
  }

  private render(final: boolean): void {
    if (!this.sink && !this.shown) {
      this.sink = makeSink();
      this.shown = true;
    }
    if (!this.sink) return;
    const pct = this.total ? Math.min(100, Math.floor((100 * this.count) / this.total)) : 0;
    const secs = ((Date.now() - this.began) / 1000).toFixed(1);
    const done = final ? this.total : Math.min(this.count, this.total);
    const amount = this.unit === "bytes"
      ? `${(done / 1e6).toFixed(1)}/${(this.total / 1e6).toFixed(1)} MB`
      : `${done}/${this.total} rows`;
    this.sink(`${this.label}: ${final ? 100 : pct}% (${amount}, ${secs} s)`, final);
  }
}
