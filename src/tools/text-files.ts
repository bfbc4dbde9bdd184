/** A file is treated as binary when its first 8 KiB hold a NUL byte, as git and grep do. */
export function looksBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, 8192).includes(0);
}

export function countLines(text: string): number {
  if (text === "") return 0;
  return text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}

/** "+3 -1 lines": lines added and removed, once the lines both versions share at the ends are set aside. */
export function lineChangeSummary(before: string, after: string): string {
  const old = before === "" ? [] : before.split("\n");
  const now = after === "" ? [] : after.split("\n");
  let start = 0;
  while (start < old.length && start < now.length && old[start] === now[start]) start++;
  let end = 0;
  while (end < old.length - start && end < now.length - start && old[old.length - 1 - end] === now[now.length - 1 - end]) end++;
  return `+${now.length - start - end} -${old.length - start - end} lines`;
}
