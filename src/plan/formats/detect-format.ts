import { bmadFormat } from "./bmad.js";
import { greenlightFormat } from "./greenlight.js";
import { kiroFormat } from "./kiro.js";
import { openSpecFormat } from "./openspec.js";
import { specKitFormat } from "./spec-kit.js";
import type { FormatName, SpecFile, SpecFormat } from "./spec-format.js";

/** In the order they are tried: a file's place decides first, then its shape; greenlight's own format last. */
const FORMATS: readonly SpecFormat[] = [kiroFormat, openSpecFormat, specKitFormat, bmadFormat, greenlightFormat];

export function formatNamed(name: FormatName): SpecFormat {
  return FORMATS.find((format) => format.name === name)!;
}

/** The format whose specs live at this path, if any. */
export function formatOfPlace(path: string): SpecFormat | undefined {
  return FORMATS.find((format) => format.ownsPath(path));
}

/** The format a file is written in: the one whose place it is in, else the first whose shape it has. */
export function detectFormat(file: SpecFile): SpecFormat {
  return formatOfPlace(file.path) ?? FORMATS.find((format) => format.ownsShape(file.text))!;
}
