import { readFile } from "node:fs/promises";
import { cassetteSchema, type Cassette } from "../domain/cassette.js";
import { ProviderError } from "./model-provider.js";

function lineOf(text: string, position: number): number {
  return text.slice(0, position).split("\n").length;
}

const endsEarly = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message)?.[1];
    return /end of (JSON )?input|Unterminated/i.test(message) || (position !== undefined && Number(position) >= text.length);
  }
};

/**
 * Where a JSON syntax error is: Node's message has no position for some errors, so search for the
 * shortest prefix that fails for a reason other than ending early (every shorter one only ends early).
 */
function errorPosition(text: string, message: string): number {
  const given = /position (\d+)/.exec(message)?.[1];
  if (given !== undefined) return Number(given);
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (endsEarly(text.slice(0, middle + 1))) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Reads and validates a cassette; errors name the file, the line or field, and what was expected. */
export async function loadCassette(path: string): Promise<Cassette> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new ProviderError("cassette", `cannot read cassette ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const line = lineOf(text, errorPosition(text, message));
    throw new ProviderError("cassette", `${path}: line ${line}: not valid JSON (${message.split("\n")[0]}); expected a cassette object { "version": 1, "scripts": [...] }`);
  }
  const parsed = cassetteSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(top)"}: ${issue.message}`).join("; ");
    throw new ProviderError("cassette", `${path}: not a valid cassette: ${problems}`);
  }
  return parsed.data;
}
