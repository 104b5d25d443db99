// Which key `build --sign` uses: the flags, else the files the config's variables name, else
// (nothing set) the development certificate; and which flag combinations are refused.
import { checkSigningFlags, chooseSigning, type SigningFlags } from '../../generator/cli/signingFlags';
import { UsageError } from '../../generator/cli/usageError';

const sign: SigningFlags = { sign: true, timestampOptional: false };
const pfxConfig = { pfxPathEnv: 'TEAM_PFX', pfxPasswordEnv: 'TEAM_PFX_PASSWORD', timestampUrl: 'http://tsa.example' };

it('takes the PFX the config names by variable, with its password variable and timestamp server', () => {
  expect(chooseSigning(sign, pfxConfig, { TEAM_PFX: '/secrets/sign.pfx' })).toEqual({
    pfx: '/secrets/sign.pfx',
    pfxPasswordEnv: 'TEAM_PFX_PASSWORD',
    timestampUrl: 'http://tsa.example',
    timestampOptional: false,
    notes: ['signing with the PFX named by TEAM_PFX'],
  });
});

it('falls back to the development certificate when the variables are unset, and says which', () => {
  expect(chooseSigning(sign, pfxConfig, {})).toEqual({ timestampUrl: 'http://tsa.example', timestampOptional: false, notes: ['TEAM_PFX is not set'] });
  const pem = { keyPathEnv: 'TEAM_KEY', certPathEnv: 'TEAM_CERT' };
  expect(chooseSigning(sign, pem, { TEAM_KEY: '/k.pem' })).toEqual({ timestampUrl: undefined, timestampOptional: false, notes: ['TEAM_CERT not set'] });
  expect(chooseSigning(sign, pem, { TEAM_KEY: '/k.pem', TEAM_CERT: '/c.pem' })).toMatchObject({ key: '/k.pem', cert: '/c.pem' });
});

it('lets flags win over the config', () => {
  const flags = { ...sign, pfx: 'cli.pfx', pfxPasswordEnv: 'CLI_PASSWORD' };
  expect(chooseSigning(flags, pfxConfig, { TEAM_PFX: '/secrets/sign.pfx' })).toMatchObject({ pfx: 'cli.pfx', pfxPasswordEnv: 'CLI_PASSWORD', notes: [] });
});

it('refuses contradicting flags with a usage code', () => {
  const code = (f: SigningFlags) => {
    try {
      checkSigningFlags(f);
      return 'accepted';
    } catch (e) {
      return (e as UsageError).diagnostic.code;
    }
  };
  expect(code({ sign: false, timestampOptional: true })).toBe('FF6001');
  expect(code({ sign: false, timestampOptional: false, pfxPasswordEnv: 'X' })).toBe('FF6001');
  expect(code({ ...sign, cert: 'c.pem' })).toBe('FF6002');
  expect(code({ ...sign, pfx: 'a.pfx', cert: 'c.pem' })).toBe('FF6003');
  expect(code({ ...sign, key: 'k.pem', cert: 'c.pem' })).toBe('accepted');
  expect(code({ sign: false, timestampOptional: false })).toBe('accepted');
});

