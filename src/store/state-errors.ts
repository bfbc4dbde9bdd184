/**
 * A problem with the state folder that the user can act on (locked, corrupt without backup, disk full,
 * written by a newer greenlight). The CLI prints the message without a stack trace.
 */
export class StateStoreError extends Error {
  constructor(
    message: string,
    readonly code: "locked" | "corrupt" | "disk_full" | "newer_version" | "read_only" | "io",
  ) {
    super(message);
    this.name = "StateStoreError";
  }
}
