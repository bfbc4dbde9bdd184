/** The bytes of an agent file as text with one line ending, or why they cannot be text. */
export type DecodedText = { ok: true; text: string } | { ok: false; error: string };

const decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

/**
 * Decodes as UTF-8 without ever throwing (bad sequences become U+FFFD), strips a BOM and turns CRLF and
 * CR into LF, so that line numbers and `---` detection work the same for every file.
 */
export function decodeAgentText(bytes: Uint8Array): DecodedText {
  const probe = bytes.subarray(0, 8192);
  if (probe.includes(0)) return { ok: false, error: "binary file (contains NUL bytes): expected a UTF-8 Markdown agent file" };
  let text = decoder.decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes("\r")) text = text.replace(/\r\n?/g, "\n");
  return { ok: true, text };
}
