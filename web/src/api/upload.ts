/**
 * Uploads a file (a document, a report's evidence) with progress. fetch() reports no upload progress, so this one request uses
 * XMLHttpRequest; the answer is typed from the server's route all the same.
 */
import type { InferResponseType } from "hono/client";
import type { Client } from "../../../src/server/client.js";
import { ApiFailure, failureOf } from "./client.js";

/** What the server answers to an accepted upload (201 imported, 200 duplicate). */
export type UploadResult = InferResponseType<Client["api"]["documents"]["$post"], 200 | 201>;

/** Posts `file` as multipart to /api/documents, reporting progress from 0 to 100. */
export function uploadDocument(
  file: File,
  onProgress: (percent: number) => void,
  signal?: AbortSignal,
): Promise<UploadResult> {
  return uploadFile<UploadResult>("/api/documents", file, onProgress, signal);
}

/** Posts `file` in the multipart field `file` to `path`, reporting progress; resolves with the 200/201 body. */
export function uploadFile<T>(
  path: string,
  file: File,
  onProgress: (percent: number) => void,
  signal?: AbortSignal,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    xhr.responseType = "text";
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onerror = () => reject(new ApiFailure(0, "NETWORK", "上传中断，请检查网络后重试"));
    xhr.onabort = () => reject(new ApiFailure(0, "ABORTED", "上传已取消"));
    xhr.onload = () => {
      const headers = new Headers();
      const retry = xhr.getResponseHeader("retry-after");
      if (retry) headers.set("retry-after", retry);
      const json = async () => JSON.parse(xhr.responseText) as unknown;
      if (xhr.status === 200 || xhr.status === 201) {
        json().then((body) => resolve(body as T), reject);
      } else {
        failureOf({ status: xhr.status, headers, json }).then(reject, reject);
      }
    };
    signal?.addEventListener("abort", () => xhr.abort());
    const form = new FormData();
    form.append("file", file, file.name);
    xhr.send(form);
  });
}
