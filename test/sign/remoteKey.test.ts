// The conversions between what tokens and KMS services return and what CMS carries.
import crypto from 'node:crypto';
import { ecdsaRawToDer, ecPublicKey, remoteSignature, rsaPublicKey, sha256DigestInfo, type RemoteKey } from '../../generator/pipeline/sign/remoteKey';

const data = Buffer.from('signed attributes');

it.each(['P-256', 'P-384'])('turns a raw r||s %s signature into the DER one Node and Windows verify', (curve) => {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: curve });
  for (let i = 0; i < 20; i++) {
    const raw = crypto.sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
    expect(crypto.verify('sha256', data, { key: publicKey, dsaEncoding: 'der' }, ecdsaRawToDer(raw))).toBe(true);
  }
  expect(() => ecdsaRawToDer(Buffer.alloc(63))).toThrow(/not r\|\|s/);
});

it('reads PKCS#11 EC and RSA public key attributes, the point wrapped in an OCTET STRING or bare', () => {
  const { publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const point = spki.subarray(spki.length - 97); // 04 || X || Y for P-384
  const params = Buffer.from('06052b81040022', 'hex'); // OID secp384r1
  const wrapped = Buffer.concat([Buffer.from([0x04, 97]), point]);
  expect(ecPublicKey(params, wrapped).equals(publicKey)).toBe(true);
  expect(ecPublicKey(params, point).equals(publicKey)).toBe(true);
  const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
  const jwk = rsa.export({ format: 'jwk' });
  expect(rsaPublicKey(Buffer.from(jwk.n!, 'base64url'), Buffer.from(jwk.e!, 'base64url')).equals(rsa)).toBe(true);
});

it('accepts only answers that verify with the certificate key: RSA PKCS#1 v1.5 over the DigestInfo, ECDSA DER or raw', async () => {
  const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const remote = (keyType: 'rsa' | 'ec', answer: (d: Buffer) => Buffer): RemoteKey => ({ keyType, description: 'test key', signDigest: async (d) => answer(d), close: async () => undefined });
  // What a token does with CKM_RSA_PKCS: private-key "encryption" of the DigestInfo with PKCS#1 v1.5 padding.
  const good = await remoteSignature(remote('rsa', (d) => crypto.privateEncrypt(rsa.privateKey, sha256DigestInfo(d))), data, rsa.publicKey, 'f');
  expect(good?.equals(crypto.sign('sha256', data, rsa.privateKey))).toBe(true);
  // The bare digest without its DigestInfo is a classic mistake of signing services: refused.
  expect(await remoteSignature(remote('rsa', (d) => crypto.privateEncrypt(rsa.privateKey, d)), data, rsa.publicKey, 'f')).toBeUndefined();
  const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const raw = remote('ec', () => crypto.sign('sha256', data, { key: ec.privateKey, dsaEncoding: 'ieee-p1363' }));
  expect(crypto.verify('sha256', data, { key: ec.publicKey, dsaEncoding: 'der' }, (await remoteSignature(raw, data, ec.publicKey, 'f'))!)).toBe(true);
  const der = remote('ec', () => crypto.sign('sha256', data, ec.privateKey));
  expect(await remoteSignature(der, data, ec.publicKey, 'f')).toBeDefined();
  expect(await remoteSignature(remote('ec', () => Buffer.alloc(64, 1)), data, ec.publicKey, 'f')).toBeUndefined();
});
