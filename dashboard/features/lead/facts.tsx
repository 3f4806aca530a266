import type { LeadDetail } from '@contract/leads';
import { formatDate, t } from '../../i18n';
import { PhoneValue } from '../../ui/phone-value';
import { AssigneePicker } from './assignee-picker';
import { EditableFact } from './editable-fact';
import type { LeadModel } from './model';
import { TagsEditor } from './tags-editor';

type FactsProps = {
  lead: LeadDetail;
  model: LeadModel;
  readOnlyId: string | null;
  onSaved: (message: string) => void;
};

/** Contact and company facts, each editable in place; assignment and tags. */
export function Facts({ lead, model, readOnlyId, onSaved }: FactsProps) {
  const none = <span class="muted">{t('lead.none')}</span>;
  const edit = { model, readOnlyId, onSaved };
  const place = [lead.city, lead.region, lead.country].filter(Boolean).join(', ');
  return (
    <section aria-labelledby="facts-heading" class="panel">
      <h2 id="facts-heading">{t('lead.details')}</h2>
      <dl class="facts">
        <EditableFact field="title" value={lead.title} {...edit}>
          <span dir="auto">{lead.title ?? none}</span>
        </EditableFact>
        <EditableFact field="company" value={lead.company} {...edit}>
          <span dir="auto">{lead.company ?? none}</span>
        </EditableFact>
        <EditableFact field="email" value={lead.email} {...edit}>
          {lead.email ? <a href={`mailto:${lead.email}`}>{lead.email}</a> : none}
        </EditableFact>
        <EditableFact field="phone" value={lead.phone} {...edit}>
          {lead.phone ? <PhoneValue phone={lead.phone} display={lead.phoneDisplay} /> : none}
        </EditableFact>
        <EditableFact field="industry" value={lead.industry} {...edit}>
          <span dir="auto">{lead.industry ?? none}</span>
        </EditableFact>
        <EditableFact field="city" value={lead.city} {...edit}>
          <span dir="auto">{lead.city ?? none}</span>
        </EditableFact>
        <dt>{t('lead.field.employees')}</dt>
        <dd>{lead.employees ?? none}</dd>
        <dt>{t('lead.field.location')}</dt>
        <dd dir="auto">{place || none}</dd>
        <dt>{t('lead.field.source')}</dt>
        <dd dir="auto">{lead.source ?? none}</dd>
        <dt>{t('lead.field.assignee')}</dt>
        <dd>
          <AssigneePicker lead={lead} model={model} readOnlyId={readOnlyId} onSaved={onSaved} />
        </dd>
        <dt>{t('lead.field.tags')}</dt>
        <dd>
          <TagsEditor model={model} readOnlyId={readOnlyId} />
        </dd>
        <dt>{t('lead.field.created')}</dt>
        <dd>
          <time dateTime={lead.createdAt}>{formatDate(lead.createdAt)}</time>
        </dd>
        {lead.description && (
          <>
            <dt>{t('lead.field.description')}</dt>
            <dd dir="auto" class="pre-line">
              {lead.description}
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}
