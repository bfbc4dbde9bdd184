import { closeSync, constants, fsyncSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { StateStoreError } from "./state-errors.js";

interface LockOwner {
  pid: number;
  /** The kernel's start time of the process, so a recycled pid is not mistaken for the holder. */
  processStart?: string;
  host: string;
  startedAt: string;
}

export interface StateLock {
  readonly path: string;
  release(): void;
}

const CREATE_EXCLUSIVE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/** Field 22 of /proc/<pid>/stat (start time in clock ticks); undefined where /proc is not available. */
function processStartOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

function isAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const start = processStartOf(owner.pid);
  return owner.processStart === undefined || start === undefined || start === owner.processStart;
}

function readOwner(path: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(path, "utf8")) as LockOwner;
    return typeof owner.pid === "number" ? owner : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    // Unreadable content: either its creator is writing it right now, or it crashed in between.
    return isFresh(path) ? undefined : { pid: 0, host: hostname(), startedAt: "unknown" };
  }
}

function isFresh(path: string): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs < 2000;
  } catch {
    return false;
  }
}

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function createLockFile(path: string, owner: LockOwner): boolean {
  let fd: number;
  try {
    fd = openSync(path, CREATE_EXCLUSIVE, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw new StateStoreError(`cannot create the lock ${path}: ${(error as Error).message}`, "io");
  }
  try {
    writeSync(fd, JSON.stringify(owner) + "\n");
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

function sameOwner(a: LockOwner | undefined, b: LockOwner): boolean {
  return a !== undefined && a.pid === b.pid && a.processStart === b.processStart && a.startedAt === b.startedAt;
}

/**
 * Removes a lock whose owner died. Two processes may find the same dead lock at once; the takeover
 * file makes only one of them remove it, so neither can delete the lock the other has just created.
 */
function removeDeadLock(path: string, dead: LockOwner, self: LockOwner): void {
  const takeover = `${path}.takeover`;
  if (!createLockFile(takeover, self)) {
    const other = readOwner(takeover);
    if (other && !isAlive(other)) unlinkSync(takeover);
    return;
  }
  try {
    if (sameOwner(readOwner(path), dead)) unlinkSync(path);
  } finally {
    unlinkSync(takeover);
  }
}

function lockedMessage(stateDir: string, owner: LockOwner): string {
  const who = owner.pid === process.pid ? `this process (pid ${owner.pid})` : `another greenlight (pid ${owner.pid}, since ${owner.startedAt})`;
  return (
    `the state folder ${stateDir} is in use by ${who}; ` +
    `wait for it to finish or stop it, or use another --state folder (read-only commands like 'greenlight tasks' still work)`
  );
}

/** Takes the one-writer lock of a state folder, or throws a StateStoreError naming the holder. */
export function acquireStateLock(stateDir: string): StateLock {
  const path = join(stateDir, "lock");
  const self: LockOwner = { pid: process.pid, processStart: processStartOf(process.pid), host: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 50; attempt++) {
    if (attempt > 0) pause(50);
    if (createLockFile(path, self)) {
      return {
        path,
        release: () => {
          if (sameOwner(readOwner(path), self)) unlinkSync(path);
        },
      };
    }
    const owner = readOwner(path);
    if (owner === undefined) continue;
    if (isAlive(owner)) throw new StateStoreError(lockedMessage(stateDir, owner), "locked");
    removeDeadLock(path, owner, self);
  }
  throw new StateStoreError(`could not take the lock ${path}: other processes keep racing for it; retry`, "locked");
}
