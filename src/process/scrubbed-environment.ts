const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL/i;

/**
 * The environment a child process (a tool's command, a gate's test run) may see: every variable whose
 * name suggests a secret is dropped (the API key included), and so are greenlight's own GREENLIGHT_*
 * settings, which the model has no business reading.
 *
 * Python is told not to write bytecode caches: a .pyc is trusted when the source's size and mtime in
 * whole seconds match, and agents rewrite a file to the same size within a second (`a - b` -> `a + b`),
 * so a cache written by one run would make the next gate test the old code.
 */
export function scrubbedEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (SECRET_NAME.test(name) || name.toUpperCase().startsWith("GREENLIGHT_")) continue;
    kept[name] = value;
  }
  kept.PYTHONDONTWRITEBYTECODE = "1";
  return kept;
}
