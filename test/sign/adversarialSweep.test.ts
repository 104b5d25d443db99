// Generated siblings of the adversarial cases: every extension this verifier knows and an unknown
// one, critical or not, on the leaf and on the intermediate; and every element of SignedData
// replaced by junk of the same tag, or removed, or doubled. Each with the status it must get.
import { verifyPowerShellFile, type VerifyStatus } from '../../generator/pipeline/sign';
import { Der, tlv } from '../../generator/pipeline/sign/der';
import { OID } from '../../generator/pipeline/sign/oids';
import { caExtensions, certificate, contentInfoOf, ecKey, editSignedData, ext, forgeSignedFile, identityOf, leafExtensions, withContentInfo, type Extension } from './support/forge';

const SCRIPT = Buffer.from('Get-Date\r\n');
const NOW = new Date('2026-06-01T00:00:00Z');
const rootKey = ecKey();
const root = certificate({ subject: 'Sweep Root', key: rootKey, extensions: caExtensions(rootKey) });
const trust = { trustedRoots: [root.der], now: NOW };

/** Extensions with well-formed values; `understood` ones may be critical. */
const EXTENSIONS: { readonly name: string; readonly extension: (critical: boolean) => Extension; readonly understood: boolean }[] = [
  { name: 'subjectAltName', extension: (c) => ext.raw(OID.subjectAltName, tlv(0x30, [tlv(0x82, Buffer.from('sweep.invalid'))]), c), understood: true },
  { name: 'certificatePolicies', extension: (c) => ext.raw(OID.certificatePolicies, tlv(0x30, [tlv(0x30, [Buffer.from([0x06, 0x04, 0x55, 0x1d, 0x20, 0x00])])]), c), understood: true },
  { name: 'cRLDistributionPoints', extension: (c) => ext.raw(OID.cRLDistributionPoints, tlv(0x30, []), c), understood: true },
  { name: 'authorityInfoAccess', extension: (c) => ext.raw(OID.authorityInfoAccess, tlv(0x30, []), c), understood: true },
  { name: 'nameConstraints', extension: (c) => ext.nameConstraints(c), understood: false },
  { name: 'policyConstraints', extension: (c) => ext.raw('2.5.29.36', tlv(0x30, [tlv(0x80, Buffer.from([0]))]), c), understood: false },
  { name: 'inhibitAnyPolicy', extension: (c) => ext.raw('2.5.29.54', Buffer.from([0x02, 0x01, 0x00]), c), understood: false },
  { name: 'a private OID', extension: (c) => ext.raw('1.3.6.1.4.1.99999.42', Buffer.from([0x05, 0x00]), c), understood: false },
];

const certificateCases = EXTENSIONS.flatMap((e) =>
  (['leaf', 'intermediate'] as const).flatMap((where) =>
    [false, true].map((critical) => ({
      title: `${e.name}, ${critical ? 'critical' : 'not critical'}, on the ${where}`,
      expected: (critical && !e.understood ? 'NotTrusted' : 'Valid') as VerifyStatus,
      where,
      extension: e.extension(critical),
    })),
  ),
);

it.each(certificateCases)('$title: $expected', async ({ expected, where, extension }) => {
  const interKey = ecKey();
  const inter = certificate({ subject: 'Sweep CA', key: interKey, issuer: root, extensions: [...caExtensions(interKey, root), ...(where === 'intermediate' ? [extension] : [])] });
  const leafKey = ecKey();
  const leaf = certificate({ subject: 'Sweep Signer', key: leafKey, issuer: inter, extensions: [...leafExtensions(leafKey, inter), ...(where === 'leaf' ? [extension] : [])] });
  const r = await verifyPowerShellFile(await forgeSignedFile(SCRIPT, 's.ps1', identityOf(leaf, [inter])), 's.ps1', trust);
  expect(r.status).toBe(expected);
});

const SIGNED_DATA_FIELDS = ['version', 'digestAlgorithms', 'encapContentInfo', 'certificates', 'signerInfos'];

it('every SignedData element replaced by junk of its tag, removed, or doubled, is never Valid', async () => {
  const interKey = ecKey();
  const inter = certificate({ subject: 'Sweep CA', key: interKey, issuer: root, extensions: caExtensions(interKey, root) });
  const leafKey = ecKey();
  const leaf = certificate({ subject: 'Sweep Signer', key: leafKey, issuer: inter, extensions: leafExtensions(leafKey, inter) });
  const signed = await forgeSignedFile(SCRIPT, 's.ps1', identityOf(leaf, [inter]));
  expect((await verifyPowerShellFile(signed, 's.ps1', trust)).status).toBe('Valid');
  const info = contentInfoOf(signed);
  const outcomes: string[] = [];
  for (const [i, field] of SIGNED_DATA_FIELDS.entries()) {
    const edits: [string, (f: Buffer[]) => Buffer[]][] = [
      ['junk', (f) => f.map((x, k) => (k === i ? tlv(x[0], new Der(x).constructed ? [Buffer.from([0x05, 0x00])] : Buffer.from([0x09])) : x))],
      ['removed', (f) => f.filter((_, k) => k !== i)],
      ['doubled', (f) => f.flatMap((x, k) => (k === i ? [x, x] : [x]))],
    ];
    for (const [how, edit] of edits) {
      const r = await verifyPowerShellFile(withContentInfo(signed, editSignedData(info, edit), 's.ps1'), 's.ps1', trust);
      outcomes.push(`${field} ${how}: ${r.status === 'Valid' ? 'Valid' : 'refused'}`);
    }
  }
  expect(outcomes).toEqual(SIGNED_DATA_FIELDS.flatMap((f) => [`${f} junk: refused`, `${f} removed: refused`, `${f} doubled: refused`]));
});
