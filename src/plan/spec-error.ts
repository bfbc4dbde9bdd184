/** A spec file greenlight cannot import: the message names the file and, where there is one, the line. */
export class SpecError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
  ) {
    super(line === undefined ? `${file}: ${message}` : `${file}:${line}: ${message}`);
    this.name = "SpecError";
  }
}
