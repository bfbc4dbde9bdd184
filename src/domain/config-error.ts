/** A config problem a person fixes by editing a file or a flag: greenlight.json, a missing agent, no key. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}
