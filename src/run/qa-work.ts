import type { EventBus } from "../events/event-bus.js";
import { applyQaWork } from "../gates/test-contract.js";
import type { TestLock } from "../gates/test-lock.js";
import { takeSnapshot } from "../project/project-snapshot.js";
import type { StateStore } from "../store/state-store.js";

/**
 * Watches a conversation a person started with QA: the project before it, and when it ends, what QA
 * changed in locked tests and the harness recorded as the contract (the lock follows), with a log line.
 */
export function qaWorkWatcher(options: {
  store: StateStore;
  bus: EventBus;
  /** Where the requirement is worked on (the project, or its lane's worktree) and its lock. */
  placeOf: (requirement: string) => { dir: string; lock: TestLock };
  testCommand: string;
}) {
  const { store, bus } = options;
  return async (requirement: string): Promise<() => Promise<void>> => {
    const place = options.placeOf(requirement);
    const snapshot = () => takeSnapshot(place.dir, [store.stateDir]);
    const before = await snapshot();
    return async () => {
      const after = await snapshot();
      let work = { recorded: [] as string[], retired: [] as string[] };
      await store.update((draft) => {
        work = applyQaWork(draft.matrix.requirements, requirement, before.files, after.files, options.testCommand);
      });
      const harness = store.snapshot().matrix.requirements.find((row) => row.id === requirement)?.tests.harness;
      if (harness) place.lock.lockHarness(harness);
      if (work.recorded.length > 0) bus.publish({ type: "log", level: "info", message: `${requirement}: QA changed ${work.recorded.join(", ")}; the green gate holds the backend to that now` }, requirement);
      if (work.retired.length > 0) bus.publish({ type: "log", level: "info", message: `${requirement}: QA removed the test(s) ${work.retired.join(", ")}; they are no longer required` }, requirement);
    };
  };
}
