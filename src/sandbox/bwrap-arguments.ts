import { relative, isAbsolute, sep } from "node:path";
import type { DeniedPaths } from "./denied-paths.js";

export interface SandboxLayout {
  /** The folder the command may change: the project, or the requirement's worktree. */
  root: string;
  cwd: string;
  /** A folder of greenlight's own, seen as /tmp inside. */
  privateTmp: string;
  /** The host's temp folder, hidden behind the private one. */
  hostTmp: string;
  /** Writable too (greenlight.json's filesystem.allowWrite), existing ones only. */
  allowWrite: string[];
  /** Read-only inside the writable folders: .git, the state folder. */
  readOnly: string[];
  /**
   * Under the host's temp folder yet needed read-only: where the project's linked dependency folders
   * (node_modules, .venv) really live when that is a temp folder.
   */
  readable: string[];
  denied: DeniedPaths;
  /** An empty file nobody may read, mounted over each denied file. */
  lockedFile: string;
  proxySocket?: string;
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * bubblewrap's arguments for one command. Order matters: later mounts cover earlier ones, so the
 * whole machine read-only comes first, then the private /tmp, the writable folders, and last what
 * must stay read-only or hidden inside them. No capabilities are kept, even for root (otherwise root
 * could remount / read-write), and the command gets its own user, PID, IPC, UTS and network
 * namespaces: its network has only a loopback device.
 */
export function bwrapArguments(layout: SandboxLayout): string[] {
  const args = ["--unshare-user", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-net", "--cap-drop", "ALL", "--die-with-parent"];
  args.push("--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--bind", layout.privateTmp, "/tmp");
  for (const path of layout.readable.filter((candidate) => isInside(layout.hostTmp, candidate))) args.push("--ro-bind", path, path);
  const writable = [layout.root, ...layout.allowWrite];
  for (const dir of writable) args.push("--bind", dir, dir);
  for (const path of layout.readOnly) {
    if (writable.some((dir) => isInside(dir, path))) args.push("--ro-bind", path, path);
  }
  // Under the host's /tmp and outside every writable folder, a secret is already out of sight.
  const visible = (path: string): boolean => !isInside(layout.hostTmp, path) || writable.some((dir) => isInside(dir, path));
  for (const dir of layout.denied.dirs.filter(visible)) args.push("--perms", "0000", "--tmpfs", dir);
  for (const file of layout.denied.files.filter(visible)) args.push("--ro-bind", layout.lockedFile, file);
  if (layout.proxySocket) args.push("--ro-bind", layout.proxySocket, layout.proxySocket);
  args.push("--chdir", layout.cwd);
  return args;
}
