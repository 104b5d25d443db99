/**
 * Meanings of the fields most kinds share (and of the few a kind's dsl.ts leaves without a doc
 * comment), for the reference tables. A field's own doc comment always wins; then this table; then
 * the doc comment of the named type the field has. The docs test fails when a row has none.
 */
export const sharedFieldMeanings: Readonly<Record<string, string>> = {
  id: "The step's id: camelCase, unique in the fix. It names the step in results, the log and the generated tests, and other steps refer to it by it.",
  description: 'What the step does, in every culture of the fix (`Localized`); shown in results, the log and `-WhatIf`.',
  messages: 'What the result says when the problem is found (`detected`) and when it is not (`clean`), in every culture of the fix (`OutcomeMessages`).',
  roots: 'The well-known folders (`WellKnownRoot`) the folder paths are relative to; each root is examined.',
  context: 'Who the step runs as (`ExecutionContext`): `system`, `currentUser` (the signed-in user) or `everyUser` (every user profile on the machine).',
  provider: "The event provider, as Event Viewer's Source column names it.",
  eventIds: 'The event ids to look for, 0 to 65535; an event with any of them counts.',
  level: 'The level the events must have (`EventLevel`).',
  arguments: "The program's arguments, fixed when the fix is built.",
  program: 'The program to run, from the curated list `SystemProgram`, always by its full path under System32.',
  successExitCodes: 'The exit codes that mean success; any other exit code fails the step.',
  action: 'What to do with the service: `stop`, `restart`, `start`, or `setStartType` (with `startType`).',
  kind: 'Which detection kind the check is, as in Detection above; the other fields are that kind\'s.',
  repairSteps: 'Ids of the repair steps whose folders must now be empty.',
};
