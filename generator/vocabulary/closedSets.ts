/** The closed sets of words the fix as a whole allows, as runtime values for checking evaluated specs. */
import type { ExecutionContext, PowerShellVersion, WindowsVersion } from './dsl/common';

export const executionContexts: readonly ExecutionContext[] = ['system', 'currentUser', 'everyUser'];
export const powerShellVersions: readonly PowerShellVersion[] = ['2.0', '3.0', '4.0', '5.1'];

export const windowsVersions: readonly WindowsVersion[] = [
  'vista', 'server2008', 'windows7', 'server2008r2', 'windows8', 'server2012', 'windows81', 'server2012r2',
  'windows10', 'windows11', 'server2016', 'server2019', 'server2022', 'server2025',
];

/** The Windows PowerShell that ships in the box, per Windows version (facts page, section 2). */
export const inboxPowerShell: Readonly<Record<WindowsVersion, PowerShellVersion | undefined>> = {
  vista: undefined,
  server2008: undefined,
  windows7: '2.0',
  server2008r2: '2.0',
  windows8: '3.0',
  server2012: '3.0',
  windows81: '4.0',
  server2012r2: '4.0',
  windows10: '5.1',
  windows11: '5.1',
  server2016: '5.1',
  server2019: '5.1',
  server2022: '5.1',
  server2025: '5.1',
};

/** Windows versions Intune can manage (Windows 10 1607 and later, Server is not enrolled for Remediations). */
export const intuneReachable: readonly WindowsVersion[] = ['windows10', 'windows11'];
