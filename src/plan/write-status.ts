import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { TaskBox } from "./formats/spec-format.js";

export interface TickedFile {
  file: string;
  ticked: number;
}

/** One box per file and line, holding every requirement any spec said it needs (an OpenSpec change's deltas). */
function mergedBoxes(boxes: readonly TaskBox[]): Map<string, Map<number, TaskBox>> {
  const files = new Map<string, Map<number, TaskBox>>();
  for (const box of boxes) {
    const lines = files.get(box.file) ?? new Map<number, TaskBox>();
    const known = lines.get(box.line);
    lines.set(box.line, known ? { ...known, requirements: [...new Set([...known.requirements, ...box.requirements])] } : box);
    files.set(box.file, lines);
  }
  return files;
}

/**
 * Ticks the open boxes (`- [ ]`) of tasks whose requirements are all approved, changing those two
 * characters and nothing else in the file (line endings, other lines, boxes already ticked or ticked by
 * hand stay as they are). A box is never unticked. The file is replaced whole through a rename, so a crash
 * leaves the old file or the new one.
 */
export function writeStatus(boxes: readonly TaskBox[], approved: (requirement: string) => boolean, projectDir: string): TickedFile[] {
  const written: TickedFile[] = [];
  for (const [file, lines] of mergedBoxes(boxes)) {
    const path = resolve(projectDir, file);
    const parts = readFileSync(path, "utf8").split(/(?<=\n)/);
    let ticked = 0;
    for (const box of lines.values()) {
      const index = box.line - 1;
      const line = parts[index];
      if (line === undefined || !box.requirements.every(approved)) continue;
      const next = line.replace(/^(\s*[-*]\s+)\[ \]/, `$1[${box.mark}]`);
      if (next === line) continue;
      parts[index] = next;
      ticked++;
    }
    if (ticked === 0) continue;
    const temporary = `${path}.greenlight-${process.pid}.tmp`;
    writeFileSync(temporary, parts.join(""));
    renameSync(temporary, path);
    written.push({ file, ticked });
  }
  return written;
}
