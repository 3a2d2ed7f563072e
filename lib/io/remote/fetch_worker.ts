/**
 * The body of the fetch worker: performs ranged GETs for the blocked caller and writes the bytes
 * into shared memory. It runs from source text (`fetchWorkerSource`), so it imports nothing and
 * everything it needs is inside {@linkcode fetchWorkerMain}; the layout constants are passed in.
 *
 * Why a `node:worker_threads` Worker: it can be `unref()`ed, so an idle worker never keeps a
 * script from exiting (a web Worker does), and it starts from source text, so the module works
 * the same from a file, a URL or a package cache.
 * @module
 */

/** Layout of the control block shared with the worker (Int32 slots, then a JSON area). */
export const CTRL = {
  /** Job id the worker finished (main waits for it to change). */
  DONE: 0,
  /** Bytes received so far for the current job, in KiB (progress). */
  KIB: 1,
  /** Length of the JSON reply in the reply area. */
  REPLY_LENGTH: 2,
  /** Set by the worker once it is listening. */
  READY: 3,
  /** Byte offset of the JSON reply area. */
  REPLY_AT: 64,
  /** Total bytes of the control block. */
  BYTES: 64 + 65536,
} as const;

/** One range to fetch: file bytes `[start, end)` land at `at` in the job's data buffer. */
export interface JobRange {
  /** First byte. */
  start: number;
  /** One past the last byte. */
  end: number;
  /** Where in `data` the bytes go. */
  at: number;
}

/** A request to the worker. */
export interface FetchJob {
  /** Increasing id; the worker writes it to `CTRL.DONE` when finished. */
  id: number;
  /** URL to read. */
  url: string;
  /** "open": first bytes of the file (head), learning size and ETag; "ranges": exact ranges. */
  kind: "open" | "ranges";
  /** For "ranges". */
  ranges: JobRange[];
  /** For "open": bytes of the head request. */
  headBytes: number;
  /** For "open": files up to this size are read whole (also when the server ignores Range). */
  wholeBytes: number;
  /** Receives the bytes (growable for "open"). */
  data: SharedArrayBuffer;
  /** Size the file must still have (checked on every response). */
  size?: number;
  /** ETag the file must still have, when the server gave one. */
  etag?: string;
  /** Abort an attempt that receives nothing for this long. */
  timeoutMs: number;
  /** Attempts after the first for retryable failures. */
  retries: number;
  /** First backoff delay; doubles per attempt. */
  backoffMs: number;
}

/** What the worker answers (JSON in the reply area). */
export interface FetchReply {
  /** Job id. */
  id: number;
  /** Error, when the job failed. */
  error?: { kind: string; message: string; status?: number };
  /** Total size of the file (from Content-Range / Content-Length). */
  size?: number;
  /** ETag of the file, if the server sends one. */
  etag?: string;
  /** URL after redirects (later requests go there directly). */
  url?: string;
  /** Bytes of the file now in `data` from offset 0 ("open"). */
  have?: number;
  /** True when the server answered a range request with the whole file. */
  ignoredRange?: boolean;
  /** HTTP requests made (retries included). */
  requests: number;
  /** Body bytes received. */
  bytes: number;
  /** Failed attempts that were retried, with their reasons. */
  retried: string[];
}

/**
 * The worker's code. `port` is `parentPort`, `ctrlBuffer` the shared control block; `C` is
 * {@linkcode CTRL}. Must stay free of references to anything outside the function.
 */
