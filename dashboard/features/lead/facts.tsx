import type { LeadDetail } from '@contract/leads';
import type { ComponentChildren } from 'preact';
import { formatDate, formatDateTime, t } from '../../i18n';
import { PhoneValue } from '../../ui/phone-value';
import { AssigneePicker } from './assignee-picker';
import { CustomAttributes } from './custom-attributes';
import { EditableFact } from './editable-fact';
import type { EditableField, LeadModel } from './model';
import { TagsEditor } from './tags-editor';

type FactsProps = {
  lead: LeadDetail;
  model: LeadModel;
  readOnlyId: string | null;
  onSaved: (message: string) => void;
};

/** The fields shown as plain text (bidirectional, since names and places come in any script). */
const TEXT_FIELDS = [
  'firstName',
  'lastName',
  'title',
  'company',
  'industry',
  'country',
  'region',
  'city',
  'source',
  'campaign',
  'referredBy',
] as const satisfies readonly EditableField[];

/** Every field of the record, each editable in place where the role allows; assignment, tags, consent. */
export function Facts({ lead, model, readOnlyId, onSaved }: FactsProps) {
  const none = <span class="muted">{t('lead.none')}</span>;
  const edit = { model, readOnlyId, onSaved };
  const text = (field: (typeof TEXT_FIELDS)[number]): ComponentChildren => (
    <span dir="auto">{lead[field] ?? none}</span>
  );
  const fact = (field: (typeof TEXT_FIELDS)[number]) => (
    <EditableFact key={field} field={field} value={lead[field]} {...edit}>
      {text(field)}
    </EditableFact>
  );
  return (
    <>
      <section aria-labelledby="facts-heading" class="panel">
        <h2 id="facts-heading">{t('lead.details')}</h2>
        <dl class="facts">
          {fact('firstName')}
          {fact('lastName')}
          {fact('title')}
          {fact('company')}
          <EditableFact field="email" value={lead.email} {...edit}>
            {lead.email ? <a href={`mailto:${lead.email}`}>{lead.email}</a> : none}
          </EditableFact>
          <EditableFact field="phone" value={lead.phone} {...edit}>
            {lead.phone ? <PhoneValue phone={lead.phone} display={lead.phoneDisplay} /> : none}
          </EditableFact>
          {fact('industry')}
          <EditableFact field="employees" value={lead.employees} {...edit}>
            <span>{lead.employees ?? none}</span>
          </EditableFact>
          {fact('country')}
          {fact('region')}
          {fact('city')}
          {fact('source')}
          {fact('campaign')}
          {fact('referredBy')}
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
          {lead.status === 'LOST' && lead.lossReason && (
            <>
              <dt>{t('lead.field.lossReason')}</dt>
              <dd dir="auto">
                {t(`loss.${lead.lossReason}`)}
                {lead.lossReasonText && <span class="pre-line">{` — ${lead.lossReasonText}`}</span>}
              </dd>
            </>
          )}
          <EditableFact field="description" value={lead.description} {...edit}>
            <span dir="auto" class="pre-line">
              {lead.description ?? none}
            </span>
          </EditableFact>
          <dt>{t('lead.field.consent')}</dt>
          <dd>
            <Consent consent={lead.consent ?? null} />
          </dd>
        </dl>
      </section>
      <CustomAttributes lead={lead} model={model} readOnlyId={readOnlyId} onSaved={onSaved} />
    </>
  );
}

/** Whether the person consented, when, through which channel, and the words they agreed to. */
function Consent({ consent }: { consent: NonNullable<LeadDetail['consent']> | null }) {
  if (!consent) return <span class="muted">{t('lead.consent.none')}</span>;
  const words = consentWords(consent.text);
  return (
    <>
      {consent.given ? t('lead.consent.given') : t('lead.consent.refused')}
      {consent.at && (
        <>
          {' · '}
          <time dateTime={consent.at}>{formatDateTime(consent.at)}</time>
        </>
      )}
      {consent.channel && ` · ${consent.channel}`}
      {words && (
        <details class="consent-text">
          <summary>{t('lead.consent.text')}</summary>
          <p dir="auto" class="pre-line">
            {words}
          </p>
        </details>
      )}
    </>
  );
}

/** The consent text shown to the person: one text, or the form's texts by locale (the first one kept). */
function consentWords(text: string | Record<string, string> | null): string | null {
  if (text === null || typeof text === 'string') return text;
  const entries = Object.entries(text);
  if (entries.length === 0) return null;
  return entries.map(([locale, words]) => (entries.length > 1 ? `${locale}: ${words}` : words)).join('\n');
}
