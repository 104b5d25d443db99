/**
 * A Group Policy scripts folder (facts page, section 5), laid out like the GPO in SYSVOL: the
 * cmd emitter's machine startup and user logon scripts, a standalone PowerShell startup script
 * (the module's engine, 2.0-safe) and the scripts.ini / psscripts.ini that register them.
 */
import type { Artifact } from '../artifact';
import { render } from '../templates';
import { commandNames, contextParameterValue } from '../../vocabulary/naming';
import { fixName, generatorBanner } from '../banner';
import { cmdLogDir, emitCmd } from '../cmd/emitCmd';
import type { FixIR } from '../../ir/types';
import { standaloneEngine } from '../powershell/standalone';
import { pathParameterUse } from '../powershell/publicFunctions';
import { gpoBackupId, gpoDisplayName } from '../gpoBackup/ids';

interface IniScript {
  readonly cmdLine: string;
  readonly parameters: string;
}
interface IniSection {
  readonly name: 'Startup' | 'Shutdown' | 'Logon' | 'Logoff' | 'ScriptsConfig';
  readonly scripts: readonly IniScript[];
  readonly settings: readonly { key: string; value: string }[];
}

export function gpoPaths(id: string) {
  return {
    machineCmd: `gpo/Machine/Scripts/Startup/${id}-machine-startup.cmd`,
    machinePs1: `gpo/Machine/Scripts/Startup/${id}-machine-startup.ps1`,
    userCmd: `gpo/User/Scripts/Logon/${id}-user-logon.cmd`,
    machineScriptsIni: 'gpo/Machine/Scripts/scripts.ini',
    machinePsScriptsIni: 'gpo/Machine/Scripts/psscripts.ini',
    userScriptsIni: 'gpo/User/Scripts/scripts.ini',
  };
}

export interface GpoOptions {
  /**
   * Run the module's Test- first and repair only when it finds the problem (the default). An
   * on-demand fix, whose repair is wanted at every start whatever detection says, sets this to
   * false; the DSL has no such flag yet.
   */
  readonly detectFirst?: boolean;
}

export function emitGpo(ir: FixIR, options: GpoOptions = {}): Artifact[] {
  const detectFirst = options.detectFirst ?? true;
  const target = ir.targets.gpo;
  if (!target) return [];
  const paths = gpoPaths(ir.id);
  const name = (p: string) => p.slice(p.lastIndexOf('/') + 1);
  // The same bytes as the cmd target's scripts, whether or not that target is enabled.
  const cmd = emitCmd({ ...ir, targets: { ...ir.targets, cmd: {} } });
  const machineCmd = cmd.find((a) => a.path === `cmd/${ir.id}-machine-startup.cmd`);
  const userCmd = cmd.find((a) => a.path === `cmd/${ir.id}-user-logon.cmd`);
  const machineContexts = ir.contexts.filter((c) => c === 'system' || c === 'everyUser');

  const artifacts: Artifact[] = [];
  const startup: IniScript[] = [];
  const psStartup: IniScript[] = [];
  if (machineCmd) {
    artifacts.push({ ...machineCmd, path: paths.machineCmd });
    startup.push({ cmdLine: name(paths.machineCmd), parameters: '' });
  }
  if (machineContexts.length > 0) {
    const { usesEveryUser } = pathParameterUse(ir);
    const contextValues = machineContexts.map(contextParameterValue);
    artifacts.push({
      path: paths.machinePs1,
      kind: 'powershell',
      text: render('gpo', 'startup.ps1', {
        powershell: target.powershell,
        title: ir.title['en-US'],
        generator: generatorBanner(),
        sourceFile: ir.sourceFile,
        commands: commandNames(ir.module.noun),
        // The GPO script matches hint needles of every culture, like the module, and speaks the
        // machine's language when the fix has it (UTF-8 with BOM: every text is carried exactly).
        engine: standaloneEngine(ir, { hintCultures: ir.cultures, helpCultures: ir.cultures, strings: 'all' }),
        contextValues,
        contextsText: contextValues.join(', '),
        cmdName: machineCmd ? name(paths.machineCmd) : 'no .cmd',
        logHint: `%ProgramData%\\FixForge\\${ir.id}\\${ir.id}.log`,
        detectFirst,
        testParameters: ['WindowsDirectory', ...(usesEveryUser ? ['ProfileDirectory'] : []), 'DataDirectory'],
        repairParameters: ['WindowsDirectory', ...(usesEveryUser ? ['ProfileDirectory'] : []), 'DataDirectory'],
        summaryPrefix: `${ir.id} gpo startup: `,
      }),
    });
    psStartup.push({ cmdLine: name(paths.machinePs1), parameters: '' });
  }
  if (startup.length > 0) artifacts.push(ini(paths.machineScriptsIni, [{ name: 'Startup', scripts: startup, settings: [] }]));
  if (psStartup.length > 0) {
    artifacts.push(
      ini(paths.machinePsScriptsIni, [
        { name: 'Startup', scripts: psStartup, settings: [] },
        // Where both kinds run (Windows 7 and later), PowerShell goes first: it also covers every user.
        { name: 'ScriptsConfig', scripts: [], settings: [{ key: 'StartExecutePSFirst', value: 'true' }] },
      ]),
    );
  }
  if (userCmd) {
    artifacts.push({ ...userCmd, path: paths.userCmd });
    artifacts.push(ini(paths.userScriptsIni, [{ name: 'Logon', scripts: [{ cmdLine: name(paths.userCmd), parameters: '' }], settings: [] }]));
  }
  artifacts.push({
    path: 'gpo/DEPLOY.md',
    kind: 'text',
    text: render('gpo', 'DEPLOY.md', {
      fixId: ir.id,
      kb: ir.kb,
      name: fixName(ir),
      title: ir.title['en-US'],
      files: artifacts.map((a) => ({ path: a.path.slice('gpo/'.length), sysvol: `\\\\<domain>\\SYSVOL\\<domain>\\Policies\\{GPO-GUID}\\${a.path.slice('gpo/'.length).replace(/\//g, '\\')}` })),
      machineCmd: machineCmd ? name(paths.machineCmd) : undefined,
      machinePs1: machineContexts.length > 0 ? name(paths.machinePs1) : undefined,
      userCmd: userCmd ? name(paths.userCmd) : undefined,
      powershell: target.powershell,
      detectFirst,
      fixLog: `%ProgramData%\\FixForge\\${ir.id}\\${ir.id}.log`,
      machineCmdLog: `${cmdLogDir(ir.id, 'machine')}\\${ir.id}-machine.log`,
      userCmdLog: `${cmdLogDir(ir.id, 'user')}\\${ir.id}-user.log`,
      gpoName: gpoDisplayName(ir),
      // The gpoBackup target's folder beside this one, when the spec enables it.
      backup: ir.targets.gpoBackup ? { id: gpoBackupId(ir.id) } : null,
    }),
  });
  return artifacts;
}

function ini(path: string, sections: IniSection[]): Artifact {
  return { path, kind: 'ini', text: render('gpo', 'scripts.ini', { sections }) };
}
