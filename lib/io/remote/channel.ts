/**
 * The synchronous side of remote reads: one fetch worker per process, jobs posted to it, and the
 * caller blocked on `Atomics.wait` until the worker writes the bytes into shared memory.
 *
 * Nothing waits forever: the caller waits in short slices, and gives up (terminating the worker,
 * which is restarted for the next job) when the worker reports no progress for longer than the
 * job's own timeouts and retries could take. A job the worker answers with an error becomes a
 * NappleError naming the URL.
 * @module
 */
import { Worker } from "node:worker_threads";
import { NappleError, type NappleErrorCode } from "../../errors.ts";
import { CTRL, type FetchJob, type FetchReply, fetchWorkerMain } from "./fetch_worker.ts";

interface Channel {
  worker: Worker;
  ctrl: SharedArrayBuffer;
  slots: Int32Array;
}

let channel: Channel | undefined;
let nextId = 1;
/** Milliseconds the worker may take to start. */
const START_TIMEOUT_MS = 30_000;

function start(): Channel {
  const ctrl = new SharedArrayBuffer(CTRL.BYTES);
  const slots = new Int32Array(ctrl, 0, 16);
  const source =
    `const { parentPort, workerData } = require("node:worker_threads");\n(${fetchWorkerMain.toString()})(parentPort, workerData.ctrl, workerData.C);`;
  const worker = new Worker(source, { eval: true, workerData: { ctrl, C: CTRL } });
  // an idle worker must not keep a script alive
  worker.unref();
  worker.on("error", () => {
    if (channel?.worker === worker) channel = undefined;
  });
  const r = Atomics.wait(slots, CTRL.READY, 0, START_TIMEOUT_MS);
  if (r === "timed-out") {
    worker.terminate();
    throw new NappleError("NETWORK", "the fetch worker did not start within 30 s");
  }
  return { worker, ctrl, slots };
}

/** Starts the fetch worker now (it starts on the first remote read otherwise). */
export function startFetchWorker(): void {
  channel ??= start();
}

/** Stops the fetch worker (it starts again on the next remote read). */
export function stopFetchWorker(): void {
  channel?.worker.terminate();
  channel = undefined;
}

/** What a caller hears while a job runs. */
export type ProgressListener = (bytes: number) => void;

/** Error code for each kind of failure the worker reports. */
const CODES: Record<string, NappleErrorCode> = {
  "not-found": "FILE_NOT_FOUND",
  forbidden: "PERMISSION",
  permission: "PERMISSION",
  changed: "FILE_CHANGED",
};

/**
 * Runs `job` on the worker and blocks until it answers. `stallMs`: how long the worker may show
 * no progress before the job is abandoned (and the worker restarted).
 */
export function runJob(
  job: Omit<FetchJob, "id">,
  stallMs: number,
  onProgress?: ProgressListener,
): FetchReply {
  const ch = channel ??= start();
  const id = nextId++;
  Atomics.store(ch.slots, CTRL.KIB, 0);
  ch.worker.postMessage({ ...job, id });
  let lastKib = 0;
  let lastChange = Date.now();
  for (;;) {
    const done = Atomics.load(ch.slots, CTRL.DONE);
    if (done === id) break;
    Atomics.wait(ch.slots, CTRL.DONE, done, 100);
    const kib = Atomics.load(ch.slots, CTRL.KIB);
    const now = Date.now();
    if (kib !== lastKib) {
      lastKib = kib;
      lastChange = now;
      onProgress?.(kib * 1024);
    } else if (now - lastChange > stallMs && Atomics.load(ch.slots, CTRL.DONE) !== id) {
      stopFetchWorker();
      throw new NappleError(
        "NETWORK",
        `no answer for ${
          Math.round(stallMs / 1000)
        } s; the fetch was abandoned (see setRemoteOptions's timeoutMs)`,
        { path: job.url },
      );
    }
  }
  const len = Atomics.load(ch.slots, CTRL.REPLY_LENGTH);
  const text = new TextDecoder().decode(new Uint8Array(ch.ctrl, CTRL.REPLY_AT, len).slice());
  const reply = JSON.parse(text) as FetchReply;
  if (reply.error) {
    const { kind, message } = reply.error;
    const retried = reply.retried.length
      ? ` (after ${reply.retried.length} retr${reply.retried.length === 1 ? "y" : "ies"}: ${
        reply.retried[reply.retried.length - 1]
      })`
      : "";
    const hint = kind === "permission" ? permissionHint(job.url) : "";
    throw new NappleError(CODES[kind] ?? "NETWORK", `${message}${retried}${hint}`, {
      path: job.url,
    });
  }
  return reply;
}

function permissionHint(url: string): string {
  return `; run with --allow-net=${new URL(url).host}`;
}

/** Refuses a URL whose host Deno's permissions do not allow, naming the flag to add. */
export function checkNetPermission(url: string): void {
  const host = new URL(url).host;
  let state: string;
  try {
    state = Deno.permissions.querySync({ name: "net", host }).state;
  } catch {
    return; // no permission API: let the fetch report
  }
  if (state !== "granted") {
    throw new NappleError(
      "PERMISSION",
      `reading a URL needs network access to ${host}: run with --allow-net=${host} (or --allow-net)`,
      { path: url },
    );
  }
}
