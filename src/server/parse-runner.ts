/**
 * Runs ingest + parse of an upload off the event loop: one worker thread per file, under V8 heap
 * limits and a wall-clock timeout, a bounded number at once. A file that loops, explodes in memory
 * or crashes its parser kills only its worker; the server keeps answering (`/health`).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";
import {
  DEFAULT_MAX_BYTES,
  DEFAULT_TIMEOUT_MS,
  ingest,
  IngestError,
  toParseFacts,
  type IngestErrorCode,
  type IngestResult,
} from "../ingest/index.js";
import type { ImportContext } from "../import/index.js";
import type { SearchVectors } from "../import/vectors.js";
import { parse, PARSER_VERSION, type ParseResult } from "../parse/index.js";
import { ApiError } from "./errors.js";

/** One file to read. */
export interface ParseJob {
  bytes: Uint8Array;
  filename: string;
  mediaType?: string;
  maxBytes: number;
  /** Cooperative limit inside ingest; the runner's own hard limit is a little longer. */
  timeoutMs: number;
}

/** What a parse produced, ready for `importDocument` (`ImportContext.read`). */
export interface ParseOutput {
  ingested: IngestResult;
  parsed: ParseResult;
  parserVersion: string;
  /** Search vectors, computed in the worker: segmentation is the largest cost of an import. */
  vectors?: SearchVectors;
}

/** The message a worker posts back. */
export type WorkerReply =
  ({ ok: true } & ParseOutput) | { ok: false; code: IngestErrorCode | "PARSE_FAILED"; message: string };

/** Something that turns upload bytes into a parse; the server uses the worker pool. */
export interface ParseRunner {
  run(job: ParseJob): Promise<ParseOutput>;
  close(): Promise<void>;
}

/** Options of the worker pool. */
export interface WorkerParserOptions {
  /** Hard limit per file, from the moment the worker is online. */
  timeoutMs: number;
  maxOldGenerationMb: number;
  concurrency: number;
  /** Files allowed to wait for a worker; beyond that 503 SERVER_BUSY. */
  queue: number;
  /** Another worker entry (tests use hostile ones); a module URL, `.ts` under the source tree. */
  entry?: URL;
  /**
   * Files a worker reads before it is replaced (default 50), so nothing a file left behind lives
   * for long. A batch import of the user's own files keeps its workers longer: starting one costs
   * about 0.4 s of CPU.
   */
  jobsPerWorker?: number;
}

/**
 * How to start a worker for `entry`: compiled JavaScript runs as is; TypeScript (tests run the
 * sources) goes through tsx's loader, registered inside the worker, because `--import` in a
 * worker's execArgv does not install loader hooks on Node 20.
 */
function workerSource(entry: URL): { source: string | URL; options: WorkerOptions } {
  if (!entry.pathname.endsWith(".ts")) return { source: entry, options: {} };
  // The ESM build of tsx's API: require.resolve would find the CommonJS one, which cannot register hooks here.
  const manifest = createRequire(import.meta.url).resolve("tsx/package.json");
  const exports = (
    JSON.parse(readFileSync(manifest, "utf8")) as { exports: Record<string, { import: { default: string } }> }
  ).exports;
  const tsx = pathToFileURL(join(dirname(manifest), exports["./esm/api"]!.import.default)).href;
  const code = `import(${JSON.stringify(tsx)})
    .then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })
    .catch((e) => { throw e; });`;
  return { source: code, options: { eval: true } };
}

/** The worker entry next to this module (`.ts` in the source tree, `.js` in dist). */
export function defaultWorkerEntry(): URL {
  const ext = import.meta.url.endsWith(".ts") ? "ts" : "js";
  return new URL(`./parse-worker.${ext}`, import.meta.url);
}

/** A counting semaphore with a bounded queue. */
class Slots {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly size: number,
    private readonly queue: number,
  ) {}

  async acquire(): Promise<() => void> {
    if (this.active >= this.size) {
      if (this.waiting.length >= this.queue)
        throw new ApiError(503, "SERVER_BUSY", undefined, { retryAfter: 5 });
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    };
  }
}

function failure(reply: Extract<WorkerReply, { ok: false }>): ApiError {
  return new ApiError(422, reply.code, reply.message);
}

/** A worker thread and how many files it has read. */
interface PooledWorker {
  worker: Worker;
  jobs: number;
  /** Where this worker's current job's outcome goes; null while idle. */
  settle: ((outcome: { reply: WorkerReply } | { error: ApiError }) => void) | null;
}

/** Files a worker reads before it is replaced, unless the options say otherwise. */
const JOBS_PER_WORKER = 50;

/**
 * The worker pool the server uses: up to `concurrency` threads, kept warm between files (loading
 * ingest and its dictionaries costs about 0.4 s of CPU, the parse of a typical file a few ms). A
 * worker that times out, runs out of memory or crashes is terminated and replaced; one that has
 * read `JOBS_PER_WORKER` files retires.
 *
 * @example
 * const parser = createWorkerParser({ timeoutMs: 30_000, maxOldGenerationMb: 512, concurrency: 2, queue: 8 });
 * const { ingested, parsed } = await parser.run({ bytes, filename: "a.docx", maxBytes: 50 << 20, timeoutMs: 30_000 });
 */
