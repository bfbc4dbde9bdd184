/** Keeps the first and last bytes of a stream of output and counts the rest. */
export class OutputCapture {
  private readonly headLimit: number;
  private readonly tailLimit: number;
  private head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer = Buffer.alloc(0);
  total = 0;

  constructor(maxBytes: number) {
    this.headLimit = Math.ceil(maxBytes / 2);
    this.tailLimit = Math.floor(maxBytes / 2);
  }

  add(chunk: Buffer): void {
    this.total += chunk.length;
    let rest = chunk;
    if (this.headBytes < this.headLimit) {
      const taken = rest.subarray(0, this.headLimit - this.headBytes);
      this.head.push(taken);
      this.headBytes += taken.length;
      rest = rest.subarray(taken.length);
    }
    if (rest.length === 0 || this.tailLimit === 0) return;
    const joined = Buffer.concat([this.tail, rest]);
    this.tail = joined.subarray(Math.max(0, joined.length - this.tailLimit));
  }

  text(): string {
    const head = Buffer.concat(this.head).toString("utf8");
    const cut = this.total - this.headBytes - this.tail.length;
    if (cut <= 0) return head + this.tail.toString("utf8");
    return `${head}\n[... ${cut} bytes cut ...]\n${this.tail.toString("utf8")}`;
  }
}
