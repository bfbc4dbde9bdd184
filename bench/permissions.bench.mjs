// The permission decision taken before every tool call, for a realistic opencode rule set: a plain
// command, compound lines (each part decided), a nested shell, and a file path.
import { decide } from "../dist/permissions/decide.js";
import { readOpencodePermissions } from "../dist/permissions/opencode-permission.js";

const permission = {
  "*": "ask",
  read: "allow",
  edit: { "*": "allow", "**/*.env*": "deny", "node_modules/**": "deny" },
  bash: { "*": "allow", "git push*": "ask", "rm -rf*": "deny", "sudo *": "deny", "curl *": "ask", "docker *": "ask" },
};
const layers = { agent: { rules: readOpencodePermissions(permission, "permission", "bench.md").rules, onAsk: "ask" }, team: [], granted: [] };
const calls = [
  ["bash", { kind: "command", command: "npm test" }],
  ["bash", { kind: "command", command: "git add . && git commit -m 'x' && git push origin main" }],
  ["bash", { kind: "command", command: "echo $(cat a | grep b) > c; rm -rf build" }],
  ["bash", { kind: "command", command: "sh -c 'make && make install'" }],
  ["write", { kind: "path", paths: ["src/deep/a.ts", "/project/src/deep/a.ts"] }],
];
for (const [capability, subject] of calls) {
  for (let i = 0; i < 1000; i++) decide(layers, capability, subject);
  const n = 20000;
  const start = performance.now();
  for (let i = 0; i < n; i++) decide(layers, capability, subject);
  const micros = ((performance.now() - start) / n) * 1000;
  console.log(`permission decision ${micros.toFixed(1).padStart(6)} µs  ${capability} ${subject.command ?? subject.paths[0]}`);
}
