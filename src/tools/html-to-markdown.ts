import type TurndownService from "turndown";

const SILENT = new Set(["script", "style", "noscript", "iframe", "object", "embed", "template", "svg"]);
let converter: Promise<TurndownService> | undefined;

/**
 * turndown parses with its bundled DOM (domino) on Node, so no browser DOM is needed. It is loaded on
 * the first HTML page, not when the tools are: a session that never fetches never pays for it.
 * Scripts, styles and embedded objects carry no text a model should read.
 */
function load(): Promise<TurndownService> {
  converter ??= import("turndown").then(({ default: Turndown }) => {
    const turndown = new Turndown({ headingStyle: "atx", codeBlockStyle: "fenced", bulletListMarker: "-" });
    turndown.remove((node) => SILENT.has(String(node.nodeName).toLowerCase()));
    return turndown;
  });
  return converter;
}

export async function htmlToMarkdown(html: string): Promise<string> {
  return (await load()).turndown(html).replace(/\n{3,}/g, "\n\n").trim();
}
