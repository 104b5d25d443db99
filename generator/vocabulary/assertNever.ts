/** Exhaustive dispatch: a case the code does not handle is a compile error, and a throw if it slips through. */
export function assertNever(value: never): never {
  throw new Error(`internal: unexpected ${JSON.stringify(value)}`);
}
