/**
 * Downloads an attachment (the .xlsx exports, originals) through `fetch`, so a refusal or a
 * failure shows the server's Chinese message instead of navigating to a JSON error page, and the
 * file keeps the name the server gave it (`Content-Disposition`, RFC 6266 `filename*`).
 */
import { ApiFailure, failureOf } from "./client.js";

/** The file name of a `Content-Disposition` header: `filename*=UTF-8''…` first, then `filename="…"`. */
export function filenameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename="([^"]+)"/i.exec(disposition);
  return plain?.[1] ?? fallback;
}

/** GETs `path` and saves the answer as a file; returns its name. */
export async function downloadFile(path: string, fallbackName: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: "same-origin" });
  } catch {
    throw new ApiFailure(0, "NETWORK", "无法连接服务器，请检查网络后重试");
  }
  if (!res.ok) throw await failureOf(res);
  const name = filenameOf(res.headers.get("content-disposition"), fallbackName);
  const url = URL.createObjectURL(await res.blob());
  try {
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    a.rel = "noopener";
    document.body.append(a);
    a.click();
    a.remove();
  } finally {
    // Give the browser a moment to start the download before the URL goes away.
    window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
  return name;
}
