/** Caps on what project instruction files may add to every request: the files are untrusted input. */
export const MAX_INSTRUCTION_FILE_BYTES = 32 * 1024;
export const MAX_INSTRUCTIONS_TOTAL_BYTES = 64 * 1024;
/** How many `@path` hops CLAUDE.md imports follow, as Claude Code does. */
export const MAX_IMPORT_DEPTH = 5;
/** `@path` imports followed from one file: a file of nothing but `@x` words must not cost thousands of lookups. */
export const MAX_IMPORTS_PER_FILE = 50;
/** `.github/instructions/*.instructions.md` files looked at, in name order. */
export const MAX_SCOPED_INSTRUCTION_FILES = 50;
