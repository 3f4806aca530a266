import type { MemberDetail } from '@contract/people';
import { useSignal } from '@preact/signals';
import { useApp } from '../../app-context';
import { t } from '../../i18n';
import { fieldErrorMessage } from '../../ui/problem-message';
import { SelectField } from '../../ui/select-field';
import { TextField } from '../../ui/text-field';
import { ENTITY_TYPES, entityKey } from './events-view';
import { ACCESS_FILTER, type AuditFilter, type AuditModel, EMPTY_FILTER } from './model';

/** Actions an admin looks for often, offered as suggestions (any action may be typed). */
const COMMON_ACTIONS = [
  'session.created',
  'sign-in.failed',
  'session.ended',
  'organization.updated',
  'membership.created',
  'invitation.created',
  'api_key.created',
  'api_key.revoked',
  'form.updated',
  'routing_rules.replaced',
  'scoring_rules.updated',
  'accessed',
  'exported',
  'quarantine.viewed',
  'erased',
  'deleted',
  'merged',
  'status_changed',
  'assigned',
  'audit.purged',
];

/** The filter form: who, action, what about (and its id), from, to; Enter or "Apply filters" applies. */
export function Filters({ model, members }: { model: AuditModel; members: MemberDetail[] }) {
  const { api } = useApp();
  const applied = model.filter.value;
  const draft = {
    actor: useSignal(applied.actor),
    action: useSignal(applied.action),
    entityType: useSignal(applied.entityType),
    entityId: useSignal(applied.entityId),
    from: useSignal(applied.from),
    to: useSignal(applied.to),
  };
  const apply = (filter: AuditFilter) => void model.apply(api.audit, filter);
  // The server names a filter it refuses (a 400 with a pointer): the message goes under that field.
  const errorOf = (field: keyof AuditFilter | 'actorType' | 'actorId') => {
    const error = model.problem.value?.errors?.find((e) => e.pointer === `/${field}`);
    return error ? fieldErrorMessage(error) : null;
  };
  const submit = (event: Event) => {
    event.preventDefault();
    apply(Object.fromEntries(Object.entries(draft).map(([k, s]) => [k, s.value])) as AuditFilter);
  };
  const preset = (filter: AuditFilter) => {
    for (const [k, s] of Object.entries(draft)) s.value = filter[k as keyof AuditFilter];
    apply(filter);
  };
  return (
    <form class="form audit-filters" aria-label={t('audit.filters')} noValidate onSubmit={submit}>
      <SelectField id="audit-actor" label={t('audit.filter.actor')} bind={draft.actor}>
        <option value="">{t('audit.filter.anyone')}</option>
        {members.map((m) => (
          <option key={m.id} value={`user:${m.id}`}>
            {m.name}
          </option>
        ))}
        <option value="api_key">{t('audit.actor.apiKeys')}</option>
        <option value="public">{t('audit.actor.public')}</option>
        <option value="webhook">{t('audit.actor.webhook')}</option>
        <option value="system">{t('audit.actor.system')}</option>
      </SelectField>
      <TextField
        id="audit-action"
        label={t('audit.filter.action')}
        error={errorOf('action')}
        list="audit-actions"
        autocomplete="off"
        spellcheck={false}
        aria-describedby="audit-action-hint"
        bind={draft.action}
      />
      <p id="audit-action-hint" class="hint">
        {t('audit.filter.actionHint')}
      </p>
      <datalist id="audit-actions">
        {COMMON_ACTIONS.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      <SelectField id="audit-entityType" label={t('audit.filter.entityType')} bind={draft.entityType}>
        <option value="">{t('audit.filter.anyEntity')}</option>
        {ENTITY_TYPES.map((type) => (
          <option key={type} value={type}>
            {t(entityKey(type))}
          </option>
        ))}
      </SelectField>
      <TextField
        id="audit-entityId"
        label={t('audit.filter.entityId')}
        error={errorOf('entityId')}
        autocomplete="off"
        spellcheck={false}
        disabled={!draft.entityType.value}
        bind={draft.entityId}
      />
      <TextField
        id="audit-from"
        type="date"
        label={t('audit.filter.from')}
        error={errorOf('from')}
        bind={draft.from}
      />
      <TextField
        id="audit-to"
        type="date"
        label={t('audit.filter.to')}
        error={errorOf('to')}
        bind={draft.to}
      />
      <div class="audit-filters__actions">
        <button type="submit" class="button button--primary">
          {t('audit.filter.apply')}
        </button>
        <button type="button" class="button" onClick={() => preset(ACCESS_FILTER)}>
          {t('audit.filter.access')}
        </button>
        <button type="button" class="button" onClick={() => preset(EMPTY_FILTER)}>
          {t('audit.filter.clear')}
        </button>
      </div>
    </form>
  );
}
