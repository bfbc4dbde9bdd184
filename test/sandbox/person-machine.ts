import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { createServer, type Server, type Socket } from "node:net";
import { dirname, join } from "node:path";

export const PLANTED_KEY = "-----BEGIN OPENSSH PRIVATE KEY----- planted-key-material";
export const RC_LINE = "echo RC-FILE-WAS-READ";

/**
 * A person's machine in miniature, outside the host's /tmp (which the sandbox hides wholesale, and
 * where a refusal would prove less): a project that is a real git repository with greenlight's state
 * folder, a HOME with a planted SSH key, .netrc and .bashrc, and a folder outside the project.
 */
export interface PersonMachine {
  root: string;
  project: string;
  home: string;
  outside: string;
  stateDir: string;
  env: Record<string, string>;
  write(relativePath: string, content: string): Promise<string>;
  remove(): Promise<void>;
}

export async function createPersonMachine(): Promise<PersonMachine> {
  await mkdir("/var/tmp", { recursive: true });
  const root = await realpath(await mkdtemp("/var/tmp/greenlight-sandbox-test-"));
  const project = join(root, "project");
  const home = join(root, "home");
  const outside = join(root, "outside");
  const stateDir = join(project, ".greenlight");
  const write = async (path: string, content: string): Promise<string> => {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
    return path;
  };
  await write(join(home, ".ssh", "id_ed25519"), `${PLANTED_KEY}\n`);
  await write(join(home, ".netrc"), "machine example.com login me password planted-netrc\n");
  await write(join(home, ".bashrc"), `${RC_LINE}\n`);
  await write(join(outside, "secret.txt"), "outside secret\n");
  await write(join(stateDir, "state.json"), "{}\n");
  await write(join(project, "src", "app.js"), "console.log('app')\n");
  const git = (...args: string[]) => execFileSync("git", args, { cwd: project, stdio: "ignore", env: { ...process.env, HOME: home } });
  git("init", "-q");
  git("-c", "user.email=t@example.com", "-c", "user.name=t", "add", "src");
  git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "start");
  return {
    root,
    project,
    home,
    outside,
    stateDir,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, BASH_ENV: join(home, ".bashrc") },
    write: (relativePath, content) => write(join(project, relativePath), content),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/** A TCP server on the host's loopback: what a command inside the sandbox must not reach. */
export async function hostServer(reply: string): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  let count = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    socket.end(`HTTP/1.1 200 OK\r\ncontent-length: ${reply.length + 1}\r\nconnection: close\r\n\r\n${reply}\n`);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return { port: address.port, connections: () => count, close: () =>
      new Promise((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  };
}
