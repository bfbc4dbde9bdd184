/** One line of `greenlight doctor`: what was checked, what was found, and what to do when it is not right. */
export interface CheckResult {
  name: string;
  /** "fail": `greenlight run` cannot work; "warn": it runs, with less (no sandbox, no price). */
  status: "ok" | "warn" | "fail";
  detail: string;
  fix?: string;
}

export const ok = (name: string, detail: string): CheckResult => ({ name, status: "ok", detail });
export const warn = (name: string, detail: string, fix: string): CheckResult => ({ name, status: "warn", detail, fix });
export const fail = (name: string, detail: string, fix: string): CheckResult => ({ name, status: "fail", detail, fix });
