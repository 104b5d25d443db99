// fixforge/config names the targets itself (it must not import the compiler); they stay the
// compiler's targets: checked at the type level by tsc and at run time here.
import type { ConfigTarget } from '../../generator/config/dsl';
import { CONFIG_TARGETS } from '../../generator/config/readConfigValue';
import { targetNames, type TargetName } from '../../generator/targets';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const sameTargets: Equal<ConfigTarget, TargetName> = true;

it("lists the compiler's targets, in its order", () => {
  expect(sameTargets).toBe(true);
  expect(CONFIG_TARGETS).toEqual(targetNames);
});
