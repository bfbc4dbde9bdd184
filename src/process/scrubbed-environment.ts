const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL/i;

/**
 * The environment a tool's child process may see: every variable whose name suggests a secret is
 * dropped (the API key included), and so are greenlight's own GREENLIGHT_* settings, which the
 * model has no business reading.
 */
export function scrubbedEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (SECRET_NAME.test(name) || name.toUpperCase().startsWith("GREENLIGHT_")) continue;
    kept[name] = value;
  }
  return kept;
}
