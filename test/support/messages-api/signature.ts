import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Thinking signatures the way the API uses them: opaque to the client, checked when the block comes
 * back. Here an HMAC over the block's text with a per-server secret and a nonce, so any change to the
 * text (or a signature from elsewhere) fails.
 */
/** What a redacted_thinking block's `data` signs (its content is opaque to the client anyway). */
export const REDACTED_PAYLOAD = "redacted_thinking";

export interface Signer {
  sign(text: string): string;
  verify(text: string, signature: string): boolean;
}

export function createSigner(secret: string = randomBytes(16).toString("hex")): Signer {
  const mac = (nonce: string, text: string) => createHmac("sha256", secret).update(nonce).update("\0").update(text).digest("base64url");
  return {
    sign(text) {
      const nonce = randomBytes(6).toString("base64url");
      return `${nonce}.${mac(nonce, text)}`;
    },
    verify(text, signature) {
      const [nonce, given] = signature.split(".");
      if (!nonce || !given) return false;
      const expected = Buffer.from(mac(nonce, text));
      const actual = Buffer.from(given);
      return expected.length === actual.length && timingSafeEqual(expected, actual);
    },
  };
}
