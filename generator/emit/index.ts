/** One emitter per target; each is a pure function of the IR. */
import type { Emitter } from './artifact';
import { emitModule } from './module/emitModule';
import { emitCmd } from './cmd/emitCmd';
import { emitIntune } from './intune/emitIntune';
import { emitGpo } from './gpo/emitGpo';
import { emitPester } from './pester/emitPester';

export const emitters = {
  module: emitModule,
  cmd: emitCmd,
  intune: emitIntune,
  gpo: emitGpo,
  pester: emitPester,
} satisfies Record<string, Emitter>;

export type TargetName = keyof typeof emitters;
export const targetNames = Object.keys(emitters) as TargetName[];
