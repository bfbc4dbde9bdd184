/**
 * Bounds that keep loading an untrusted agent file fast and small. Real files have frontmatter of a few
 * KB and bodies up to about 41 KB, so these leave ample room.
 */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
export const MAX_FRONTMATTER_CHARS = 64 * 1024;
/** How many values a frontmatter may expand to, aliases counted each time they are used. */
export const MAX_FRONTMATTER_VALUES = 10_000;
/** GitHub.com's limit on an agent prompt: longer bodies still load, with a warning. */
export const LONG_PROMPT_CHARS = 30_000;
