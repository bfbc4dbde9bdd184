/** Said on stderr by the read-only views when the state holds nothing yet, so exports stay clean. */
export function hintWhenNothingPlanned(count: number, stateDir: string): void {
  if (count === 0) process.stderr.write(`greenlight: no requirements in ${stateDir} yet: import a spec with \`greenlight plan SPEC.md\`\n`);
}