describe('keys outside fixforge: PKCS#11 tokens and sign commands', () => {
  const code = (f: SigningFlags) => {
    try {
      checkSigningFlags(f);
      return 'accepted';
    } catch (e) {
      return `${(e as UsageError).diagnostic.code} ${(e as UsageError).diagnostic.message}`;
    }
  };
  const pkcs11 = { ...sign, pkcs11Module: '/usr/lib/libykcs11.so', pkcs11Key: 'signer', pkcs11PinEnv: 'YK_PIN', cert: 'chain.pem' };

  it('accepts a complete PKCS#11 or sign-command route, with --cert and without --key', () => {
    expect(code(pkcs11)).toBe('accepted');
    expect(code({ ...pkcs11, pkcs11Token: 'YubiKey PIV #123' })).toBe('accepted');
    expect(code({ ...sign, signCommand: 'kms-sign --key prod', cert: 'chain.pem', signCommandTimeout: 30 })).toBe('accepted');
  });

  it('refuses incomplete or mixed routes with FF5055, and any of their flags without --sign with FF6001', () => {
    expect(code({ ...pkcs11, cert: undefined })).toMatch(/^FF5055 .*--pkcs11-module needs --cert/);
    expect(code({ ...pkcs11, pkcs11Key: undefined })).toMatch(/^FF5055 .*needs --pkcs11-key/);
    expect(code({ ...sign, pkcs11Key: 'signer', cert: 'chain.pem' })).toMatch(/^FF5055 .*need --pkcs11-module/);
    expect(code({ ...pkcs11, pfx: 'a.pfx' })).toMatch(/^FF5055 .*not --pfx and --pkcs11-module/);
    expect(code({ ...pkcs11, key: 'k.pem' })).toMatch(/^FF5055 .*not --key and --pkcs11-module/);
    expect(code({ ...pkcs11, signCommand: 'x' })).toMatch(/^FF5055 .*not --pkcs11-module and --sign-command/);
    expect(code({ ...sign, signCommand: 'x' })).toMatch(/^FF5055 .*--sign-command needs --cert/);
    expect(code({ ...sign, signCommand: ' ', cert: 'c.pem' })).toMatch(/^FF5055 .*empty/);
    expect(code({ ...sign, signCommand: 'x', cert: 'c.pem', signCommandTimeout: 0 })).toMatch(/^FF5055 .*greater than 0/);
    expect(code({ ...sign, signCommandTimeout: 5, cert: 'c.pem' })).toMatch(/^FF5055 .*needs --sign-command/);
    expect(code({ sign: false, timestampOptional: false, pkcs11Module: '/usr/lib/libykcs11.so' })).toMatch(/^FF6001 --pkcs11-module/);
    expect(code({ sign: false, timestampOptional: false, signCommand: 'x' })).toMatch(/^FF6001 --sign-command/);
  });

  it('takes a PKCS#11 key from the variables the config names; the PIN stays a variable name', () => {
    const config = { pkcs11ModuleEnv: 'HSM_MODULE', pkcs11TokenEnv: 'HSM_TOKEN', pkcs11KeyEnv: 'HSM_KEY', pkcs11PinEnv: 'HSM_PIN', certPathEnv: 'CHAIN' };
    const env = { HSM_MODULE: '/opt/hsm/lib.so', HSM_TOKEN: 'prod', HSM_KEY: 'signer', HSM_PIN: '123456', CHAIN: '/ci/chain.pem' };
    const choice = chooseSigning(sign, config, env);
    expect(choice).toEqual({
      cert: '/ci/chain.pem',
      pkcs11: { module: '/opt/hsm/lib.so', token: 'prod', key: 'signer', pinEnv: 'HSM_PIN' },
      timestampUrl: undefined,
      timestampOptional: false,
      notes: ['signing with the PKCS#11 key named by HSM_KEY'],
    });
    expect(JSON.stringify(choice)).not.toContain('123456');
    expect(chooseSigning(sign, config, { HSM_MODULE: '/opt/hsm/lib.so' })).toMatchObject({ notes: ['HSM_KEY and CHAIN not set'] });
  });

  it('takes a sign command from the variable the config names, flags winning over it', () => {
    const config = { signCommandEnv: 'SIGN_COMMAND', certPathEnv: 'CHAIN' };
    expect(chooseSigning({ ...sign, signCommandTimeout: 90 }, config, { SIGN_COMMAND: 'kms-sign', CHAIN: '/c.pem' })).toMatchObject({
      cert: '/c.pem',
      signCommand: { command: 'kms-sign', timeoutSeconds: 90 },
      notes: ['signing with the command named by SIGN_COMMAND'],
    });
    expect(chooseSigning({ ...sign, pfx: 'x.pfx' }, config, { SIGN_COMMAND: 'kms-sign', CHAIN: '/c.pem' })).toMatchObject({ pfx: 'x.pfx', notes: [] });
  });
});
