/**
 * What a build folder asks to publish: the Graph bodies the intune target wrote
 * (`intune/deviceHealthScript.json`, and `intune/deviceHealthScript.user.json` for the
 * user-context pair), checked, with enforceSignatureCheck decided from the scripts' actual
 * signatures and fixforge's marker added to the description.
 */
import fs from 'node:fs';
import path from 'node:path';
import { makeDiagnostic, type Diagnostic } from '../../../vocabulary/diagnostics/diagnostic';
import { DEV_CERTIFICATE_SUBJECT, verifyPowerShellFile } from '../../../pipeline/sign';
import { GraphError } from '../graph/graphError';
import { contentHash, markerKey, withMarker, type RunAs } from './marker';
import { SCRIPT_WRITABLE, type DeviceHealthScriptBody } from './graphShapes';

export interface DesiredScript {
  readonly fixId: string;
  readonly runAs: RunAs;
  /** `kb2328240/system`: how the marker and the state file name it. */
  readonly key: string;
  readonly version: string;
  readonly sha256: string;
  /** The full create/update body, marker included. */
  readonly body: DeviceHealthScriptBody;
  /** The body file, relative to the working directory, for messages. */
  readonly source: string;
  readonly signer: 'unsigned' | 'development' | 'certificate';
}

const BODIES: readonly { file: string; runAs: RunAs }[] = [
  { file: 'intune/deviceHealthScript.json', runAs: 'system' },
  { file: 'intune/deviceHealthScript.user.json', runAs: 'user' },
];
const FIX_ID = /^[a-z][a-z0-9-]{0,39}$/;

export async function readBuild(dir: string, cwd: string): Promise<{ scripts: DesiredScript[]; diagnostics: Diagnostic[] }> {
  const shown = (p: string) => path.relative(cwd, p).split(path.sep).join('/') || '.';
  // The output folder is named by the fix id (ids are unique per project, FF1101).
  const fixId = path.basename(path.resolve(dir));
  const present = BODIES.filter((b) => fs.existsSync(path.join(dir, b.file)));
  if (present.length === 0) throw new GraphError('FF6010', [shown(dir), 'intune/deviceHealthScript.json']);
  if (!FIX_ID.test(fixId)) throw new GraphError('FF6023', [shown(dir), `the folder name '${fixId}' is not a fix id; publish the out/<fix-id> folder the build wrote`]);

  const scripts: DesiredScript[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const { file, runAs } of present) {
    const source = shown(path.join(dir, file));
    const built = parseBody(fs.readFileSync(path.join(dir, file), 'utf8'), source, runAs);
    const detection = Buffer.from(built.detectionScriptContent, 'base64');
    const remediation = Buffer.from(built.remediationScriptContent, 'base64');
    const signers = await Promise.all([signerOf(detection, 'detect.ps1', source), signerOf(remediation, 'remediate.ps1', source)]);
    // Intune's check needs both scripts signed by a certificate the devices trust.
    const signer = signers.includes('unsigned') ? 'unsigned' : signers.includes('development') ? 'development' : 'certificate';
    if (signer === 'development') diagnostics.push(makeDiagnostic('FF6020', [source]));
    if (signer === 'unsigned') diagnostics.push(makeDiagnostic('FF6027', [source]));
    const body: DeviceHealthScriptBody = { ...built, enforceSignatureCheck: signer === 'certificate' };
    const sha256 = contentHash(body as unknown as Record<string, unknown>);
    const marker = { fixId, runAs, version: body.version, sha256 };
    scripts.push({ fixId, runAs, key: markerKey(marker), version: body.version, sha256, body: { ...body, description: withMarker(body.description, marker) }, source, signer });
  }
  return { scripts, diagnostics };
}

function parseBody(text: string, source: string, runAs: RunAs): DeviceHealthScriptBody {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new GraphError('FF6023', [source, `not JSON (${(e as Error).message})`]);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new GraphError('FF6023', [source, 'not a JSON object']);
  const body = value as Record<string, unknown>;
  const unknown = Object.keys(body).filter((k) => !(k in SCRIPT_WRITABLE));
  if (unknown.length > 0) throw new GraphError('FF6023', [source, `properties a deviceHealthScript does not take: ${unknown.join(', ')}`]);
  if (body['@odata.type'] !== '#microsoft.graph.deviceHealthScript') throw new GraphError('FF6023', [source, "@odata.type is not '#microsoft.graph.deviceHealthScript'"]);
  for (const key of ['displayName', 'description', 'publisher', 'version', 'detectionScriptContent', 'remediationScriptContent'] as const) {
    if (typeof body[key] !== 'string' || (body[key] as string).length === 0) throw new GraphError('FF6023', [source, `${key} is not a non-empty string`]);
  }
  for (const key of ['detectionScriptContent', 'remediationScriptContent'] as const) {
    const b64 = body[key] as string;
    if (Buffer.from(b64, 'base64').toString('base64') !== b64) throw new GraphError('FF6023', [source, `${key} is not base64`]);
  }
  if (body.runAsAccount !== runAs) throw new GraphError('FF6023', [source, `runAsAccount is '${String(body.runAsAccount)}', expected '${runAs}' for this file`]);
  for (const key of ['enforceSignatureCheck', 'runAs32Bit'] as const) {
    if (typeof body[key] !== 'boolean') throw new GraphError('FF6023', [source, `${key} is not true or false`]);
  }
  return body as unknown as DeviceHealthScriptBody;
}

async function signerOf(bytes: Buffer, name: string, source: string): Promise<DesiredScript['signer']> {
  const result = await verifyPowerShellFile(bytes, name);
  if (result.status === 'NotSigned') return 'unsigned';
  // Trust is the devices' business (no roots are given here); a broken signature never passes.
  if (result.status === 'HashMismatch' || result.status === 'Incompatible' || result.status === 'UnknownError') {
    throw new GraphError('FF6023', [source, `the ${name} it holds has a broken signature (${result.status}): ${result.message}`]);
  }
  // The development certificate is trusted only on lab machines that imported it by hand.
  return result.signerSubject?.includes(DEV_CERTIFICATE_SUBJECT) ? 'development' : 'certificate';
}
