import type { ConversionPreview } from '@contract/conversion';
import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { useApp } from '../../app-context';
import { t } from '../../i18n';
import { navigate } from '../../router';
import { opportunityPath } from '../../routes';
import { Dialog } from '../../ui/dialog';
import { Loading } from '../../ui/loading';
import { problemMessageKey } from '../../ui/problem-message';
import { flash } from '../crm/flash';
import { type AccountChoice, ConvertModel, convertBody, defaultAccount } from './convert-model';

type Props = { leadId: string; onClose: () => void };

/** Confirms a conversion: the preview, the account (a match or a new one), the name and the AE. */
export function ConvertDialog({ leadId, onClose }: Props) {
  const { api, session } = useApp();
  const model = useMemo(() => new ConvertModel(), []);
  // The lead's open tasks: when there are any, the form offers to close them.
  const openTasks = useSignal(0);
  useEffect(() => {
    void model.open(api, leadId);
    void api.tasks.forLead(leadId).then((r) => {
      openTasks.value = r.ok ? r.data.items.filter((x) => !x.done).length : 0;
    });
  }, [api, model, leadId, openTasks]);
  const preview = model.preview.value;
  return (
    <Dialog open onClose={onClose} title={t('convert.title')} titleId="convert-title">
      {preview ? (
        <ConvertForm
          preview={preview}
          model={model}
          meId={session.session.value?.user.id ?? ''}
          openTasks={openTasks.value}
          onClose={onClose}
          onConvert={async (body) => {
            const done = await model.convert(api, leadId, body);
            if (!done) return;
            flash.value = t('convert.done', { name: done.opportunityName });
            onClose();
            navigate(opportunityPath(done.opportunityId));
          }}
        />
      ) : model.problem.value ? (
        <>
          <p class="notice notice--error" role="alert">
            {t(problemMessageKey(model.problem.value))}
          </p>
          <div class="dialog__actions">
            <button type="button" class="button" onClick={onClose}>
              {t('dialog.close')}
            </button>
          </div>
        </>
      ) : (
        <Loading />
      )}
    </Dialog>
  );
}

type FormProps = {
  preview: ConversionPreview;
  model: ConvertModel;
  meId: string;
  openTasks: number;
  onClose: () => void;
  onConvert: (body: ReturnType<typeof convertBody>) => Promise<void>;
};

function ConvertForm({ preview, model, meId, openTasks, onClose, onConvert }: FormProps) {
  const closeTasks = useSignal(true);
  const account = useSignal<AccountChoice>(defaultAccount(preview));
  const name = useSignal(preview.opportunityName);
  const assignee = useSignal(preview.assignee?.id ?? meId);
  const members = model.members.value;
  const chosen = account.value;
  const accountName =
    chosen.kind === 'existing'
      ? (preview.candidates.find((c) => c.id === chosen.id)?.name ?? '')
      : (preview.accountName ?? '');
  const aeName = members.find((m) => m.id === assignee.value)?.name ?? preview.assignee?.name ?? '';
  const cannotCreate = preview.missingFields.length > 0;
  const problem = model.problem.value;
  return (
    <form
      class="form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const body = convertBody(account.value, assignee.value, name.value);
        void onConvert(openTasks > 0 && closeTasks.value ? { ...body, closeOpenTasks: true } : body);
      }}
    >
      <ul class="convert-summary" aria-label={t('convert.summary')}>
        <li dir="auto">
          {chosen.kind === 'existing'
            ? t('convert.summary.linkAccount', { name: accountName })
            : t('convert.summary.createAccount', { name: accountName })}
        </li>
        <li dir="auto">
          {t('convert.summary.opportunity', { name: name.value.trim() || preview.opportunityName })}
        </li>
        <li dir="auto">{t('convert.summary.assignee', { name: aeName })}</li>
      </ul>
      <AccountChoices preview={preview} value={chosen} onChange={(next) => (account.value = next)} />
      {cannotCreate && <p class="hint">{t('convert.missing')}</p>}
      <div class="field">
        <label for="convert-name">{t('convert.opportunityName')}</label>
        <input
          id="convert-name"
          maxLength={200}
          value={name.value}
          onInput={(event) => {
            name.value = event.currentTarget.value;
          }}
        />
      </div>
      <div class="field">
        <label for="convert-assignee">{t('convert.assignee')}</label>
        <select
          id="convert-assignee"
          value={assignee.value}
          onChange={(event) => {
            assignee.value = event.currentTarget.value;
          }}
        >
          {members.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      </div>
      {openTasks > 0 && (
        <label class="check">
          <input
            type="checkbox"
            checked={closeTasks.value}
            onChange={(event) => {
              closeTasks.value = event.currentTarget.checked;
            }}
          />
          {t('convert.closeTasks', { count: openTasks })}
        </label>
      )}
      <p class="hint">{t('convert.copies')}</p>
      <p class="hint">{t('convert.documents', { count: preview.documents })}</p>
      <div role="alert">{problem && <p class="notice notice--error">{t(problemMessageKey(problem))}</p>}</div>
      <div class="dialog__actions">
        <button
          type="submit"
          class="button button--primary"
          disabled={model.busy.value || (chosen.kind === 'new' && cannotCreate)}
        >
          {model.busy.value ? t('convert.submitting') : t('convert.submit')}
        </button>
        <button type="button" class="button" onClick={onClose}>
          {t('dialog.cancel')}
        </button>
      </div>
    </form>
  );
}

type ChoicesProps = {
  preview: ConversionPreview;
  value: AccountChoice;
  onChange: (next: AccountChoice) => void;
};

/** Radio buttons: each matching account (with its similarity), then a new account. */
function AccountChoices({ preview, value, onChange }: ChoicesProps) {
  return (
    <fieldset class="field-row">
      <legend>{t('convert.account')}</legend>
      {preview.candidates.length === 0 && <p class="hint">{t('convert.account.noMatches')}</p>}
      <div class="choices">
        {preview.candidates.map((c) => (
          <label key={c.id} class="check" dir="auto">
            <input
              type="radio"
              name="convert-account"
              checked={value.kind === 'existing' && value.id === c.id}
              onChange={() => onChange({ kind: 'existing', id: c.id })}
            />
            {t('convert.account.match', { name: c.name, percent: Math.round(c.similarity * 100) })}
          </label>
        ))}
        <label class="check" dir="auto">
          <input
            type="radio"
            name="convert-account"
            checked={value.kind === 'new'}
            disabled={preview.missingFields.length > 0}
            onChange={() => onChange({ kind: 'new' })}
          />
          {t('convert.account.new', { name: preview.accountName ?? t('lead.none') })}
        </label>
      </div>
    </fieldset>
  );
}
