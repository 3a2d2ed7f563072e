/**
 * napple's own small HTTP test server, on 127.0.0.1 only: files of a folder with HEAD and byte
 * ranges, ETags, an added latency per request, fault injection (status codes, ignored ranges,
 * dropped connections, truncated bodies, stalls), JSON routes (DANDI's API shapes) and
 * request/byte counters. It runs in a Worker so that napple's synchronous remote reads (which
 * block the calling thread) can be served from the same process: tests, the bench and the
 * streaming notebook start it with {@linkcode RangeServer.start}.
 * @module
 */

/** A fault the server injects into requests whose path contains a string. */
export type Fault =
  | { kind: "status"; status: number }
  | { kind: "ignore-range" }
  | { kind: "drop" }
  | { kind: "truncate" }
  | { kind: "stall"; ms: number };

/** A fixed answer for a path (JSON body, status, headers). */
export interface Route {
  /** HTTP status (200). */
  status?: number;
  /** JSON body. */
  json?: unknown;
  /** Extra headers (e.g. `location` for redirects). */
  headers?: Record<string, string>;
}

/** Messages to the server worker. */
export type ServerCommand =
  | { op: "start"; root: string; counters: SharedArrayBuffer }
  | { op: "latency"; ms: number }
  | { op: "fault"; match: string; fault: Fault; times?: number }
  | { op: "clearFaults" }
  | { op: "route"; path: string; route: Route }
  | { op: "log" }
  | { op: "close" };

/** A request the server saw. */
export interface LoggedRequest {
  /** GET or HEAD. */
  method: string;
  /** Path and query. */
  path: string;
  /** The Range header, if any. */
  range: string | null;
}

/** The running server. */
export class RangeServer {
  readonly #worker: Worker;
  readonly #counters: BigInt64Array;
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  readonly origin: string;

  private constructor(worker: Worker, counters: BigInt64Array, port: number) {
    this.#worker = worker;
    this.#counters = counters;
    this.origin = `http://127.0.0.1:${port}`;
  }

  /** Starts serving the files under `root` (a folder path). */
  static async start(root: string, options: { latencyMs?: number } = {}): Promise<RangeServer> {
    const worker = new Worker(new URL("./range_server_worker.ts", import.meta.url), {
      type: "module",
    });
    const sab = new SharedArrayBuffer(16);
    const counters = new BigInt64Array(sab);
    const { port } = await ask<{ port: number }>(worker, {
      op: "start",
      root: root.replace(/\/$/, ""),
      counters: sab,
    });
    const server = new RangeServer(worker, counters, port);
    if (options.latencyMs) await server.setLatency(options.latencyMs);
    return server;
  }

  /** URL of `path` (relative to the served folder). */
  url(path: string): string {
    return `${this.origin}/${path.replace(/^\//, "")}`;
  }

  /** Requests served so far (readable while a caller is blocked). */
  get requests(): number {
    return Number(Atomics.load(this.#counters, 0));
  }

  /** Body bytes sent so far. */
  get bytes(): number {
    return Number(Atomics.load(this.#counters, 1));
  }

  /** Sets the counters back to zero. */
  resetCounters(): void {
    Atomics.store(this.#counters, 0, 0n);
    Atomics.store(this.#counters, 1, 0n);
  }

  /** Adds `ms` of latency to every request. */
  setLatency(ms: number): Promise<void> {
    return ask(this.#worker, { op: "latency", ms });
  }

  /** Injects `fault` into the next `times` requests (Infinity: all) whose path contains `match`. */
  fault(match: string, fault: Fault, times = 1): Promise<void> {
    return ask(this.#worker, { op: "fault", match, fault, times });
  }

  /** Removes every pending fault. */
  clearFaults(): Promise<void> {
    return ask(this.#worker, { op: "clearFaults" });
  }

  /** Answers `path` (with or without its query) with a fixed response. */
  route(path: string, route: Route): Promise<void> {
    return ask(this.#worker, { op: "route", path, route });
  }

  /** The requests served since the last call. */
  async log(): Promise<LoggedRequest[]> {
    return (await ask<{ log: LoggedRequest[] }>(this.#worker, { op: "log" })).log;
  }

  /** Stops the server. */
  async close(): Promise<void> {
    await ask(this.#worker, { op: "close" });
    this.#worker.terminate();
  }
}

function ask<T = void>(worker: Worker, cmd: ServerCommand): Promise<T> {
  return new Promise((resolve, reject) => {
    worker.onmessage = (e) => resolve(e.data as T);
    worker.onerror = (e) => reject(e);
    worker.postMessage(cmd);
  });
}
