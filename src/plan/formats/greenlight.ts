import { parseSpec } from "../import-spec.js";
import type { SpecFormat } from "./spec-format.js";

/** greenlight's own Markdown: headings or list items that open with an id (`## REQ-001: Title`). */
export const greenlightFormat: SpecFormat = {
  name: "greenlight",
  ownsPath: () => false,
  ownsShape: () => true,
  read(file) {
    return { format: "greenlight", requirements: parseSpec(file.text, file.path).requirements, scope: { file: file.path, partial: false }, removed: [] };
  },
};
