/**
 * KB 2328240: CAPI2 event 4107 (Windows 7 / 2008 R2 and later) or 11 (Vista / 2008),
 * "Failed extract of third-party root list from auto update cab at: <url>/authrootstl.cab".
 * Cause: a cached CTL whose signing certificate expired, or a proxy that returned something
 * that is not a CAB ("the data is invalid"). Fix: empty the CryptoAPI URL cache for every user
 * and for the service profiles, then check that no new event is logged.
 */
import { defineFix, detect, hint, repair, verify } from 'fixforge/dsl';
import {
  AUTHROOT_CAB,
  CRYPTNET_CONTENT,
  CRYPTNET_METADATA,
  KB_SERVICE_PROFILES,
  WOW64_SYSTEM_PROFILE,
} from './shared/cryptnet';

const CACHE_FOLDERS = [CRYPTNET_CONTENT, CRYPTNET_METADATA];

export default defineFix({
  id: 'kb2328240',
  kb: 2328240,
  module: {
    name: 'FixForge.KB2328240',
    version: '1.0.0',
    noun: 'CapiRootListCache',
    author: 'fixforge',
    companyName: 'fixforge',
  },
  cultures: ['en-US', 'nl-NL'],
  title: {
    'en-US': 'CAPI2 event 4107 or 11: failed extract of third-party root list from auto update cab',
    'nl-NL': 'CAPI2-gebeurtenis 4107 of 11: uitpakken van lijst met basiscertificaten van derden uit cab voor automatisch bijwerken is mislukt',
  },
  description: {
    'en-US':
      'Windows logs CAPI2 event 4107 (Windows 7 and Server 2008 R2 and later) or event 11 (Vista and Server 2008) when the cached third-party root list (authrootstl.cab) cannot be extracted: its signing certificate has expired, or a proxy returned something that is not a cabinet file. Emptying the CryptoAPI URL cache of every user and of the LocalService, NetworkService and LocalSystem profiles makes Windows fetch a fresh list.',
    'nl-NL':
      'Windows registreert CAPI2-gebeurtenis 4107 (Windows 7 en Server 2008 R2 en later) of gebeurtenis 11 (Vista en Server 2008) wanneer de opgeslagen lijst met basiscertificaten van derden (authrootstl.cab) niet kan worden uitgepakt: het handtekeningcertificaat is verlopen, of een proxy gaf iets terug dat geen cabinetbestand is. Door de CryptoAPI-URL-cache van elke gebruiker en van de profielen LocalService, NetworkService en LocalSystem te legen haalt Windows een nieuwe lijst op.',
  },
  appliesTo: ['vista', 'server2008', 'windows7', 'server2008r2', 'windows8', 'server2012', 'windows81', 'server2012r2', 'windows10', 'windows11', 'server2016', 'server2019', 'server2022', 'server2025'],
  targets: {
    module: { powershell: '2.0' },
    cmd: {},
    intune: { powershell: '5.1' },
    gpo: { powershell: '2.0' },
    gpoBackup: {},
    nupkg: {},
    fixit: {},
  },

  detection: [
    detect.eventLog({
      id: 'capi2RootListEvent',
      description: {
        'en-US': 'CAPI2 errors 4107 or 11 in the Application log about the third-party root list cab.',
        'nl-NL': 'CAPI2-fouten 4107 of 11 in het toepassingslogboek over de cab met de lijst van basiscertificaten van derden.',
      },
      log: 'Application',
      provider: 'Microsoft-Windows-CAPI2',
      // 4107 from Windows 7 / 2008 R2 on, 11 on Vista / 2008; both are accepted everywhere.
      eventIds: [4107, 11],
      level: 'error',
      // EventData/Data[0] holds the URL; the message text is localized, so it is not matched.
      dataContains: { index: 0, text: AUTHROOT_CAB },
      withinDays: 30,
      messages: {
        detected: {
          'en-US': 'CAPI2 could not extract the third-party root list (event 4107 or 11).',
          'nl-NL': 'CAPI2 kon de lijst met basiscertificaten van derden niet uitpakken (gebeurtenis 4107 of 11).',
        },
        clean: {
          'en-US': 'No CAPI2 root list extraction errors since the last repair.',
          'nl-NL': 'Geen CAPI2-fouten bij het uitpakken van de lijst met basiscertificaten sinds de laatste reparatie.',
        },
      },
    }),
    detect.fileContent({
      id: 'cachedRootList',
      description: {
        'en-US': 'URL cache metadata that refers to the third-party root list cab.',
        'nl-NL': 'Metagegevens in de URL-cache die naar de cab met de lijst van basiscertificaten verwijzen.',
      },
      roots: [...KB_SERVICE_PROFILES, ...WOW64_SYSTEM_PROFILE, 'everyUserProfile'],
      folder: CRYPTNET_METADATA,
      contains: AUTHROOT_CAB,
      // A cached root list is normal on a healthy machine: it explains, it does not decide.
      indicates: 'evidence',
      messages: {
        detected: {
          'en-US': 'A cached copy of the third-party root list is present.',
          'nl-NL': 'Er is een opgeslagen kopie van de lijst met basiscertificaten van derden aanwezig.',
        },
        clean: {
          'en-US': 'No cached copy of the third-party root list.',
          'nl-NL': 'Geen opgeslagen kopie van de lijst met basiscertificaten van derden.',
        },
      },
    }),
  ],

  repair: [
    repair.runProgram({
      id: 'clearUserUrlCache',
      description: {
        'en-US': 'Delete the current user\'s CryptoAPI URL cache with certutil -urlcache * delete.',
        'nl-NL': 'De CryptoAPI-URL-cache van de huidige gebruiker verwijderen met certutil -urlcache * delete.',
      },
      // certutil -urlcache only ever cleans the cache of the user who runs it.
      context: 'currentUser',
      program: 'certutil.exe',
      arguments: ['-urlcache', '*', 'delete'],
      successExitCodes: [0],
    }),
    repair.clearFolderContents({
      id: 'clearServiceProfileCaches',
      description: {
        'en-US': 'Empty Content and MetaData of the URL cache of LocalService, NetworkService and LocalSystem (32-bit and 64-bit).',
        'nl-NL': 'Content en MetaData van de URL-cache van LocalService, NetworkService en LocalSystem (32-bits en 64-bits) leegmaken.',
      },
      context: 'system',
      roots: [...KB_SERVICE_PROFILES, ...WOW64_SYSTEM_PROFILE],
      folders: CACHE_FOLDERS,
    }),
    repair.clearFolderContents({
      id: 'clearEveryUserCache',
      description: {
        'en-US': 'Empty Content and MetaData of the URL cache in every user profile on disk, also for users who do not log on again.',
        'nl-NL': 'Content en MetaData van de URL-cache leegmaken in elk gebruikersprofiel op schijf, ook voor gebruikers die niet meer aanmelden.',
      },
      context: 'everyUser',
      roots: ['everyUserProfile'],
      folders: CACHE_FOLDERS,
    }),
  ],

  verify: [
    verify.rerunDetection('noNewEvents', {
      'en-US': 'No CAPI2 event 4107 or 11 about the root list since the repair.',
      'nl-NL': 'Geen CAPI2-gebeurtenis 4107 of 11 over de lijst met basiscertificaten sinds de reparatie.',
    }),
    verify.foldersEmpty(
      'cachesEmpty',
      {
        'en-US': 'The emptied URL cache folders contain nothing (locked files are reported).',
        'nl-NL': 'De geleegde URL-cachemappen zijn leeg (vergrendelde bestanden worden gemeld).',
      },
      ['clearServiceProfileCaches', 'clearEveryUserCache'],
    ),
  ],

  hints: [
    hint({
      id: 'proxyReturnedNonCab',
      detection: 'capi2RootListEvent',
      messageContains: {
        'en-US': ['The data is invalid'],
        'nl-NL': ['De gegevens zijn ongeldig'],
      },
      text: {
        'en-US': 'The download was not a cabinet file ("the data is invalid"): check that the proxy lets Windows Update URLs through unchanged, or the error will come back.',
        'nl-NL': 'De download was geen cabinetbestand ("de gegevens zijn ongeldig"): controleer of de proxy Windows Update-URL\'s ongewijzigd doorlaat, anders keert de fout terug.',
      },
    }),
    hint({
      id: 'expiredSigningCertificate',
      detection: 'capi2RootListEvent',
      messageContains: {
        'en-US': ['not within its validity period'],
        'nl-NL': ['niet binnen de geldigheidsperiode'],
      },
      text: {
        'en-US': 'The cached root list was signed with a certificate that has expired; the emptied cache makes Windows fetch a current list.',
        'nl-NL': 'De opgeslagen lijst is ondertekend met een verlopen certificaat; na het legen van de cache haalt Windows een actuele lijst op.',
      },
    }),
  ],
});
