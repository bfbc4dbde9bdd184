import { OutputCapture } from "../process/output-capture.js";

/** What an MCP tool may return for the model: at most this much, head and tail kept, like Bash output. */
export const MAX_RESULT_BYTES = 30_000;

interface ContentBlock {
  type: string;
  text?: string;
  mimeType?: string;
  data?: string;
  uri?: string;
  resource?: { uri?: string; text?: string; mimeType?: string };
}

function blockText(block: ContentBlock): string {
  switch (block.type) {
    case "text":
      return block.text ?? "";
    case "resource":
      return block.resource?.text ?? `[resource ${block.resource?.uri ?? ""} (${block.resource?.mimeType ?? "binary"})]`;
    case "resource_link":
      return `[resource link ${block.uri ?? ""}]`;
    default:
      // Images and audio reach the model as a note: greenlight's tool results are text.
      return `[${block.type}${block.mimeType ? ` ${block.mimeType}` : ""}, ${Math.floor(((block.data?.length ?? 0) * 3) / 4)} bytes, not shown]`;
  }
}

/** A tool call's content as text the model can read, capped at MAX_RESULT_BYTES. */
export function resultText(result: { content?: unknown; structuredContent?: unknown }): { text: string; totalBytes: number } {
  const blocks = Array.isArray(result.content) ? (result.content as ContentBlock[]) : [];
  let text = blocks.map(blockText).join("\n");
  if (text === "" && result.structuredContent !== undefined) text = JSON.stringify(result.structuredContent, null, 2);
  const capture = new OutputCapture(MAX_RESULT_BYTES);
  capture.add(Buffer.from(text, "utf8"));
  return { text: capture.text() || "(no output)", totalBytes: capture.total };
}
