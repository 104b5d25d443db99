/** What a spec string is used for. */
export type StringRole =
  /** Shown to people: titles, descriptions, messages (en-US goes into scripts, every culture into the module). */
  | 'text'
  /** A Localized text in a culture other than en-US: only the module's localized files carry it. */
  | 'localizedText'
  /** A folder under a root. */
  | 'path'
  /** A native program argument. */
  | 'argument'
  /** Data matched at run time (event data text, file content). */
  | 'data';
