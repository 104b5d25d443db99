/** Constants shared by fixes that touch the CryptoAPI URL cache (CryptnetUrlCache). */
import type { WellKnownRoot } from 'fixforge/dsl';

export const CRYPTNET_CACHE = 'AppData\\LocalLow\\Microsoft\\CryptnetUrlCache';
export const CRYPTNET_CONTENT = `${CRYPTNET_CACHE}\\Content`;
export const CRYPTNET_METADATA = `${CRYPTNET_CACHE}\\MetaData`;

/** The three profiles KB 2328240 names. */
export const KB_SERVICE_PROFILES: readonly WellKnownRoot[] = ['localService', 'networkService', 'systemProfile'];

/** The 32-bit SYSTEM profile: a real second copy of the cache on 64-bit Windows (beyond the KB). */
export const WOW64_SYSTEM_PROFILE: readonly WellKnownRoot[] = ['systemProfileWow64'];

/** The file name of the third-party root list; newer systems fetch it from another host. */
export const AUTHROOT_CAB = 'authrootstl.cab';
