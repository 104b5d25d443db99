/**
 * fixforge's own texts of the Fix it wizard (questions, headings), per culture. The fix's texts
 * (title, description, findings, steps) come from the spec in each of its cultures; a culture
 * fixforge has no translation for gets these in en-US.
 */
export interface WizardTexts {
  readonly heading: string;
  readonly checking: string;
  readonly found: string;
  readonly notFound: string;
  readonly checkFailed: string;
  readonly ask: string;
  readonly yesLetters: string;
  readonly noLetters: string;
  readonly declined: string;
  readonly repairing: string;
  readonly stepLine: string;
  readonly verifying: string;
  readonly solved: string;
  readonly notSolved: string;
  readonly restart: string;
  readonly log: string;
  readonly notElevated: string;
  /** Over-the-shoulder elevation: {0} is the signed-in person's SID. */
  readonly otherUser: string;
}

const translations: Readonly<Record<string, WizardTexts>> = {
  'en-US': {
    heading: 'Fix it',
    checking: 'Checking this computer...',
    found: 'Found:',
    notFound: 'The problem was not found on this computer. Nothing to do.',
    checkFailed: 'The check could not run:',
    ask: 'Repair now? [Y/N]',
    yesLetters: 'y,yes',
    noLetters: 'n,no',
    declined: 'Nothing was changed.',
    repairing: 'Repairing...',
    stepLine: '  {0}: {1}',
    verifying: 'Is the problem solved?',
    solved: 'Yes: the problem is solved.',
    notSolved: 'No: the problem is not solved.',
    restart: 'Restart the computer to finish the repair.',
    log: 'Log:',
    notElevated: 'This needs administrator rights: start FixIt.cmd, which asks for them.',
    otherUser: 'Fix it runs under another account than the person signed in ({0}): the steps for the current user were NOT done for them. Let that person sign in with administrator rights and run Fix it again, or repair their profile with Repair-* -Context EveryUser.',
  },
  'nl-NL': {
    heading: 'Fix it',
    checking: 'Deze computer wordt gecontroleerd...',
    found: 'Gevonden:',
    notFound: 'Het probleem komt op deze computer niet voor. Er is niets te doen.',
    checkFailed: 'De controle kon niet worden uitgevoerd:',
    ask: 'Nu repareren? [J/N]',
    yesLetters: 'j,ja,y,yes',
    noLetters: 'n,nee,no',
    declined: 'Er is niets gewijzigd.',
    repairing: 'Bezig met repareren...',
    stepLine: '  {0}: {1}',
    verifying: 'Is het probleem opgelost?',
    solved: 'Ja: het probleem is opgelost.',
    notSolved: 'Nee: het probleem is niet opgelost.',
    restart: 'Start de computer opnieuw op om de reparatie af te ronden.',
    log: 'Logboek:',
    notElevated: 'Hiervoor zijn beheerdersrechten nodig: start FixIt.cmd, dat erom vraagt.',
    otherUser: 'Fix it draait onder een ander account dan de aangemelde persoon ({0}): de stappen voor de huidige gebruiker zijn NIET voor die persoon gedaan. Laat die persoon zich met beheerdersrechten aanmelden en Fix it opnieuw starten, of herstel het profiel met Repair-* -Context EveryUser.',
  },
};

/** The wizard's texts for one culture, en-US when fixforge has none for it. */
export function wizardTexts(culture: string): WizardTexts {
  return translations[culture] ?? translations['en-US'];
}
