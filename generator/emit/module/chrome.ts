/**
 * fixforge's own texts around a fix's texts (the about_ topic's one-line command summaries), per
 * culture. A culture fixforge has no translation for gets en-US: the spec's texts are still in
 * the spec's cultures, only these stay English.
 */
export interface ChromeTexts {
  readonly testSynopsis: string;
  readonly repairSynopsis: string;
  readonly statusSynopsis: string;
}

const translations: Readonly<Record<string, ChromeTexts>> = {
  'en-US': {
    testSynopsis: 'Tells whether the problem is present on this computer.',
    repairSynopsis: 'Runs the repair (-WhatIf shows what it would do).',
    statusSynopsis: 'Checks that the repair worked.',
  },
  'nl-NL': {
    testSynopsis: 'Stelt vast of het probleem op deze computer optreedt.',
    repairSynopsis: 'Voert de reparatie uit (-WhatIf toont wat er zou gebeuren).',
    statusSynopsis: 'Controleert of de reparatie gewerkt heeft.',
  },
};

export function chromeTexts(culture: string): ChromeTexts {
  return translations[culture] ?? translations['en-US'];
}
