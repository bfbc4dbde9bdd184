import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeTempFolderSync, removeTempFolderSync } from "./own-temp-folders.js";

/**
 * A runner's own folder under the host's temp folder, made on first need and removed when the runner
 * closes (or, failing that, when greenlight exits): `tmp/` is what sandboxed commands see as /tmp (and
 * where a command leaves its last working folder), `locked` an empty file nobody may read, mounted over
 * hidden secret files, and the proxy's socket lives here.
 */
export class ScratchFolder {
  private dir: string | undefined;

  get root(): string {
    if (this.dir === undefined) {
      this.dir = makeTempFolderSync("greenlight-sandbox-");
      mkdirSync(join(this.dir, "tmp"), { mode: 0o700 });
      writeFileSync(join(this.dir, "locked"), "", { mode: 0o000 });
    }
    return this.dir;
  }

  get privateTmp(): string {
    return join(this.root, "tmp");
  }

  get lockedFile(): string {
    return join(this.root, "locked");
  }

  get proxySocket(): string {
    return join(this.root, "proxy.sock");
  }

  /** Removes the folder, what commands left in its /tmp included; the next command makes a new one. */
  remove(): void {
    if (this.dir === undefined) return;
    removeTempFolderSync(this.dir);
    this.dir = undefined;
  }
}
