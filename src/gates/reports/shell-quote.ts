/** A word for a POSIX shell (and for pytest's and node's option splitting): quoted only when it must be. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A word inside NODE_OPTIONS, which node splits at spaces and unquotes only double quotes. */
export function nodeOptionWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `"${word.replace(/(["\\])/g, "\\$1")}"`;
}
