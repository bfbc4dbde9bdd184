import { tamperNote, type TamperAttempt } from "../domain/tamper.js";
import type { EventBus } from "../events/event-bus.js";
import type { StateStore } from "../store/state-store.js";

/** The notes a row keeps for the reviewer: the latest ones, so a long fight cannot grow the matrix without end. */
const NOTES_KEPT = 20;

/** Counts a tamper attempt on the requirement's row and keeps its note (saved first), then publishes tamper_refused. */
export async function recordTamper(store: StateStore, bus: EventBus, requirement: string, attempt: TamperAttempt): Promise<void> {
  let attempts = 1;
  await store.update((draft) => {
    const row = draft.matrix.requirements.find((candidate) => candidate.id === requirement);
    if (!row) return;
    attempts = (row.tamperAttempts ?? 0) + 1;
    row.tamperAttempts = attempts;
    row.tamperNotes = [...(row.tamperNotes ?? []), tamperNote(attempt)].slice(-NOTES_KEPT);
  });
  bus.publish({ type: "tamper_refused", requirement, ...attempt, attempts }, requirement);
}
