import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import { ingest, IngestError, type IngestResult } from "../ingest/index.js";
import { ExitError } from "./exit-error.js";

/** Reads a file from disk and turns it into text through ingest; failures become one-line ExitErrors. */
export async function readDocument(path: string): Promise<IngestResult> {
  let bytes: Uint8Array;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new ExitError(`不是文件 / not a file: ${path}`, 66);
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof ExitError) throw error;
    throw new ExitError(`无法读取文件 / cannot read file: ${path}`, 66);
  }
  try {
    return await ingest(bytes, { filename: basename(path) });
  } catch (error) {
    if (error instanceof IngestError) {
      throw new ExitError(`${path}: ${error.messageZh} / ${error.messageEn} [${error.code}]`, 65);
    }
    throw error;
  }
}
