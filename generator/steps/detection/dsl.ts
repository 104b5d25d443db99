/**
 * The detection builders, on their own: verify.that takes a detection step as its condition, so
 * the verify kinds import this file, never the whole DSL registry (`../dsl.ts`) that imports them.
 */
import { eventLog } from './eventLog/dsl';
import { fileContent } from './fileContent/dsl';
import { registryValue as registryValueDetection } from './registryValue/dsl';
import { pathExists } from './pathExists/dsl';
import { serviceState } from './serviceState/dsl';
import { programOutput } from './programOutput/dsl';
import { always } from './always/dsl';

/** Detection steps: each tells whether the problem is present. */
export const detect = { eventLog, fileContent, pathExists, registryValue: registryValueDetection, serviceState, programOutput, always };

export type DetectionStep = { [K in keyof typeof detect]: (typeof detect)[K] extends (...args: never[]) => infer S ? S : never }[keyof typeof detect];
