/** The folder a spec file sits in, which names its feature (`specs/001-photo-albums/spec.md` -> `001-photo-albums`). */
export function featureFolder(path: string): string {
  const parts = path.split("/");
  return parts.length >= 2 ? parts[parts.length - 2]! : "spec";
}

/** A short title from a requirement's text: its first sentence, at most 100 characters. */
export function requirementTitle(text: string): string {
  const first = text.split("\n")[0]!.trim();
  const sentence = /^(.+?[.!?])(?:\s|$)/.exec(first)?.[1] ?? first;
  const bare = sentence.replace(/[.]$/, "");
  return bare.length <= 100 ? bare : `${bare.slice(0, 99).trimEnd()}…`;
}
