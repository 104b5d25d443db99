/**
 * Windows Time does not synchronize: the System log has Time-Service warnings that no time
 * source answered or that the time was not synchronized for a long time, and the clock drifts
 * (Kerberos then fails at five minutes). The documented procedure: stop the service, re-register
 * it (`w32tm /unregister`, `w32tm /register`: the default configuration again), set it to start
 * automatically, start it and resynchronize (`w32tm /resync`, which may need a few tries while the
 * service finds its time source).
 */
import { defineFix, detect, repair, verify } from 'fixforge/dsl';

export default defineFix({
  id: 'windows-time',
  link: 'https://learn.microsoft.com/en-us/windows-server/networking/windows-time-service/windows-time-service-tools-and-settings',
  module: { name: 'FixForge.WindowsTime', version: '1.0.0', noun: 'WindowsTimeSync', author: 'fixforge', companyName: 'fixforge' },
  cultures: ['en-US', 'nl-NL'],
  title: { 'en-US': 'Windows Time does not synchronize the clock', 'nl-NL': 'Windows Tijd synchroniseert de klok niet' },
  description: {
    'en-US': 'Re-registers the Windows Time service with its default configuration, starts it automatically and resynchronizes the clock.',
    'nl-NL': 'Registreert de service Windows Tijd opnieuw met de standaardconfiguratie, start deze automatisch en synchroniseert de klok opnieuw.',
  },
  appliesTo: ['windows7', 'windows8', 'windows81', 'windows10', 'windows11'],
  targets: { module: { powershell: '2.0' }, cmd: {}, intune: { powershell: '5.1' }, gpo: { powershell: '2.0' } },
  detection: [
    detect.eventLog({
      id: 'timeServiceWarnings',
      description: {
        'en-US': 'Time-Service warnings 36, 47 or 129 in the System log (no time source answered, or no synchronization for a long time).',
        'nl-NL': 'Time-Service-waarschuwingen 36, 47 of 129 in het systeemlogboek (geen tijdbron antwoordde, of lang geen synchronisatie).',
      },
      log: 'System',
      provider: 'Microsoft-Windows-Time-Service',
      eventIds: [36, 47, 129],
      level: 'warning',
      withinDays: 7,
      messages: {
        detected: { 'en-US': 'Windows Time reported that it could not synchronize.', 'nl-NL': 'Windows Tijd meldde dat synchroniseren niet lukte.' },
        clean: { 'en-US': 'No Windows Time synchronization warnings since the last repair.', 'nl-NL': 'Geen synchronisatiewaarschuwingen van Windows Tijd sinds de laatste reparatie.' },
      },
    }),
  ],
  repair: [
    repair.service({
      id: 'stopTimeService',
      description: { 'en-US': 'Stop the Windows Time service.', 'nl-NL': 'De service Windows Tijd stoppen.' },
      context: 'system',
      service: 'W32Time',
      action: 'stop',
      timeoutSeconds: 30,
      onFailure: 'stop',
    }),
    repair.runProgram({
      id: 'unregisterTimeService',
      description: { 'en-US': 'Unregister the Windows Time service (w32tm /unregister).', 'nl-NL': 'De service Windows Tijd afmelden (w32tm /unregister).' },
      context: 'system',
      program: 'w32tm.exe',
      arguments: ['/unregister'],
      successExitCodes: [0],
      onFailure: 'stop',
    }),
    repair.runProgram({
      id: 'registerTimeService',
      description: { 'en-US': 'Register it again with its default settings (w32tm /register).', 'nl-NL': 'Opnieuw registreren met de standaardinstellingen (w32tm /register).' },
      context: 'system',
      program: 'w32tm.exe',
      arguments: ['/register'],
      successExitCodes: [0],
      onFailure: 'stop',
    }),
    repair.service({
      id: 'startAutomatically',
      description: { 'en-US': 'Set the Windows Time service to start automatically.', 'nl-NL': 'De service Windows Tijd automatisch laten starten.' },
      context: 'system',
      service: 'W32Time',
      action: 'setStartType',
      startType: 'automatic',
    }),
    repair.service({
      id: 'startTimeService',
      description: { 'en-US': 'Start the Windows Time service.', 'nl-NL': 'De service Windows Tijd starten.' },
      context: 'system',
      service: 'W32Time',
      action: 'start',
      timeoutSeconds: 60,
      onFailure: 'stop',
    }),
    repair.runProgram({
      id: 'resynchronize',
      description: { 'en-US': 'Resynchronize the clock (w32tm /resync), up to three more tries 10 seconds apart.', 'nl-NL': 'De klok opnieuw synchroniseren (w32tm /resync), tot drie keer opnieuw met 10 seconden ertussen.' },
      context: 'system',
      program: 'w32tm.exe',
      arguments: ['/resync'],
      successExitCodes: [0],
      retry: { count: 3, delaySeconds: 10 },
    }),
  ],
  verify: [
    verify.that('timeServiceRunning', { 'en-US': 'The Windows Time service runs and starts automatically.', 'nl-NL': 'De service Windows Tijd draait en start automatisch.' }, detect.serviceState({
      id: 'timeServiceRuns',
      description: { 'en-US': 'W32Time is running and set to start automatically.', 'nl-NL': 'W32Time draait en start automatisch.' },
      service: 'W32Time',
      state: ['running'],
      startType: ['automatic', 'automaticDelayed'],
      indicates: 'problem',
      messages: {
        detected: { 'en-US': 'Windows Time is running and starts automatically.', 'nl-NL': 'Windows Tijd draait en start automatisch.' },
        clean: { 'en-US': 'Windows Time is not running, or does not start automatically.', 'nl-NL': 'Windows Tijd draait niet, of start niet automatisch.' },
      },
    })),
    verify.that('timeStatusAnswers', { 'en-US': 'w32tm /query /status answers.', 'nl-NL': 'w32tm /query /status antwoordt.' }, detect.programOutput({
      id: 'timeStatus',
      description: { 'en-US': 'w32tm /query /status succeeds.', 'nl-NL': 'w32tm /query /status slaagt.' },
      program: 'w32tm.exe',
      arguments: ['/query', '/status'],
      exitCodeIn: [0],
      messages: {
        detected: { 'en-US': 'Windows Time answers status queries.', 'nl-NL': 'Windows Tijd beantwoordt statusvragen.' },
        clean: { 'en-US': 'Windows Time does not answer status queries.', 'nl-NL': 'Windows Tijd beantwoordt geen statusvragen.' },
      },
    })),
    verify.rerunDetection('noNewWarnings', { 'en-US': 'No new Time-Service warnings.', 'nl-NL': 'Geen nieuwe Time-Service-waarschuwingen.' }),
  ],
  hints: [],
});
