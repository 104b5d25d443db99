import {
  escapeCommentHelp,
  quotePowerShellArray,
  quotePowerShellLiteral,
} from '../../generator/escape/powershell';
import { batchArgument, batchEchoText, batchPathFragment, batchRemarkText } from '../../generator/escape/batch';
import { CannotCarryError } from '../../generator/escape/refusal';

describe('PowerShell single-quoted literals', () => {
  it.each([
    ["it's", "'it''s'"],
    ['‘left’', "'‘‘left’’'"],
    ['‚low‛', "'‚‚low‛‛'"],
    ['$env:windir', "'$env:windir'"],
    ['back`tick', "'back`tick'"],
    ['"double"', `'"double"'`],
    ['<# x #>', "'<# x #>'"],
    ['line\nbreak', "'line\nbreak'"],
    ['', "''"],
  ])('%j → %s', (input, expected) => {
    expect(quotePowerShellLiteral(input)).toBe(expected);
  });

  it('doubles every one of the five quote characters', () => {
    const quotes = "'\u2018\u2019\u201A\u201B";
    const quoted = quotePowerShellLiteral(quotes);
    expect(quoted).toBe(`'${[...quotes].map((q) => q + q).join('')}'`);
  });

  it('refuses NUL', () => {
    expect(() => quotePowerShellLiteral('a\0b')).toThrow(CannotCarryError);
  });

  it('builds 2.0-safe arrays', () => {
    expect(quotePowerShellArray(['a', "b'c"])).toBe("@('a', 'b''c')");
  });
});

describe('comment-based help', () => {
  it('breaks block comment delimiters', () => {
    const out = escapeCommentHelp('a <# b #> c');
    expect(out).not.toMatch(/<#|#>/);
    expect(out).toBe('a < # b # > c');
  });

  it('keeps a line from reading as a help keyword', () => {
    expect(escapeCommentHelp('text\n.EXAMPLE\n  .parameter x')).toBe('text\n. EXAMPLE\n  . parameter x');
  });
});

describe('batch', () => {
  it('escapes echo text outside quotes', () => {
    expect(batchEchoText('100% A&B | <c> (d) ^e "f" !g')).toBe('100%% A^&B ^| ^<c^> ^(d^) ^^e ^"f^" !g');
  });

  it('doubles percent signs in remarks and drops a trailing caret', () => {
    expect(batchRemarkText('50% done^')).toBe('50%% done');
  });

  it('passes plain arguments bare and quotes the rest', () => {
    expect(batchArgument('-urlcache')).toBe('-urlcache');
    expect(batchArgument('*')).toBe('*');
    expect(batchArgument('a b')).toBe('"a b"');
    expect(batchArgument('50%')).toBe('"50%%"');
    expect(batchArgument('x&y')).toBe('"x&y"');
  });

  it.each([
    ['say "hi"', /double quote/],
    ['a\nb', /line break/],
    ['bang!', /delayed expansion/],
    ['café', /non-ASCII/],
    ['', /empty/],
    ['C:\\dir with space\\', /backslash/],
  ])('refuses the argument %j', (arg, reason) => {
    expect(() => batchArgument(arg)).toThrow(reason);
  });

  it.each([
    ['100%', /expanded again/],
    ['a!b', /delayed expansion/],
    ['a"b', /forbids/],
    ['a*b', /forbids/],
    ['cr\rlf', /line break/],
  ])('refuses the path fragment %j', (fragment, reason) => {
    expect(() => batchPathFragment(fragment)).toThrow(reason);
  });

  it('accepts a path fragment with spaces, & and parentheses (always quoted by the templates)', () => {
    expect(batchPathFragment('Fixture (old) & new')).toBe('Fixture (old) & new');
  });
});
