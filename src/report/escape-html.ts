const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "`": "&#96;" };

/**
 * Text for HTML content and quoted attribute values. Everything in the report that came from an agent,
 * a spec or a test's output goes through here: none of it may become markup or script.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (character) => ENTITIES[character]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "\uFFFD");
}

/** An id usable in an element id and a #fragment: requirement ids come from spec files. */
export function anchorId(requirement: string): string {
  return `req-${requirement.replace(/[^A-Za-z0-9_-]/g, (character) => `_${character.charCodeAt(0).toString(16)}`)}`;
}