export function fetchWorkerMain(
  port: { on(ev: "message", f: (job: FetchJob) => void): void },
  ctrlBuffer: SharedArrayBuffer,
  C: typeof CTRL,
): void {
  const ctrl = new Int32Array(ctrlBuffer, 0, 16);
  const replyArea = new Uint8Array(ctrlBuffer, C.REPLY_AT);
  const enc = new TextEncoder();

  class Failure extends Error {
    constructor(
      readonly kind: string,
      message: string,
      readonly retry: boolean,
      readonly status?: number,
    ) {
      super(message);
    }
  }

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  function finish(reply: FetchReply): void {
    let bytes = enc.encode(JSON.stringify(reply));
    if (bytes.length > replyArea.length) {
      reply.retried = reply.retried.slice(0, 3);
      if (reply.error) reply.error.message = reply.error.message.slice(0, 2000);
      bytes = enc.encode(JSON.stringify(reply));
    }
    replyArea.set(bytes);
    Atomics.store(ctrl, C.REPLY_LENGTH, bytes.length);
    Atomics.store(ctrl, C.DONE, reply.id);
    Atomics.notify(ctrl, C.DONE);
  }

  function statusFailure(status: number, url: string): Failure {
    if (status === 404 || status === 410) {
      return new Failure("not-found", `HTTP ${status}: no such file`, false, status);
    }
    if (status === 401 || status === 403) {
      return new Failure(
        "forbidden",
        `HTTP ${status}: access denied (napple does not sign requests; use a public or pre-signed URL)`,
        false,
        status,
      );
    }
    if (status === 416) {
      return new Failure(
        "range",
        `HTTP 416: range not satisfiable (the file is shorter than expected)`,
        false,
        status,
      );
    }
    const retry = status >= 500 || status === 408 || status === 429;
    return new Failure("http", `HTTP ${status} from ${url}`, retry, status);
  }

  function parseContentRange(
    v: string | null,
  ): { start: number; end: number; total?: number } | undefined {
    const m = v ? /bytes\s+(\d+)-(\d+)\/(\d+|\*)/i.exec(v) : null;
    if (!m) return undefined;
    return {
      start: Number(m[1]),
      end: Number(m[2]) + 1,
      total: m[3] === "*" ? undefined : Number(m[3]),
    };
  }

  /** Reads a body into `dst` (at most `dst.length` bytes), with a stall timeout. */
  async function readBody(
    res: Response,
    dst: Uint8Array,
    timeoutMs: number,
    abort: AbortController,
    onBytes: (n: number) => void,
  ): Promise<number> {
    const reader = res.body!.getReader();
    let got = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(
        () => abort.abort(new Failure("timeout", `no data for ${timeoutMs} ms`, true)),
        timeoutMs,
      );
    };
    try {
      arm();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        arm();
        const take = Math.min(value.length, dst.length - got);
        dst.set(value.subarray(0, take), got);
        got += take;
        onBytes(take);
        if (got >= dst.length) {
          if (take < value.length) {
            await reader.cancel().catch(() => {});
            break;
          }
          // nothing more expected: stop without waiting for the server to close
          await reader.cancel().catch(() => {});
          break;
        }
      }
    } finally {
      clearTimeout(timer);
    }
    return got;
  }

  async function attempt(
    job: FetchJob,
    reply: FetchReply,
    url: string,
    start: number,
    end: number | undefined,
    into: (total: number | undefined, whole: boolean) => Uint8Array | undefined,
  ): Promise<{ got: number; total?: number; whole: boolean }> {
    const abort = new AbortController();
    const timer = setTimeout(
      () => abort.abort(new Failure("timeout", `no response for ${job.timeoutMs} ms`, true)),
      job.timeoutMs,
    );
    reply.requests++;
    let res: Response;
    try {
      res = await fetch(url, {
        headers: {
          Range: `bytes=${start}-${end === undefined ? "" : end - 1}`,
          "Accept-Encoding": "identity",
        },
        signal: abort.signal,
        redirect: "follow",
      });
    } catch (e) {
      const reason = abort.signal.reason;
      if (reason instanceof Failure) throw reason;
      const msg = e instanceof Error ? e.message : String(e);
      if (
        /NotCapable|Requires net access|--allow-net/i.test(msg) ||
        (e as Error)?.name === "NotCapable"
      ) {
        throw new Failure("permission", msg, false);
      }
      throw new Failure("network", `connection failed: ${msg}`, true);
    } finally {
      clearTimeout(timer);
    }
    if (res.url && res.url !== url) reply.url = res.url;
    if (res.status !== 206 && res.status !== 200) {
      await res.body?.cancel().catch(() => {});
      throw statusFailure(res.status, url);
    }
    const etag = res.headers.get("etag") ?? undefined;
    let total: number | undefined;
    let whole = false;
    if (res.status === 206) {
      const cr = parseContentRange(res.headers.get("content-range"));
      if (!cr || cr.start !== start) {
        await res.body?.cancel().catch(() => {});
        throw new Failure(
          "protocol",
          `the server answered bytes ${
            cr ? `${cr.start}-${cr.end - 1}` : "(no Content-Range)"
          } to a request for bytes ${start}-`,
          false,
        );
      }
      total = cr.total;
    } else {
      whole = true;
      const len = res.headers.get("content-length");
      total = len === null ? undefined : Number(len);
    }
    if (job.size !== undefined && total !== undefined && total !== job.size) {
      await res.body?.cancel().catch(() => {});
      throw new Failure(
        "changed",
        `the file changed on the server while open (size ${job.size} -> ${total})`,
        false,
      );
    }
    if (job.etag !== undefined && etag !== undefined && etag !== job.etag) {
      await res.body?.cancel().catch(() => {});
      throw new Failure(
        "changed",
        `the file changed on the server while open (ETag ${job.etag} -> ${etag})`,
        false,
      );
    }
    if (job.kind === "open") {
      reply.etag = etag;
      reply.size = total;
    }
    let dst: Uint8Array | undefined;
    try {
      dst = into(total, whole);
    } catch (e) {
      await res.body?.cancel().catch(() => {});
      throw e;
    }
    if (!dst) {
      await res.body?.cancel().catch(() => {});
      return { got: 0, total, whole };
    }
    let got: number;
    try {
      got = await readBody(res, dst, job.timeoutMs, abort, (n) => {
        reply.bytes += n;
        progressBytes += n;
        Atomics.store(ctrl, C.KIB, Math.floor(progressBytes / 1024));
      });
    } catch (e) {
      const reason = abort.signal.reason;
      if (reason instanceof Failure) throw reason;
      throw new Failure(
        "network",
        `connection dropped mid-body: ${e instanceof Error ? e.message : e}`,
        true,
      );
    }
    return { got, total, whole };
  }

  let progressBytes = 0;

  /** Runs `f` with retries for retryable failures; returns its result. */
  async function withRetries<T>(job: FetchJob, reply: FetchReply, f: () => Promise<T>): Promise<T> {
    for (let k = 0;; k++) {
      try {
        return await f();
      } catch (e) {
        const failure = e instanceof Failure ? e : new Failure("network", String(e), true);
        if (!failure.retry || k >= job.retries) throw failure;
        reply.retried.push(failure.message);
        await sleep(job.backoffMs * 2 ** k);
      }
    }
  }

  /** Fetches exactly `[start, end)` into `dst`, resuming after drops and short bodies. */
  async function fetchRange(
    job: FetchJob,
    reply: FetchReply,
    url: () => string,
    start: number,
    end: number,
    dst: Uint8Array,
  ) {
    let done = 0;
    await withRetries(job, reply, async () => {
      const r = await attempt(job, reply, url(), start + done, end, (_total, whole) => {
        if (whole) {
          throw new Failure(
            "no-range",
            "the server ignores Range requests (it sent the whole file)",
            false,
          );
        }
        return dst.subarray(done);
      });
      done += r.got;
      if (done < end - start) {
        throw new Failure(
          "truncated",
          `truncated response: got ${done} of ${end - start} bytes at ${start}`,
          true,
        );
      }
    });
  }

  async function runOpen(job: FetchJob, reply: FetchReply): Promise<void> {
    const data = job.data as SharedArrayBuffer & { grow(n: number): void; byteLength: number };
    let have = 0;
    await withRetries(job, reply, async () => {
      have = 0;
      const r = await attempt(job, reply, job.url, 0, job.headBytes, (total, whole) => {
        if (whole) {
          if (total === undefined || total > job.wholeBytes) {
            throw new Failure(
              "no-range",
              `the server ignores Range requests and the file is ${
                total === undefined ? "of unknown size" : `${total} bytes`
              }, too big to read whole (limit ${job.wholeBytes})`,
              false,
            );
          }
          reply.ignoredRange = true;
        }
        const want = whole ? total! : Math.min(job.headBytes, total ?? job.headBytes);
        if (data.byteLength < want) data.grow(want);
        return new Uint8Array(data, 0, want);
      });
      have = r.got;
      if (r.whole) {
        if (r.total !== undefined && r.got < r.total) {
          throw new Failure(
            "truncated",
            `truncated response: got ${r.got} of ${r.total} bytes`,
            true,
          );
        }
        reply.size = r.got;
      } else if (r.total !== undefined && r.got < Math.min(job.headBytes, r.total)) {
        throw new Failure(
          "truncated",
          `truncated response: got ${r.got} of ${Math.min(job.headBytes, r.total)} bytes`,
          true,
        );
      }
    });
    const size = reply.size;
    if (size !== undefined && have < size && size <= job.wholeBytes) {
      // small file: the rest comes in a second request so everything is local from now on
      if (data.byteLength < size) data.grow(size);
      job.size = size;
      job.etag = reply.etag;
      await fetchRange(
        job,
        reply,
        () => reply.url ?? job.url,
        have,
        size,
        new Uint8Array(data, have, size - have),
      );
      have = size;
    }
    reply.have = have;
  }

  async function run(job: FetchJob): Promise<void> {
    const reply: FetchReply = { id: job.id, requests: 0, bytes: 0, retried: [] };
    progressBytes = 0;
    Atomics.store(ctrl, C.KIB, 0);
    try {
      if (job.kind === "open") await runOpen(job, reply);
      else {
        await Promise.all(
          job.ranges.map((r) =>
            fetchRange(
              job,
              reply,
              () => job.url,
              r.start,
              r.end,
              new Uint8Array(job.data, r.at, r.end - r.start),
            )
          ),
        );
      }
    } catch (e) {
      const f = e instanceof Failure ? e : new Failure("network", String(e), false);
      reply.error = { kind: f.kind, message: f.message, status: f.status };
    }
    finish(reply);
  }

  port.on("message", (job) => {
    run(job);
  });
  Atomics.store(ctrl, C.READY, 1);
  Atomics.notify(ctrl, C.READY);
}
