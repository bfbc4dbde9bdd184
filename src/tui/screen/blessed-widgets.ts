import { createRequire } from "node:module";
import type blessed from "neo-blessed";

/**
 * Only the widgets the workspace uses, loaded with `require`: the package's index loads all 37 widgets,
 * and importing CommonJS files from ESM makes Node scan their source for exports first. Together that
 * was ~25 ms of the start-up budget.
 */
const load = createRequire(import.meta.url);

export const createBlessedScreen = load("neo-blessed/lib/widgets/screen.js") as (options?: blessed.Widgets.IScreenOptions) => blessed.Widgets.Screen;
export const createBox = load("neo-blessed/lib/widgets/box.js") as (options?: blessed.Widgets.BoxOptions) => blessed.Widgets.BoxElement;
/** The terminfo reader, shared with the widgets: its search path decides which entries they get. */
export const Tput = load("neo-blessed/lib/tput.js") as { ipaths?: string[] };
