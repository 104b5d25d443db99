/**
 * DNS and Winsock reset, on demand: name resolution or connections fail after malware removal, a
 * broken VPN client or a bad network driver. Microsoft's procedure: flush the DNS client cache
 * (`ipconfig /flushdns`), reset the Winsock catalog (`netsh winsock reset`) and, when that is not
 * enough, the TCP/IP stack (`netsh int ip reset`); the resets take effect after a restart.
 */
import { defineFix, detect, repair, verify } from 'fixforge/dsl';

export default defineFix({
  id: 'dns-winsock-reset',
  kb: 299357,
  module: { name: 'FixForge.DnsWinsockReset', version: '1.0.0', noun: 'NetworkStack', author: 'fixforge', companyName: 'fixforge' },
  title: { 'en-US': 'Reset the DNS client cache and the Winsock catalog' },
  description: {
    'en-US':
      'Flushes the DNS client cache and resets the Winsock catalog to its default, removing layered service providers that broken or removed software left behind. Optionally also resets the TCP/IP stack. Run on demand; the computer must restart for the resets to take effect.',
  },
  appliesTo: ['windows7', 'server2008r2', 'windows8', 'server2012', 'windows81', 'server2012r2', 'windows10', 'windows11', 'server2016', 'server2019', 'server2022', 'server2025'],
  targets: { module: { powershell: '2.0' }, cmd: {}, intune: { powershell: '5.1' }, gpo: { powershell: '2.0' } },
  detection: [
    detect.always({
      id: 'onDemand',
      description: { 'en-US': 'On demand: the reset is needed whenever it is run.' },
      messages: {
        detected: { 'en-US': 'Run on demand: the network stack will be reset.' },
        clean: { 'en-US': 'Not applicable: this fix runs on demand.' },
      },
    }),
  ],
  repair: [
    repair.runProgram({
      id: 'flushDns',
      description: { 'en-US': 'Flush the DNS client cache (ipconfig /flushdns).' },
      context: 'system',
      program: 'ipconfig.exe',
      arguments: ['/flushdns'],
      successExitCodes: [0],
    }),
    repair.runProgram({
      id: 'resetWinsock',
      description: { 'en-US': 'Reset the Winsock catalog (netsh winsock reset).' },
      context: 'system',
      program: 'netsh.exe',
      arguments: ['winsock', 'reset'],
      successExitCodes: [0],
      rebootRequired: true,
    }),
    repair.runProgram({
      id: 'resetTcpIp',
      description: { 'en-US': 'Reset the TCP/IP stack (netsh int ip reset); only when asked for.' },
      context: 'system',
      program: 'netsh.exe',
      arguments: ['int', 'ip', 'reset'],
      successExitCodes: [0],
      rebootRequired: true,
      optional: true,
    }),
  ],
  verify: [
    verify.that('winsockCatalogReadable', { 'en-US': 'The Winsock catalog can be read (netsh winsock show catalog).' }, detect.programOutput({
      id: 'winsockCatalog',
      description: { 'en-US': 'netsh winsock show catalog succeeds.' },
      program: 'netsh.exe',
      arguments: ['winsock', 'show', 'catalog'],
      exitCodeIn: [0],
      messages: {
        detected: { 'en-US': 'The Winsock catalog can be read.' },
        clean: { 'en-US': 'The Winsock catalog cannot be read.' },
      },
    })),
  ],
  hints: [],
});
