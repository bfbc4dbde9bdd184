import blessed from "neo-blessed";
import { describe, expect, it } from "vitest";
import { colourWanted, localeIsUtf8, useShippedTerminfo } from "../../src/tui/screen/terminal-setup.js";

describe("terminal setup", () => {
  it.each(["xterm-256color", "screen-256color", "tmux-256color"])("reads the shipped legacy %s entry with 256 colours", (terminal) => {
    useShippedTerminfo();
    const tput = new (blessed as unknown as { Tput: new (options: object) => { colors: number; info: { name?: string } } }).Tput({ terminal });
    expect(tput.colors).toBe(256);
    expect((blessed as unknown as { Tput: { ipaths: string[] } }).Tput.ipaths[0]).toBe(`${process.cwd()}/terminfo/`);
  });

  it("decides on UTF-8 from LC_ALL, then LC_CTYPE, then LANG", () => {
    expect(localeIsUtf8({ LANG: "en_US.UTF-8" })).toBe(true);
    expect(localeIsUtf8({ LC_ALL: "C", LANG: "en_US.UTF-8" })).toBe(false);
    expect(localeIsUtf8({ LC_CTYPE: "C.utf8" })).toBe(true);
    expect(localeIsUtf8({})).toBe(false);
  });

  it("honours NO_COLOR when it is set and not empty", () => {
    expect(colourWanted({ NO_COLOR: "1" })).toBe(false);
    expect(colourWanted({ NO_COLOR: "" })).toBe(true);
    expect(colourWanted({})).toBe(true);
  });
});
