import { StringDecoder } from "node:string_decoder";

const START = "\x1b[200~";
const END = "\x1b[201~";

type Emit = (event: string | symbol, ...args: unknown[]) => boolean;

/**
 * Turns on bracketed paste and hands each pasted text to `onPaste` whole, before blessed's key parser
 * sees it: a pasted "q" or newline must stay text, never become a key. Input outside a paste reaches
 * blessed unchanged. Returns the function that turns it off again.
 */
export function captureBracketedPaste(input: NodeJS.ReadableStream, write: (sequence: string) => void, onPaste: (text: string) => void): () => void {
  const target = input as unknown as { emit: Emit };
  const emit = target.emit;
  const decoder = new StringDecoder("utf8");
  let pasted: string | undefined;

  const take = (text: string, forward: (rest: string) => void): void => {
    let rest = text;
    while (rest.length > 0) {
      if (pasted === undefined) {
        const start = rest.indexOf(START);
        if (start === -1) return forward(rest);
        if (start > 0) forward(rest.slice(0, start));
        pasted = "";
        rest = rest.slice(start + START.length);
        continue;
      }
      const end = rest.indexOf(END);
      if (end === -1) {
        pasted += rest;
        return;
      }
      const text = pasted + rest.slice(0, end);
      pasted = undefined;
      rest = rest.slice(end + END.length);
      onPaste(text);
    }
  };

  target.emit = function (this: unknown, event: string | symbol, ...args: unknown[]): boolean {
    if (event !== "data") return emit.call(this, event, ...args);
    const chunk = args[0];
    const text = typeof chunk === "string" ? chunk : decoder.write(chunk as Buffer);
    if (pasted === undefined && !text.includes(START)) return emit.call(this, event, chunk);
    take(text, (rest) => emit.call(this, event, Buffer.from(rest, "utf8")));
    return true;
  };
  write("\x1b[?2004h");
  return () => {
    target.emit = emit;
    write("\x1b[?2004l");
  };
}
