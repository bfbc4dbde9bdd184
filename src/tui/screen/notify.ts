/** How the workspace tells a person that something waits for them; each can be turned off. */
export interface NotifySettings {
  bell: boolean;
  /** The desktop-notification escape the terminal understands, if it is known to understand one. */
  desktop: "osc9" | "osc777" | undefined;
}

const OFF = /^(0|off|no|false)$/i;

/** Terminals known to show OSC 9 or OSC 777 notifications; others (and tmux, which drops them) get none. */
function desktopEscape(env: NodeJS.ProcessEnv): NotifySettings["desktop"] {
  const forced = env.GREENLIGHT_NOTIFY;
  if (forced === "osc9" || forced === "osc777") return forced;
  if (forced !== undefined && OFF.test(forced)) return undefined;
  if (env.TMUX || env.STY) return undefined;
  if (env.WT_SESSION || ["iTerm.app", "WezTerm", "ghostty"].includes(env.TERM_PROGRAM ?? "") || env.TERM === "xterm-kitty") return "osc9";
  if (env.VTE_VERSION || /^(foot|rxvt)/.test(env.TERM ?? "")) return "osc777";
  return undefined;
}

/** GREENLIGHT_BELL=off silences the bell; GREENLIGHT_NOTIFY=off turns desktop notifications off (osc9 or osc777 forces one). */
export function notifySettings(env: NodeJS.ProcessEnv): NotifySettings {
  return { bell: !OFF.test(env.GREENLIGHT_BELL ?? ""), desktop: desktopEscape(env) };
}

/** The bytes that ring the bell and raise a notification; text is cut and stripped of control characters. */
export function notificationBytes(settings: NotifySettings, body: string): string {
  const text = body.replace(/[\x00-\x1f\x7f-\x9f;]/g, " ").slice(0, 200);
  const desktop = settings.desktop === "osc9" ? `\x1b]9;greenlight: ${text}\x07` : settings.desktop === "osc777" ? `\x1b]777;notify;greenlight;${text}\x07` : "";
  return `${settings.bell ? "\x07" : ""}${desktop}`;
}
