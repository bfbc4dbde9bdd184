import type { IntegrationState } from "../../domain/traceability.js";

export interface QueueEntry {
  requirement: string;
  state: IntegrationState;
}

/**
 * One integration at a time, first come first served: an approved requirement waits here while another
 * is merged and gated, so each is merged onto a head that already holds everything integrated before it.
 * Every change of order or state is told to `onChange` (the merge_queue event).
 */
export class MergeQueue {
  private readonly entries: QueueEntry[] = [];
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly onChange: (entries: QueueEntry[]) => void) {}

  /** Queues the integration; `work` runs once every integration queued before it has ended. */
  integrate<T>(requirement: string, work: (setState: (state: IntegrationState) => void) => Promise<T>): Promise<T> {
    this.entries.push({ requirement, state: "queued" });
    this.changed();
    const setState = (state: IntegrationState) => {
      const entry = this.entries.find((candidate) => candidate.requirement === requirement);
      if (entry) entry.state = state;
      this.changed();
    };
    const turn = this.tail.then(() => work(setState));
    this.tail = turn.catch(() => undefined);
    const leave = () => {
      this.entries.splice(
        this.entries.findIndex((entry) => entry.requirement === requirement),
        1,
      );
      this.changed();
    };
    turn.then(leave, leave);
    return turn;
  }

  private changed(): void {
    this.onChange(this.entries.map((entry) => ({ ...entry })));
  }
}
