/** Every command module's default export: takes the arguments after the command name, returns the exit code. */
export type Command = (argv: string[]) => Promise<number>;
