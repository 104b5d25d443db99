import { compareVersions, formatSummary, parseJUnit, parseXml, XmlError, type PesterRunResult } from '../src';

describe('parseJUnit', () => {
  it('reads results, entities, CDATA, either quote and a > inside an attribute', () => {
    const xml = [
      '\ufeff<?xml version="1.0" encoding="utf-8"?>',
      '<!-- written by hand -->',
      '<testsuites>',
      "  <testsuite name='/t/A.Tests.ps1' package=\"/t/A.Tests.ps1\">",
      '    <testcase name="a &amp; b &gt; c" classname="x" time="0.5"><failure message="x &lt; y&#xA;line 2">stack</failure></testcase>',
      '    <testcase name="c > d" time=""><skipped message=""></skipped></testcase>',
      '    <testcase name="e"/>',
      '    <testcase name="f" status="Failed"><failure><![CDATA[only <body> text]]></failure></testcase>',
      '  </testsuite>',
      '</testsuites>',
    ].join('\r\n');
    expect(parseJUnit(xml)).toEqual([
      { name: 'a & b > c', className: 'x', result: 'Failed', message: 'x < y\nline 2', durationMs: 500, file: '/t/A.Tests.ps1' },
      { name: 'c > d', className: '', result: 'Skipped', message: undefined, durationMs: undefined, file: '/t/A.Tests.ps1' },
      { name: 'e', className: '', result: 'Passed', message: undefined, durationMs: undefined, file: '/t/A.Tests.ps1' },
      { name: 'f', className: '', result: 'Failed', message: 'only <body> text', durationMs: undefined, file: '/t/A.Tests.ps1' },
    ]);
  });

  it('takes the file from the innermost suite, or the testcase itself', () => {
    const xml = '<testsuite name="outer"><testsuite name="inner"><testcase name="a"/></testsuite><testcase name="b" file="b.ps1"/><error/></testsuite>';
    expect(parseJUnit(xml).map((c) => [c.name, c.file])).toEqual([
      ['a', 'inner'],
      ['b', 'b.ps1'],
    ]);
  });

  it('treats an error element like a failure', () => {
    expect(parseJUnit('<testsuites><testsuite><testcase name="a"><error message="boom"/></testcase></testsuite></testsuites>')[0]).toMatchObject({
      result: 'Failed',
      message: 'boom',
    });
  });

  it.each([
    ['<testsuites><testsuite></testsuites>', /does not close/],
    ['<testsuites>', /is not closed/],
    ['<a/><b/>', /more than one root/],
    ['', /no root element/],
    ['<a x="1></a>', /bad start tag/],
    ['<a><!-- never ends</a>', /unterminated comment/],
  ])('rejects malformed XML %j', (xml, message) => {
    expect(() => parseXml(xml)).toThrow(XmlError);
    expect(() => parseXml(xml)).toThrow(message);
  });
});

describe('formatSummary', () => {
  const base: PesterRunResult = {
    passed: 0,
    failed: 0,
    skipped: 0,
    total: 0,
    durationMs: 1,
    exitCode: 0,
    timedOut: false,
    tests: [],
    errors: [],
    junitPath: '/tmp/j.xml',
    stdout: '',
    stderr: '',
    pwshPath: '/x/pwsh',
    pwshVersion: '7.6.9',
    pesterModulePath: '/x/Pester.psd1',
    pesterVersion: '5.7.1',
  };

  it('prints the counts, each failed test with the first line of its message, then the run errors', () => {
    const r: PesterRunResult = {
      ...base,
      passed: 1,
      failed: 2,
      total: 2,
      tests: [
        { name: 'A.passes', result: 'Passed' },
        { name: 'A.fails', result: 'Failed', message: 'first line\nsecond line' },
      ],
      errors: ['path not found: /x/B.Tests.ps1'],
    };
    expect(formatSummary(r)).toBe('1 passed, 2 failed, 0 skipped\n  FAILED A.fails: first line\n  ERROR path not found: /x/B.Tests.ps1');
  });

  it('is one line for a clean run', () => {
    expect(formatSummary({ ...base, passed: 3, total: 3 })).toBe('3 passed, 0 failed, 0 skipped');
  });
});

it('compares versions numerically and ignores a pre-release suffix', () => {
  expect(compareVersions('7.10.0', '7.9')).toBe(1);
  expect(compareVersions('7.0', '7.0.0')).toBe(0);
  expect(compareVersions('7.5.0-preview.2', '7.5')).toBe(0);
  expect(compareVersions('5.1.19041.1', '7.0')).toBe(-1);
});
