/**
 * The object ids publish created or updated, per Graph service and tenant, in the project's
 * `.fixforge/publish/intune.json` (git-ignored). The marker in the description is what finds a
 * Remediation again; the stored id is the fallback when someone edited the marker away in the
 * portal, so the next publish updates that Remediation instead of making a second one.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface StoredScript {
  readonly id: string;
  readonly version: string;
  readonly sha256: string;
}

type StateFile = Record<string, Record<string, StoredScript>>;

export class PublishState {
  private readonly file: string;
  private readonly scope: string;
  private data: StateFile;

  constructor(projectStateDir: string, baseUrl: string, tenant: string | undefined) {
    this.file = path.join(projectStateDir, 'publish', 'intune.json');
    this.scope = `${baseUrl} tenant=${tenant ?? 'unknown'}`;
    this.data = read(this.file);
  }

  get(key: string): StoredScript | undefined {
    return this.data[this.scope]?.[key];
  }

  /** Written at once after each successful write, atomically, so a later failure keeps it. */
  set(key: string, value: StoredScript): void {
    this.data = { ...this.data, [this.scope]: { ...this.data[this.scope], [key]: value } };
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, `${JSON.stringify(this.data, null, 2)}\n`);
    fs.renameSync(temp, this.file);
  }
}

function read(file: string): StateFile {
  try {
    const value = JSON.parse(fs.readFileSync(file, 'utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
  } catch {
    // Missing or damaged: the markers still find every Remediation.
    return {};
  }
}
