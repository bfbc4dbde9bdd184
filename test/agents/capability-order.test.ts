import { describe, expect, it } from "vitest";
import { CAPABILITIES } from "../../src/domain/agent-definition.js";
import { CAPABILITY_ORDER } from "../../src/agents/capability-order.js";

describe("capability order", () => {
  it("is the domain's CAPABILITIES, element for element", () => {
    expect([...CAPABILITY_ORDER]).toEqual([...CAPABILITIES]);
  });
});
