/**
 * Which invocations of the allowed programs only read: detection must never change the machine.
 * Each program names the arguments that make a query; anything else is refused (FF2030).
 */
import type { SystemProgram } from '../../repair/runProgram/dsl';

type Rule = (args: readonly string[]) => boolean;

const first = (...allowed: string[]): Rule => (args) => args.length > 0 && allowed.includes(args[0].toLowerCase());
const has = (...needles: string[]): ((args: readonly string[]) => boolean) => (args) => args.some((a) => needles.includes(a.toLowerCase()));

const readOnly: Readonly<Record<SystemProgram, { rule: Rule; says: string } | undefined>> = {
  'wbem\\winmgmt.exe': { rule: first('/verifyrepository'), says: '/verifyrepository' },
  'w32tm.exe': { rule: first('/query', '/stripchart', '/tz'), says: '/query, /stripchart or /tz' },
  'sc.exe': { rule: first('query', 'queryex', 'qc', 'qdescription', 'qfailure', 'qtriggerinfo', 'sdshow'), says: 'query, queryex, qc, qdescription, qfailure, qtriggerinfo or sdshow' },
  'ipconfig.exe': { rule: (args) => args.length === 0 || first('/all', '/displaydns')(args), says: 'no arguments, /all or /displaydns' },
  'netsh.exe': { rule: (args) => has('show')(args) && !has('set', 'reset', 'add', 'delete', 'import', 'install', 'uninstall')(args), says: "a 'show' command" },
  'certutil.exe': { rule: (args) => first('-store', '-verifystore', '-urlcache', '-verify', '-dump')(args) && !has('delete', '-f')(args), says: '-store, -verifystore, -urlcache (without delete), -verify or -dump' },
  'wevtutil.exe': { rule: first('qe', 'query-events', 'gl', 'get-log', 'el', 'enum-logs', 'gli', 'get-log-info'), says: 'qe, gl, el or gli' },
  'schtasks.exe': { rule: first('/query'), says: '/query' },
  'bitsadmin.exe': { rule: first('/list', '/info', '/rawreturn'), says: '/list or /info' },
  'dism.exe': { rule: (args) => has('/checkhealth', '/scanhealth')(args) || args.some((a) => a.toLowerCase().startsWith('/get-')), says: '/CheckHealth, /ScanHealth or a /Get-* command' },
  'sfc.exe': { rule: first('/verifyonly'), says: '/verifyonly' },
  'gpresult.exe': { rule: (args) => first('/r', '/v', '/z', '/scope')(args) && !has('/h', '/x', '/f')(args), says: '/r, /v, /z or /scope (without /h, /x or /f, which write a report file)' },
  'pnputil.exe': { rule: first('/enum-drivers', '/enum-devices', '/enum-interfaces', '/enum-classes', '/enum-containers', '-e'), says: 'an /enum-* command or -e' },
  'powercfg.exe': { rule: first('/list', '/l', '/query', '/q', '/getactivescheme', '/a', '/availablesleepstates', '/devicequery', '/lastwake'), says: '/list, /query, /getactivescheme, /availablesleepstates, /devicequery or /lastwake' },
  'bcdedit.exe': { rule: (args) => args.length > 0 && args.every((a) => ['/enum', '/v', 'all', 'active', 'firmware', 'bootapp', 'bootmgr', 'osloader', 'resume', 'inherit'].includes(a.toLowerCase())) && has('/enum')(args), says: '/enum (with /v or an entry type)' },
  // These act whatever their arguments: reset the Store cache, apply policy, install, scan or download updates.
  'wsreset.exe': undefined,
  'gpupdate.exe': undefined,
  'msiexec.exe': undefined,
  'UsoClient.exe': undefined,
  'wuauclt.exe': undefined,
  'net.exe': undefined,
  'regsvr32.exe': undefined,
};

/** Why running `program` with `args` may change the machine, or undefined when it only reads. */
export function readOnlyRefusal(program: SystemProgram, args: readonly string[]): string | undefined {
  const entry = readOnly[program];
  if (!entry) return `${program} has no read-only use`;
  return entry.rule(args) ? undefined : `detection runs ${program} only with ${entry.says}`;
}
