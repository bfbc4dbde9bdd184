import { ReadBuffer, serializeMessage } from "@modelcontextprotocol/sdk/shared/stdio.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { ServerProcess } from "../process/server-process.js";

/**
 * The SDK's stdio framing over a server process that greenlight started itself (in its own process
 * group and namespace, with the scrubbed environment), which the SDK's own stdio client cannot do.
 */
export class ProcessTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private readonly buffer = new ReadBuffer();
  private closed = false;

  constructor(private readonly server: ServerProcess) {}

  async start(): Promise<void> {
    this.server.stdout.on("data", (chunk: Buffer) => {
      try {
        this.buffer.append(chunk);
      } catch (error) {
        // More than the SDK's buffer limit without a newline: the server is broken, stop it.
        this.onerror?.(error as Error);
        void this.close();
        return;
      }
      for (;;) {
        let message: JSONRPCMessage | null;
        try {
          message = this.buffer.readMessage();
        } catch (error) {
          this.onerror?.(error as Error);
          continue;
        }
        if (message === null) break;
        this.onmessage?.(message);
      }
    });
    // stdout closes after the last message is read; the group is killed when the server exits, so
    // nothing the server started can hold it open.
    this.server.stdout.once("close", () => this.finish());
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) throw new Error("the MCP server has exited");
    if (!this.server.stdin.write(serializeMessage(message))) await new Promise((resolve) => this.server.stdin.once("drain", resolve));
  }

  async close(): Promise<void> {
    await this.server.stop();
    this.finish();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.buffer.clear();
    this.onclose?.();
  }
}
