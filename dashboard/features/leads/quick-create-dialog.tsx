import { LEAD_FIELD_MAX } from '@contract/limits';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { useApp } from '../../app-context';
import { type MessageKey, t } from '../../i18n';
import { navigate } from '../../router';
import { leadPath } from '../../routes';
import { Dialog } from '../../ui/dialog';
import { fieldErrorMessage, problemMessageKey } from '../../ui/problem-message';
import { SEARCH_DEBOUNCE_MS } from './list-controls';
import { leadName } from './model';
import {
  QuickCreateModel as Model,
  QUICK_FIELDS,
  type QuickCreateModel,
  type QuickField,
} from './quick-create';

const LABELS = {
  firstName: 'create.firstName',
  lastName: 'create.lastName',
  email: 'create.email',
  phone: 'create.phone',
  company: 'create.company',
} as const;

/** Why a similar lead matched, by dedupe rule id. */
const RULES: Record<string, MessageKey> = {
  'email-exact': 'dup.rule.email-exact',
  'phone-exact': 'dup.rule.phone-exact',
  'name-company-fuzzy': 'dup.rule.name-company-fuzzy',
};

const TYPES: Record<QuickField, string> = {
  firstName: 'text',
  lastName: 'text',
  email: 'email',
  phone: 'tel',
  company: 'text',
};

/** The live duplicate warning: each similar lead with a link to it, and a way to go on. */
function DuplicateWarning({
  model,
  onCreateAnyway,
}: {
  model: QuickCreateModel;
  onCreateAnyway: () => void;
}) {
  const matches = model.matches.value;
  return (
    <div role="status" aria-live="polite" class="duplicates">
      {model.checking.value && <p class="hint">{t('create.checking')}</p>}
      {matches.length > 0 && (
        <div class="notice">
          <ul>
            {matches.slice(0, 3).map((match) => {
              const name = leadName(match) + (match.company ? ` (${match.company})` : '');
              const rule = Object.hasOwn(RULES, match.rule) ? RULES[match.rule] : undefined;
              return (
                <li key={match.id}>
                  {t('create.similar', { name })}
                  {rule ? ` — ${t(rule)}` : ''}{' '}
                  <a
                    href={leadPath(match.id)}
                    onClick={(event) => {
                      event.preventDefault();
                      navigate(leadPath(match.id));
                    }}
                  >
                    {t('create.viewExisting', { name: leadName(match) })}
                  </a>
                </li>
              );
            })}
          </ul>
          <button type="button" class="button" onClick={onCreateAnyway}>
            {t('create.anyway')}
          </button>
        </div>
      )}
    </div>
  );
}

/** Quick create: a few fields, a duplicate warning while typing, then the new lead's page. */
export function QuickCreateDialog({ onClose }: { onClose: () => void }) {
  const { api } = useApp();
  const model = useMemo(() => new Model(), []);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);

  const edit = (field: QuickField, value: string) => {
    model.edit(field, value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void model.checkDuplicates(api), SEARCH_DEBOUNCE_MS);
  };
  const submit = async (event?: Event) => {
    event?.preventDefault();
    if (!model.draft.value.lastName.trim()) {
      document.getElementById('create-lastName')?.focus();
      return;
    }
    const created = await model.submit(api);
    if (!created) {
      const first = QUICK_FIELDS.find((f) => model.errors.value[f]);
      if (first) document.getElementById(`create-${first}`)?.focus();
      return;
    }
    onClose();
    navigate(leadPath(created.id));
  };
  const problem = model.problem.value;
  const errors = model.errors.value;
  const lastNameMissing = model.draft.value.lastName.trim() === '';

  return (
    <Dialog open onClose={onClose} title={t('create.title')} titleId="create-title">
      <form class="form" onSubmit={submit} noValidate>
        {QUICK_FIELDS.map((field) => {
          const error = errors[field];
          const id = `create-${field}`;
          return (
            <div class="field" key={field}>
              <label for={id}>{t(LABELS[field])}</label>
              <input
                id={id}
                type={TYPES[field]}
                autocomplete="off"
                maxLength={LEAD_FIELD_MAX[field]}
                required={field === 'lastName'}
                aria-invalid={error ? 'true' : undefined}
                aria-describedby={error ? `${id}-error` : undefined}
                value={model.draft.value[field]}
                onInput={(event) => edit(field, event.currentTarget.value)}
              />
              {error && (
                <p id={`${id}-error`} class="field__error">
                  {fieldErrorMessage(error)}
                </p>
              )}
            </div>
          );
        })}
        <DuplicateWarning model={model} onCreateAnyway={() => void submit()} />
        <div role="alert">
          {problem && !Object.keys(errors).length && (
            <p class="notice notice--error">{t(problemMessageKey(problem))}</p>
          )}
        </div>
        <div class="dialog__actions">
          <button
            type="submit"
            class="button button--primary"
            disabled={model.submitting.value}
            aria-describedby={lastNameMissing ? 'create-lastName-hint' : undefined}
          >
            {model.submitting.value ? t('create.submitting') : t('create.submit')}
          </button>
          <button type="button" class="button" onClick={onClose}>
            {t('dialog.cancel')}
          </button>
        </div>
        {lastNameMissing && (
          <p id="create-lastName-hint" class="hint">
            {t('create.error.lastName')}
          </p>
        )}
      </form>
    </Dialog>
  );
}
