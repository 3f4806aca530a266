import type { ImportPreview } from '@contract/imports';
import { t } from '../../i18n';
import { Link } from '../../router';
import { leadPath } from '../../routes';
import type { ImportModel } from './model';
import { importReasonText } from './reason';

type PreviewRow = ImportPreview['items'][number];

/**
 * The choice for every row that only resembles another person (name and company alike, another email):
 * imported and linked for review, or skipped. Shown when the dry run found such rows; native radios, so
 * the arrow keys move between them.
 */
export function PossibleDuplicatesChoice({ model }: { model: ImportModel }) {
  const job = model.job.value!;
  const found = model.preview.value?.totals.possible_duplicate ?? 0;
  if (found === 0) return null;
  const choice = job.possibleDuplicates.choice;
  return (
    <fieldset class="field-row import-possible" aria-describedby="possible-hint">
      <legend>{t('import.possible.legend')}</legend>
      <p id="possible-hint" class="hint import-possible__hint">
        {t('import.possible.hint')}
      </p>
      {(['create', 'skip'] as const).map((c) => (
        <label key={c} class="import-radio">
          <input
            type="radio"
            name="possible-duplicates"
            value={c}
            checked={choice === c}
            onChange={() => model.choosePossibleDuplicates(c)}
          />
          {c === 'create' ? t('import.possible.create') : t('import.possible.skip')}
        </label>
      ))}
    </fieldset>
  );
}

/**
 * A row's reason: for a possible duplicate, whom it resembles (the line, or the lead once it exists) and
 * the row's own choice to skip it instead; otherwise the dry run's reason.
 */
export function RowReason({ model, row }: { model: ImportModel; row: PreviewRow }) {
  const note = row.note;
  if (!note) return <>{importReasonText(row)}</>;
  const skipped = row.outcome === 'skip';
  return (
    <div class="import-note">
      <span>
        {note.line === null ? t('import.note.lead') : t('import.note.line', { line: String(note.line) })}
      </span>{' '}
      {note.leadId && <Link href={leadPath(note.leadId)}>{t('import.note.openLead')}</Link>}
      <label class="import-radio">
        <input
          type="checkbox"
          checked={skipped}
          onChange={() => model.choosePossibleDuplicates(skipped ? 'create' : 'skip', row.line)}
        />
        {t('import.possible.skipLine', { line: String(row.line) })}
      </label>
    </div>
  );
}
