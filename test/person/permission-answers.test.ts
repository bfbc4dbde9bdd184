import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AgentDefinition } from "../../src/domain/agent-definition.js";
import type { RunEvent } from "../../src/domain/events.js";
import { EventBus } from "../../src/events/event-bus.js";
import { Inbox } from "../../src/person/inbox.js";
import { RunController } from "../../src/person/run-controller.js";
import { AgentSessions } from "../../src/person/agent-sessions.js";
import { MessageQueue } from "../../src/person/message-queue.js";
import { readOpencodePermissions } from "../../src/permissions/opencode-permission.js";

import { createScriptedProvider } from "../../src/provider/scripted-provider.js";
import { createPermissionGate, drainSession, runSession } from "../../src/runtime/index.js";
import { createToolset, Workspace } from "../../src/tools/index.js";
import { runnerForTest } from "../support/process-runners.js";

/**
 * The person's three answers to a call that asks, through the real inbox and run controller, in a real
 * session running real shell commands: deny with a note the agent sees, allow for the session (the next
 * matching call is not asked), allow once.
 */

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "greenlight-answers-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const agent: AgentDefinition = {
  name: "guarded",
  description: "",
  prompt: "",
  dialect: "opencode",
  source: { file: "guarded.md", origin: ".opencode/agent" },
  tools: { mode: "all", capabilities: [], raw: [] },
  model: "inherit",
  handoffs: [],
  permissions: { rules: readOpencodePermissions({ bash: { "*": "allow", "touch*": "ask" } }, "permission", "guarded.md").rules, onAsk: "ask" },
  frontmatter: {},
};

const touch = (id: string, file: string) => ({ content: [{ type: "text" as const, text: `Creating ${file}.` }, { type: "tool_use" as const, id, name: "Bash", input: { command: `touch ${file}` } }] });

describe("the person's answers to a permission", () => {
  it("deny with a note, allow for the session, then no question for the next matching call", async () => {
    const bus = new EventBus("r");
    const events: RunEvent[] = [];
    bus.subscribe((event) => events.push(event));
    const inbox = new Inbox(bus);
    const controller = new RunController(bus, new AbortController());
    controller.connect({ inbox, sessions: new AgentSessions(new AbortController().signal), messages: new MessageQueue(() => undefined), agents: { converse: async () => undefined }, currentRequirement: () => undefined, cannotConverse: () => undefined, diff: async () => undefined });
    const answers = ["deny", "session"];
    bus.subscribe((event) => {
      if (event.type !== "inbox_added" || event.item.kind !== "permission") return;
      const answer = answers.shift();
      queueMicrotask(() => (answer === "deny" ? controller.deny(event.item.id, "not in this folder") : controller.allow(event.item.id, "session")));
    });
    const provider = createScriptedProvider({ version: 1, scripts: [{ agent: "guarded", turns: [touch("t1", "one"), touch("t2", "two"), touch("t3", "three"), { content: [{ type: "text", text: "done" }] }] }] });
    const workspace = await Workspace.create({ projectDir: dir, protectedDirs: [] });
    const gate = createPermissionGate({
      agent,
      projectDir: dir,
      askPerson: async (request, signal) => {
        const reply = await inbox.ask({ kind: "permission", agent: request.agent, text: `${request.tool} ${request.subject}`, permission: { ...request } }, signal);
        if (reply?.kind === "allow") return { kind: "allow", scope: reply.scope };
        return reply?.kind === "deny" ? { kind: "deny", note: reply.note } : undefined;
      },
    });
    const tools = createToolset({ workspace, capabilities: agent.tools, runner: runnerForTest(), env: {} });
    const outcome = await drainSession(runSession({ agent, model: "m", provider, tools, prompt: "go", signal: new AbortController().signal, permissions: gate }), (event) => bus.publish(event));

    expect(existsSync(join(dir, "one"))).toBe(false);
    expect(existsSync(join(dir, "two"))).toBe(true);
    expect(existsSync(join(dir, "three"))).toBe(true);
    expect(events.filter((event) => event.type === "inbox_added")).toHaveLength(2);
    expect(events.filter((event) => event.type === "inbox_added")[0]).toMatchObject({ item: { kind: "permission", permission: { tool: "Bash", subject: "touch one", reason: "Creating one.", rules: ['bash "touch*": ask (permission.bash in guarded.md)'] } } });
    expect(events.filter((event) => event.type === "permission_decided").map((event) => [event.subject, event.decision, event.by, event.note])).toEqual([
      ["touch one", "deny", "person", "not in this folder"],
      ["touch two", "allow", "person", undefined],
      ["touch three", "allow", "session", undefined],
    ]);
    expect(events.filter((event) => event.type === "inbox_resolved").map((event) => event.resolution)).toEqual(["denied: not in this folder", "allowed for the session"]);
    const denial = outcome.messages.flatMap((message) => (typeof message.content === "string" ? [] : message.content)).find((block) => block.type === "tool_result" && block.tool_use_id === "t1");
    expect(denial).toMatchObject({ is_error: true, content: expect.stringContaining("Their note: not in this folder") });
  });

  it("tells a person who answers a permission the wrong way what it takes", () => {
    const inbox = new Inbox(new EventBus("r"));
    void inbox.ask({ kind: "permission", agent: "a", text: "Bash x" }, new AbortController().signal);
    expect(inbox.reply("permission-a-1", { kind: "answer", text: "yes" })).toBe("inbox item 'permission-a-1' is a permission: allow it (once or for the session) or deny it");
  });
});
