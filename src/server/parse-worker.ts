/**
 * Worker thread entry: ingest and parse each file posted to it, one at a time, and post the
 * result back. Runs under `resourceLimits` and a timer in parse-runner.ts, which terminates the
 * thread when a file takes too long, so a hostile file can exhaust only this thread.
 */
import { parentPort } from "node:worker_threads";
import { ingest, IngestError, toParseFacts } from "../ingest/index.js";
import { parse, PARSER_VERSION } from "../parse/index.js";
import { searchVectors } from "../import/vectors.js";
import type { ParseJob, WorkerReply } from "./parse-runner.js";

async function run(job: ParseJob): Promise<WorkerReply> {
  try {
    const ingested = await ingest(job.bytes, {
      filename: job.filename,
      ...(job.mediaType ? { mediaType: job.mediaType } : {}),
      maxBytes: job.maxBytes,
      timeoutMs: job.timeoutMs,
    });
    const parsed = parse(ingested.text, { facts: toParseFacts(ingested.facts) });
    const vectors = searchVectors(ingested, parsed.document);
    return { ok: true, ingested, parsed, parserVersion: PARSER_VERSION, vectors };
  } catch (error) {
    if (error instanceof IngestError) return { ok: false, code: error.code, message: error.messageZh };
    return { ok: false, code: "PARSE_FAILED", message: "文件解析失败" };
  }
}

// One job at a time: the runner posts the next only after this one's reply.
parentPort?.on("message", (job: ParseJob) => {
  void run(job).then((reply) => parentPort?.postMessage(reply));
});
