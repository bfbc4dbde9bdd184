import * as pty from "node-pty";
import xtermHeadless from "@xterm/headless";
import { Unicode11Addon } from "@xterm/addon-unicode11";

const { Terminal } = xtermHeadless as unknown as typeof import("@xterm/headless");

export interface TerminalOptions {
  cols?: number;
  rows?: number;
  cwd?: string;
  env?: Record<string, string | undefined>;
}

/**
 * A program running in a real pseudo-terminal, read through a real terminal emulator with Unicode 11
 * widths: what a person would see, as text.
 */
export class TestTerminal {
  readonly term: InstanceType<typeof Terminal>;
  readonly proc: pty.IPty;
  /** Everything the program wrote, raw. */
  output = "";
  exitCode: number | undefined;
  /** Times the program rang the terminal bell (BEL outside an escape sequence, as the terminal counts it). */
  bells = 0;
  readonly exited: Promise<number>;
  private pending = Promise.resolve();

  constructor(file: string, args: string[], options: TerminalOptions = {}) {
    const cols = options.cols ?? 100;
    const rows = options.rows ?? 30;
    this.term = new Terminal({ cols, rows, allowProposedApi: true, scrollback: 0 });
    this.term.loadAddon(new Unicode11Addon());
    this.term.unicode.activeVersion = "11";
    this.term.onBell(() => this.bells++);
    const env = { ...process.env, TERM: "xterm-256color", LANG: "C.UTF-8", ...options.env } as Record<string, string>;
    for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
    this.proc = pty.spawn(file, args, { name: env.TERM ?? "xterm-256color", cols, rows, cwd: options.cwd ?? process.cwd(), env });
    this.proc.onData((data) => {
      this.output += data;
      this.pending = this.pending.then(() => new Promise<void>((resolve) => this.term.write(data, resolve)));
    });
    this.exited = new Promise((resolve) => this.proc.onExit(({ exitCode }) => {
      this.exitCode = exitCode;
      resolve(exitCode);
    }));
  }

  /** The visible screen, one string per row, right-trimmed. */
  async screen(): Promise<string[]> {
    await this.pending;
    const buffer = this.term.buffer.active;
    const lines: string[] = [];
    for (let row = 0; row < this.term.rows; row++) lines.push(buffer.getLine(buffer.viewportY + row)?.translateToString(true) ?? "");
    return lines;
  }

  async text(): Promise<string> {
    return (await this.screen()).join("\n");
  }

  /** Waits until the screen shows `expected`; on timeout, fails with what the screen showed. */
  async waitFor(expected: string | RegExp, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = await this.text();
      if (typeof expected === "string" ? text.includes(expected) : expected.test(text)) return text;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(expected)}; the screen was:\n${text}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async waitForOutput(expected: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.output.includes(expected)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for output ${JSON.stringify(expected)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  write(keys: string): void {
    this.proc.write(keys);
  }

  resize(cols: number, rows: number): void {
    this.term.resize(cols, rows);
    this.proc.resize(cols, rows);
  }

  /** True while the program has the alternate screen up. */
  async inAlternateBuffer(): Promise<boolean> {
    await this.pending;
    return this.term.buffer.active.type === "alternate";
  }

  /** Whether the cursor is shown, read from the last DECTCEM sequence written. */
  cursorVisible(): boolean {
    const show = this.output.lastIndexOf("\x1b[?25h");
    const hide = this.output.lastIndexOf("\x1b[?25l");
    return show > hide || (show === -1 && hide === -1);
  }

  kill(signal = "SIGTERM"): void {
    try {
      this.proc.kill(signal);
    } catch {
      // already gone
    }
  }
}

export const KEYS = { enter: "\r", escape: "\x1b", tab: "\t", shiftTab: "\x1b[Z", up: "\x1b[A", down: "\x1b[B", pageUp: "\x1b[5~", ctrlC: "\x03" };

/** Text as a terminal with bracketed paste on sends a paste. */
export const paste = (text: string): string => `\x1b[200~${text}\x1b[201~`;
