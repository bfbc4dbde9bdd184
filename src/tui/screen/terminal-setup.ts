import { PACKAGE_ASSETS } from "../../domain/package-assets.js";
import type blessed from "neo-blessed";
import { createBlessedScreen, Tput } from "./blessed-widgets.js";

/** Legacy-format copies of the 256-colour entries; blessed cannot read ncurses 6's 32-bit format. */
const SHIPPED_TERMINFO = PACKAGE_ASSETS.terminfo;

export function useShippedTerminfo(): void {
  const paths = Array.isArray(Tput.ipaths) ? Tput.ipaths : [];
  if (paths[0] !== SHIPPED_TERMINFO) Tput.ipaths = [SHIPPED_TERMINFO, ...paths.filter((path) => path !== SHIPPED_TERMINFO)];
}

/** The locale decides whether box-drawing characters will show; the first set variable wins, as in C. */
export function localeIsUtf8(env: NodeJS.ProcessEnv): boolean {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || "";
  return /utf-?8/i.test(locale);
}

export function colourWanted(env: NodeJS.ProcessEnv): boolean {
  return env.NO_COLOR === undefined || env.NO_COLOR === "";
}

export function createScreen(utf8: boolean): blessed.Widgets.Screen {
  useShippedTerminfo();
  return createBlessedScreen({
    smartCSR: true,
    fullUnicode: utf8,
    forceUnicode: utf8,
    autoPadding: false,
    warnings: false,
    title: "greenlight",
    dockBorders: false,
    sendFocus: false,
  });
}
