import type { IncomingMessage } from "node:http";
import type { ApiError } from "../rule.js";

/** The key a request carries, in `x-api-key` or (as SDK 1.x sends it) `Authorization: Bearer`. */
function presentedKey(headers: IncomingMessage["headers"]): string | undefined {
  const direct = headers["x-api-key"];
  if (typeof direct === "string" && direct !== "") return direct;
  const bearer = /^Bearer (.+)$/.exec(headers.authorization ?? "");
  return bearer?.[1];
}

/** Every endpoint refuses a missing or wrong key with 401, before anything else is looked at. */
export function checkApiKey(headers: IncomingMessage["headers"], expected: string): ApiError | undefined {
  const key = presentedKey(headers);
  if (key === undefined) return { status: 401, errorType: "authentication_error", message: "x-api-key header is required" };
  if (key !== expected) return { status: 401, errorType: "authentication_error", message: "invalid x-api-key" };
  return undefined;
}
