import type { ApiError } from "./rule.js";
import { modelInfo, type ModelProfile } from "./model-profiles.js";

/** GET /v1/models and /v1/models/{id}, answered from the server's model profiles. */
export function modelsResponse(pathname: string, profiles: readonly ModelProfile[]): { status: number; body: unknown } | ApiError {
  if (pathname === "/v1/models") {
    const data = profiles.map(modelInfo);
    return { status: 200, body: { data, has_more: false, first_id: profiles[0]?.id ?? null, last_id: profiles.at(-1)?.id ?? null } };
  }
  const id = decodeURIComponent(pathname.slice("/v1/models/".length));
  const profile = profiles.find((candidate) => candidate.id === id);
  if (!profile) return { status: 404, errorType: "not_found_error", message: `model: ${id}` };
  return { status: 200, body: modelInfo(profile) };
}
