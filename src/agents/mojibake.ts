/** Bytes 0x80-0xFF as Mac OS Roman decodes them. */
const MAC_ROMAN_HIGH =
  "ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûü†°¢£§•¶ß®©™´¨≠ÆØ∞±≤≥¥µ∂∑∏π∫ªºΩæø¿¡¬√ƒ≈∆«»…\u00a0ÀÃÕŒœ–—“”‘’÷◊ÿŸ⁄€‹›ﬁﬂ‡·‚„‰ÂÊÁËÈÍÎÏÌÓÔ\uf8ffÒÚÛÙıˆ˜¯˘˙˚¸˝˛ˇ";
/** Bytes 0x80-0x9F as Windows-1252 decodes them (the five unassigned ones pass through as C1 controls). */
const CP1252_C1 = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";

function byteTable(high: string, from: number): Map<string, number> {
  const table = new Map<string, number>();
  [...high].forEach((char, index) => table.set(char, from + index));
  return table;
}

const MAC_ROMAN = byteTable(MAC_ROMAN_HIGH, 0x80);
const CP1252 = byteTable(CP1252_C1, 0x80);
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function reencode(text: string, table: Map<string, number>, latin1Passes: boolean): string | null {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const mapped = table.get(char);
    if (mapped !== undefined) bytes.push(mapped);
    else if (code < 0x80 || (latin1Passes && code >= 0xa0 && code <= 0xff)) bytes.push(code);
    else return null;
  }
  try {
    return strictUtf8.decode(new Uint8Array(bytes));
  } catch {
    return null;
  }
}

/**
 * The readings of a name that was UTF-8 but got decoded as cp1252 or MacRoman somewhere on its way
 * (sample 000's `ðŸ’€ Frontend Dev` is `💀 Frontend Dev`). Only readings that change the text count.
 */
export function repairedReadings(text: string): string[] {
  if (/^[\x00-\x7f]*$/.test(text)) return [];
  const readings = [reencode(text, CP1252, true), reencode(text, MAC_ROMAN, false)];
  return readings.filter((reading): reading is string => reading !== null && reading !== text);
}
