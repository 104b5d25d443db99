/**
 * Names a spec must not use, and why: what is not deterministic (`Date`, `Math.random`), what
 * reaches outside (`process`, `require`, `fetch`, timers, `console`), what runs code (`eval`,
 * `Function`), and anything imported from a package or a Node module. A spec is data; none of
 * these is ever called, and the diagnostic says so.
 */
import { Node, type Symbol as MorphSymbol } from 'ts-morph';

const reasons: Record<string, string> = {
  Date: 'the date and time differ at every build, so the build would not be deterministic',
  process: 'it reaches the build machine (environment, files, exit)',
  require: 'it loads and runs code',
  eval: 'it runs code',
  Function: 'it runs code',
  globalThis: 'it reaches the global scope of the build',
  console: 'it writes to the build output',
  fetch: 'it reaches the network',
  setTimeout: 'it schedules code to run',
  setInterval: 'it schedules code to run',
  setImmediate: 'it schedules code to run',
  queueMicrotask: 'it schedules code to run',
  Proxy: 'it runs code on property access',
  Reflect: 'it reaches the language runtime',
  WebAssembly: 'it runs code',
  crypto: 'it is random',
};

/**
 * Why the name `text` (resolving to `symbol`) must not be used, or undefined. A global is refused
 * only when it is the standard one (declared in TypeScript's lib files, or not declared at all),
 * never the spec's own const of the same name.
 */
export function impurity(symbol: MorphSymbol | undefined, text: string): string | undefined {
  const decls = symbol?.getDeclarations() ?? [];
  const importFrom = decls.map(importedFrom).find((m) => m !== undefined);
  if (importFrom !== undefined && !importFrom.startsWith('.') && !importFrom.startsWith('fixforge/')) {
    return `\`${text}\` is imported from '${importFrom}', and code from packages and Node modules is never run`;
  }
  const global = decls.length === 0 || decls.every((d) => d.getSourceFile().isDeclarationFile());
  if (global && Object.hasOwn(reasons, text) ) return reasons[text];
  return undefined;
}

function importedFrom(decl: Node): string | undefined {
  const imp = decl.getFirstAncestor((a) => Node.isImportDeclaration(a));
  return imp && Node.isImportDeclaration(imp) ? imp.getModuleSpecifierValue() : undefined;
}
