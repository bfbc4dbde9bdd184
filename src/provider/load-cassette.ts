import { readFile } from "node:fs/promises";
import { cassetteSchema, type Cassette } from "../domain/cassette.js";
import { ProviderError } from "./model-provider.js";

function lineOf(text: string, position: number): number {
  return text.slice(0, position).split("\n").length;
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
    const position = /position (\d+)/.exec(message)?.[1];
    const where = position === undefined ? "" : ` line ${lineOf(text, Number(position))}:`;
    throw new ProviderError("cassette", `${path}:${where} not valid JSON (${message}); expected a cassette object { "version": 1, "scripts": [...] }`);
  }
  const parsed = cassetteSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(top)"}: ${issue.message}`).join("; ");
    throw new ProviderError("cassette", `${path}: not a valid cassette: ${problems}`);
  }
  return parsed.data;
}
