import { format } from "node:util";

export type CapturedLevel = "info" | "warn" | "error";

const METHODS = { log: "info", info: "info", debug: "info", warn: "warn", error: "error" } as const;
type Method = keyof typeof METHODS;

/**
 * While the workspace owns the screen, anything printed through `console` or straight to stderr (an
 * SDK's deprecation warning, a library's debug line) would tear the frame; it goes to `onLine` instead.
 * The returned function puts the originals back.
 */
export function captureConsole(onLine: (level: CapturedLevel, text: string) => void): () => void {
  const saved = new Map<Method, (...args: unknown[]) => void>();
  for (const method of Object.keys(METHODS) as Method[]) {
    saved.set(method, console[method]);
    console[method] = (...args: unknown[]) => report(METHODS[method], format(...args));
  }
  const stderrWrite = process.stderr.write;
  process.stderr.write = ((chunk: unknown, ...rest: unknown[]): boolean => {
    report("warn", typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
    const callback = rest.find((arg): arg is () => void => typeof arg === "function");
    if (callback) queueMicrotask(callback);
    return true;
  }) as typeof process.stderr.write;

  function report(level: CapturedLevel, text: string): void {
    const lines = text.split("\n").map((line) => line.trim()).filter(Boolean);
    if (lines.length > 0) onLine(level, lines.join(" / "));
  }

  return () => {
    for (const [method, original] of saved) console[method] = original;
    process.stderr.write = stderrWrite;
  };
}
