import type { AgentConversations } from "./run-controller.js";

/**
 * The agent runner a person's actions reach. QA owns the tests: what a conversation with QA leaves in the
 * locked files of the requirement current when it started becomes their contract, so the next green gate
 * does not take QA's fix for tampering. settled() resolves once every conversation and that recording has ended.
 */
export function personConversations(agentRunner: AgentConversations, qa: string, requirementNow: () => string, keepContract: (requirement: string) => Promise<void>) {
  const open = new Set<Promise<unknown>>();
  const converse: AgentConversations["converse"] = (agent, prompt, fresh) => {
    const requirement = requirementNow();
    const conversation = agentRunner.converse(agent, prompt, fresh, requirement || undefined).finally(() => (agent === qa && requirement ? keepContract(requirement) : undefined));
    open.add(conversation);
    const forget = () => open.delete(conversation);
    conversation.then(forget, forget);
    return conversation;
  };
  return { agents: { converse } satisfies AgentConversations, settled: () => Promise.allSettled([...open]) };
}
