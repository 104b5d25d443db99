/** Reads the JUnit XML subset Pester writes: testsuite and testcase elements with failure/error/skipped children. */
import { parseXml, type XmlElement } from './xml';

export interface JUnitCase {
  readonly name: string;
  readonly className: string;
  readonly result: 'Passed' | 'Failed' | 'Skipped';
  readonly message?: string;
  readonly durationMs?: number;
  /** The testcase's `file`, else its innermost testsuite's `package` or `name` (Pester writes the file path there). */
  readonly file?: string;
}

/** The test cases in document order. Throws XmlError when the report is not well-formed. */
export function parseJUnit(xml: string): JUnitCase[] {
  const cases: JUnitCase[] = [];
  const visit = (element: XmlElement, suite: XmlElement | undefined) => {
    if (element.name === 'testcase') {
      cases.push(readCase(element, suite));
      return;
    }
    const inner = element.name === 'testsuite' ? element : suite;
    for (const child of element.children) visit(child, inner);
  };
  visit(parseXml(xml), undefined);
  return cases;
}

function readCase(testcase: XmlElement, suite: XmlElement | undefined): JUnitCase {
  const a = testcase.attributes;
  const failure = testcase.children.find((c) => c.name === 'failure' || c.name === 'error');
  const skipped = testcase.children.some((c) => c.name === 'skipped');
  const seconds = a.time !== undefined && a.time.trim() !== '' ? Number(a.time) : NaN;
  return {
    name: a.name ?? '',
    className: a.classname ?? '',
    result: failure || a.status === 'Failed' ? 'Failed' : skipped ? 'Skipped' : 'Passed',
    message: failure ? failure.attributes.message || failure.text.trim() || undefined : undefined,
    durationMs: Number.isFinite(seconds) ? Math.round(seconds * 1000) : undefined,
    file: a.file ?? suite?.attributes.package ?? suite?.attributes.name,
  };
}
