import type { AgentConversations } from "./run-controller.js";

/**
 * The agent runner a person's actions reach. QA owns the tests and the harness: what a conversation with
 * QA changes in them (for the requirement current when it started) becomes the contract, so the next green
 * gate does not take QA's fix for tampering. `watchQa` is called as QA's conversation starts and returns
 * what records QA's work when it ends. settled() resolves once every conversation and that recording has ended.
 */
export function personConversations(agentRunner: AgentConversations, qa: string, requirementNow: () => string, watchQa: (requirement: string) => Promise<() => Promise<void>>) {
  const open = new Set<Promise<unknown>>();
  const converse: AgentConversations["converse"] = (agent, prompt, fresh, lane) => {
    const requirement = lane ?? requirementNow();
    const watching = agent === qa && requirement ? watchQa(requirement) : Promise.resolve(undefined);
    const conversation = watching.then(async (recordWork) => {
      try {
        return await agentRunner.converse(agent, prompt, fresh, requirement || undefined);
      } finally {
        await recordWork?.();
      }
    });
    open.add(conversation);
    const forget = () => open.delete(conversation);
    conversation.then(forget, forget);
    return conversation;
  };
  return { agents: { converse } satisfies AgentConversations, settled: () => Promise.allSettled([...open]) };
}
