/** The loopback port inside the sandbox where commands find greenlight's proxy (their network namespace is their own). */
export const PROXY_PORT = 3128;

/**
 * Runs inside the sandbox as `node -e SOURCE SOCKET PORT PROGRAM ARGS...`: listens on the loopback
 * port, passes each connection to the proxy's unix socket, and once listening runs the command and
 * ends with its exit status. It is a function rather than a file so that its source travels with the
 * module (built or not); it may use nothing from outside its own body.
 */
function forwardThenRun(): void {
  const net = process.getBuiltinModule("node:net");
  const { spawn } = process.getBuiltinModule("node:child_process");
  const { constants } = process.getBuiltinModule("node:os");
  const [socketPath, port, program, ...args] = process.argv.slice(1);
  const server = net.createServer((client) => {
    const upstream = net.connect(socketPath!);
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  server.listen(Number(port), "127.0.0.1", () => {
    // The whole process group gets the signal: the command decides how to end, we wait for it.
    for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) process.on(signal, () => undefined);
    const child = spawn(program!, args, { stdio: "inherit" });
    child.on("error", (error) => {
      process.stderr.write(`${program}: ${error.message}\n`);
      process.exit(127);
    });
    child.on("exit", (code, signal) => process.exit(signal ? 128 + (constants.signals[signal] ?? 0) : (code ?? 1)));
  });
}

export const FORWARDER_SOURCE = `(${forwardThenRun.toString()})()`;
