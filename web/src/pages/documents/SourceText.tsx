/** The stored text of a document with one span marked and scrolled into view. Text nodes only, never HTML. */
import { useEffect, useRef } from "react";
import { splitAtSpan, type Span } from "../../spans.js";

/** The original text beside the outline. */
export function SourceText({ text, span }: { text: string; span: Span | null }) {
  const mark = useRef<HTMLElement>(null);
  useEffect(() => {
    mark.current?.scrollIntoView({ block: "center", behavior: "smooth" });
  }, [span?.start, span?.end]);
  const parts = span ? splitAtSpan(text, span) : null;
  return (
    <div
      className="source-text"
      style={{ height: "calc(100vh - 230px)" }}
      data-testid="source-text"
      tabIndex={0}
    >
      {parts ? (
        <>
          {parts.before}
          <mark ref={mark}>{parts.marked}</mark>
          {parts.after}
        </>
      ) : (
        text
      )}
    </div>
  );
}
