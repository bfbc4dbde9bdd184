import { removeAllTempFolders } from "./own-temp-folders.js";

/**
 * Every process group we started and that may still be alive. When greenlight exits or is told to
 * stop, they are killed outright: there is no time left for a grace period. Its scratch folders go
 * with them, as the process is about to end: on exit, or on a signal nobody else handles.
 */
const live = new Set<number>();
let hooked = false;

export function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // The group is already gone.
  }
}

function killAll(): void {
  for (const pgid of live) killGroup(pgid, "SIGKILL");
  live.clear();
}

function atExit(): void {
  killAll();
  removeAllTempFolders();
}

function onSignal(signal: NodeJS.Signals): void {
  killAll();
  // Someone else (the TUI, the orchestrator) handles this signal: leave the exit to them.
  if (process.listenerCount(signal) > 1) return;
  removeAllTempFolders();
  process.removeListener("SIGINT", onSignal);
  process.removeListener("SIGTERM", onSignal);
  process.kill(process.pid, signal);
}

/** Hooked before the first spawn: a signal arriving while a group starts must find us listening. */
export function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on("exit", atExit);
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}

export function trackGroup(pgid: number): void {
  live.add(pgid);
}

export function untrackGroup(pgid: number): void {
  live.delete(pgid);
}
