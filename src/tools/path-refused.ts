/** A path the sandbox will not let a tool touch; the message tells the model what to do instead. */
export class PathRefusedError extends Error {
  constructor(
    readonly path: string,
    /** A few words for people: "outside the project". */
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = "PathRefusedError";
  }
}
