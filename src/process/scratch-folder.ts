import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const made = new Set<string>();
let hooked = false;

function removeAll(): void {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made.clear();
}

/**
 * A runner's own folder under the host's temp folder, removed when greenlight exits: `tmp/` is what
 * sandboxed commands see as /tmp (and where a command leaves its last working folder), `locked` an
 * empty file nobody may read, mounted over hidden secret files, and the proxy's socket lives here.
 */
export class ScratchFolder {
  private dir: string | undefined;

  get root(): string {
    if (this.dir === undefined) {
      this.dir = mkdtempSync(join(tmpdir(), "greenlight-sandbox-"));
      made.add(this.dir);
      if (!hooked) {
        hooked = true;
        process.on("exit", removeAll);
      }
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
}
