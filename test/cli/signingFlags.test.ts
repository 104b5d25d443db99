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
