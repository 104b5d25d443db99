/**
 * The binary operators a spec may use, with JavaScript's results on the operand types TypeScript
 * people combine: `+` on strings and numbers, `-` `*` `/` `%` on numbers, comparisons of two
 * numbers or two strings, `===` / `!==` on anything, `==` / `!=` against null or between values of
 * one type. Anything else is refused rather than coerced.
 */
import { SyntaxKind } from 'ts-morph';
import { isCallable, type RValue } from './runtime';

export class OperatorError extends Error {}

export function truthy(v: RValue): boolean {
  return Boolean(v);
}

function kind(v: RValue): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (isCallable(v)) return 'function';
  return typeof v;
}

const plain = (v: RValue) => v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

export function operate(op: SyntaxKind, l: RValue, r: RValue): RValue {
  switch (op) {
    case SyntaxKind.EqualsEqualsEqualsToken:
      return l === r;
    case SyntaxKind.ExclamationEqualsEqualsToken:
      return l !== r;
    case SyntaxKind.EqualsEqualsToken:
    case SyntaxKind.ExclamationEqualsToken: {
      let equal: boolean;
      if (l === null || l === undefined || r === null || r === undefined) equal = (l === null || l === undefined) === (r === null || r === undefined);
      else if (kind(l) === kind(r)) equal = l === r;
      else throw new OperatorError(`== between a ${kind(l)} and a ${kind(r)} is not supported; use ===`);
      return op === SyntaxKind.EqualsEqualsToken ? equal : !equal;
    }
    case SyntaxKind.LessThanToken:
    case SyntaxKind.GreaterThanToken:
    case SyntaxKind.LessThanEqualsToken:
    case SyntaxKind.GreaterThanEqualsToken: {
      if (!((typeof l === 'number' && typeof r === 'number') || (typeof l === 'string' && typeof r === 'string'))) {
        throw new OperatorError(`comparing a ${kind(l)} with a ${kind(r)} is not supported; compare two numbers or two strings`);
      }
      const a = l as number;
      const b = r as number;
      if (op === SyntaxKind.LessThanToken) return a < b;
      if (op === SyntaxKind.GreaterThanToken) return a > b;
      if (op === SyntaxKind.LessThanEqualsToken) return a <= b;
      return a >= b;
    }
    case SyntaxKind.PlusToken:
      if (typeof l === 'number' && typeof r === 'number') return l + r;
      if ((typeof l === 'string' && plain(r)) || (typeof r === 'string' && plain(l))) return String(l) + String(r);
      throw new OperatorError(`+ on a ${kind(l)} and a ${kind(r)} is not supported; add numbers or join strings`);
    case SyntaxKind.MinusToken:
    case SyntaxKind.AsteriskToken:
    case SyntaxKind.SlashToken:
    case SyntaxKind.PercentToken: {
      if (typeof l !== 'number' || typeof r !== 'number') throw new OperatorError(`arithmetic on a ${kind(l)} and a ${kind(r)} is not supported; it needs two numbers`);
      if (op === SyntaxKind.MinusToken) return l - r;
      if (op === SyntaxKind.AsteriskToken) return l * r;
      if (op === SyntaxKind.SlashToken) return l / r;
      return l % r;
    }
    default:
      throw new OperatorError(`the operator ${SyntaxKind[op]} is not supported in a spec (only + - * / %, comparisons, === !==, && || ??)`);
  }
}
