/** How a rule's glob reads its subject: a command line, or a path (where `*` may or may not cross folders). */
export type GlobKind = "command" | { path: true; starCrossesFolders: boolean };

const ESCAPE = /[.+^${}()|[\]\\]/g;

/**
 * A rule's glob as an anchored regular expression. `*` is any run of characters (within one folder for
 * Claude Code paths), `**` any run across folders, `?` one character. A command pattern ending in ` *`
 * also matches the bare command (`git status *` matches `git status`), as opencode documents; a path
 * pattern without a `/` matches the name at any depth, as gitignore (and Claude Code) read it.
 */
export function globToRegExp(pattern: string, kind: GlobKind): RegExp {
  const crosses = kind === "command" || kind.starCrossesFolders;
  let body = pattern;
  let optionalTail = "";
  if (kind === "command" && body.endsWith(" *")) {
    body = body.slice(0, -2);
    optionalTail = "(?: .*)?";
  }
  let source = "";
  for (let index = 0; index < body.length; index++) {
    const char = body[index]!;
    if (char === "*" && body[index + 1] === "*") {
      const slash = body[index + 2] === "/";
      source += slash ? "(?:.*/)?" : ".*";
      index += slash ? 2 : 1;
    } else if (char === "*") source += crosses ? ".*" : "[^/]*";
    else if (char === "?") source += crosses ? "." : "[^/]";
    else source += char.replace(ESCAPE, "\\$&");
  }
  const anyDepth = kind !== "command" && !body.includes("/") ? "(?:.*/)?" : "";
  return new RegExp(`^${anyDepth}${source}${optionalTail}$`, "s");
}

/** How specific a pattern is: its count of literal characters (the most specific matching rule decides). */
export function literalLength(pattern: string): number {
  return pattern.replace(/[*?]/g, "").length;
}