export function createWorkerParser(options: WorkerParserOptions): ParseRunner {
  const slots = new Slots(Math.max(1, options.concurrency), Math.max(0, options.queue));
  const live = new Set<PooledWorker>();
  const idle: PooledWorker[] = [];
  const { source, options: workerOptions } = workerSource(options.entry ?? defaultWorkerEntry());

  const spawn = (): PooledWorker => {
    const worker = new Worker(source, {
      ...workerOptions,
      resourceLimits: {
        maxOldGenerationSizeMb: options.maxOldGenerationMb,
        maxYoungGenerationSizeMb: Math.min(64, Math.max(8, Math.floor(options.maxOldGenerationMb / 8))),
        stackSizeMb: 4,
      },
      stdout: true,
      stderr: true,
    });
    // Worker output is not ours to print (pdf.js warns about fonts); drain it so it cannot pile up.
    worker.stdout.resume();
    worker.stderr.resume();
    const pooled: PooledWorker = { worker, jobs: 0, settle: null };
    const fail = (error: ApiError) => {
      retire(pooled);
      pooled.settle?.({ error });
    };
    worker.on("message", (reply: WorkerReply) => pooled.settle?.({ reply }));
    worker.on("error", (error: Error & { code?: string }) => {
      const code = error.code === "ERR_WORKER_OUT_OF_MEMORY" ? "PARSE_RESOURCE_LIMIT" : "PARSE_FAILED";
      fail(new ApiError(422, code, undefined, { cause: error }));
    });
    worker.on("exit", () => fail(new ApiError(422, "PARSE_FAILED")));
    live.add(pooled);
    return pooled;
  };

  const retire = (pooled: PooledWorker) => {
    live.delete(pooled);
    const at = idle.indexOf(pooled);
    if (at >= 0) idle.splice(at, 1);
    void pooled.worker.terminate();
  };

  const runOn = (pooled: PooledWorker, job: ParseJob) =>
    new Promise<ParseOutput>((resolve, reject) => {
      const timer = setTimeout(() => {
        retire(pooled);
        pooled.settle?.({ error: new ApiError(422, "PARSE_TIMEOUT") });
      }, options.timeoutMs);
      pooled.settle = (outcome) => {
        clearTimeout(timer);
        pooled.settle = null;
        if ("error" in outcome) return reject(outcome.error);
        pooled.jobs++;
        if (pooled.jobs >= (options.jobsPerWorker ?? JOBS_PER_WORKER)) retire(pooled);
        else idle.push(pooled);
        if (outcome.reply.ok) resolve(outcome.reply);
        else reject(failure(outcome.reply));
      };
      pooled.worker.postMessage(job);
    });

  return {
    async run(job) {
      const release = await slots.acquire();
      try {
        return await runOn(idle.pop() ?? spawn(), job);
      } finally {
        release();
      }
    },
    async close() {
      const all = [...live];
      live.clear();
      idle.length = 0;
      await Promise.all(all.map((p) => p.worker.terminate()));
    },
  };
}

/**
 * Documents in flight for a batch import by default. On PostgreSQL a few overlap one document's
 * round trips with the next one's reading. PGlite runs in this thread: a second document in flight
 * only helps while a worker reads it (two in flight on two cores measured slower than one).
 */
export function defaultImportLanes(backend: "postgres" | "pglite", cores = availableParallelism()): number {
  if (backend === "postgres") return 4;
  return cores > 2 ? 2 : 1;
}

/** Worker threads that read the documents of a batch import (`ImportContext.read`). */
export interface ImportReaders {
  read: NonNullable<ImportContext["read"]>;
  close(): Promise<void>;
}

/**
 * Readers for a batch import with `lanes` documents in flight: worker threads, one core left to
 * the calling thread (the database driver, or PGlite itself). Undefined on two cores or fewer,
 * where reading in this thread measured faster (docs/benchmarks.md): copying each document and
 * its parse between threads costs more than the overlap gains when there is no core to spare.
 */
export function createImportReaders(
  lanes: number,
  cores = availableParallelism(),
): ImportReaders | undefined {
  if (cores <= 2) return undefined;
  const pool = createWorkerParser({
    timeoutMs: DEFAULT_TIMEOUT_MS * 2,
    maxOldGenerationMb: 1024,
    concurrency: Math.max(1, Math.min(lanes, cores - 1)),
    queue: lanes,
    jobsPerWorker: 1000,
  });
  return {
    read: (bytes, options) =>
      pool.run({ bytes, ...options, maxBytes: DEFAULT_MAX_BYTES, timeoutMs: DEFAULT_TIMEOUT_MS }),
    close: () => pool.close(),
  };
}

/**
 * Parses in the calling thread, with no isolation: for the CLI and tests that do not exercise
 * hostile files. The server never uses it.
 */
export const inlineParser: ParseRunner = {
  async run(job) {
    try {
      const ingested = await ingest(job.bytes, {
        filename: job.filename,
        ...(job.mediaType ? { mediaType: job.mediaType } : {}),
        maxBytes: job.maxBytes,
        timeoutMs: job.timeoutMs,
      });
      return {
        ingested,
        parsed: parse(ingested.text, { facts: toParseFacts(ingested.facts) }),
        parserVersion: PARSER_VERSION,
      };
    } catch (error) {
      if (error instanceof IngestError) throw new ApiError(422, error.code, error.messageZh);
      throw error;
    }
  },
  async close() {},
};
