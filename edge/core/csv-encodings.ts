/** The encodings an import file may be read as (the user may choose one when detection guessed wrong). */
export const CsvEncodingValues = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
