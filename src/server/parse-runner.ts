/**
 * Runs ingest + parse of an upload off the event loop: one worker thread per file, under V8 heap
 * limits and a wall-clock timeout, a bounded number at once. A file that loops, explodes in memory
 * or crashes its parser kills only its worker; the server keeps answering (`/health`).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";
import { ingest, IngestError, type IngestErrorCode, type IngestResult } from "../ingest/index.js";
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

/** What a parse produced, ready for `importDocument`. */
export interface ParseOutput {
  ingested: IngestResult;
  parsed: ParseResult;
  parserVersion: string;
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

/**
 * The worker pool the server uses.
 *
 * @example
 * const parser = createWorkerParser({ timeoutMs: 30_000, maxOldGenerationMb: 512, concurrency: 2, queue: 8 });
 * const { ingested, parsed } = await parser.run({ bytes, filename: "a.docx", maxBytes: 50 << 20, timeoutMs: 30_000 });
 */
export function createWorkerParser(options: WorkerParserOptions): ParseRunner {
  const slots = new Slots(Math.max(1, options.concurrency), Math.max(0, options.queue));
  const live = new Set<Worker>();
  const { source, options: workerOptions } = workerSource(options.entry ?? defaultWorkerEntry());

  const runOne = (job: ParseJob) =>
    new Promise<ParseOutput>((resolve, reject) => {
      const worker = new Worker(source, {
        ...workerOptions,
        workerData: job,
        resourceLimits: {
          maxOldGenerationSizeMb: options.maxOldGenerationMb,
          maxYoungGenerationSizeMb: Math.min(64, Math.max(8, Math.floor(options.maxOldGenerationMb / 8))),
          stackSizeMb: 4,
        },
        stdout: true,
        stderr: true,
      });
      live.add(worker);
      // Worker output is not ours to print (pdf.js warns about fonts); drain it so it cannot pile up.
      worker.stdout.resume();
      worker.stderr.resume();
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      // Also bounded before the worker is online (loading the modules, compiling under tsx).
      const startup = setTimeout(
        () => settle(() => reject(new ApiError(422, "PARSE_TIMEOUT"))),
        options.timeoutMs + 20_000,
      );
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(startup);
        if (timer) clearTimeout(timer);
        live.delete(worker);
        fn();
        void worker.terminate();
      };
      worker.once("online", () => {
        timer = setTimeout(() => settle(() => reject(new ApiError(422, "PARSE_TIMEOUT"))), options.timeoutMs);
      });
      worker.once("message", (reply: WorkerReply) => {
        settle(() => (reply.ok ? resolve(reply) : reject(failure(reply))));
      });
      worker.once("error", (error: Error & { code?: string }) => {
        const code = error.code === "ERR_WORKER_OUT_OF_MEMORY" ? "PARSE_RESOURCE_LIMIT" : "PARSE_FAILED";
        settle(() => reject(new ApiError(422, code, undefined, { cause: error })));
      });
      worker.once("exit", () => settle(() => reject(new ApiError(422, "PARSE_FAILED"))));
    });

  return {
    async run(job) {
      const release = await slots.acquire();
      try {
        return await runOne(job);
      } finally {
        release();
      }
    },
    async close() {
      await Promise.all([...live].map((w) => w.terminate()));
    },
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
      const { title, docNumber, publisher, indexNumber, publishedDate, validity, topic } = ingested.facts;
      const facts = Object.fromEntries(
        Object.entries({ title, docNumber, publisher, indexNumber, publishedDate, validity, topic }).filter(
          ([, v]) => v,
        ),
      );
      return { ingested, parsed: parse(ingested.text, { facts }), parserVersion: PARSER_VERSION };
    } catch (error) {
      if (error instanceof IngestError) throw new ApiError(422, error.code, error.messageZh);
      throw error;
    }
  },
  async close() {},
};
