import type { MessageKey } from '../../i18n';
import type { EditableField } from './model';

/** The label of each field of the record, on the lead page and in the timeline's edits. */
export const FIELD_LABELS: Record<EditableField, MessageKey> = {
  firstName: 'lead.field.firstName',
  lastName: 'lead.field.lastName',
  title: 'lead.field.title',
  company: 'lead.field.company',
  email: 'lead.field.email',
  phone: 'lead.field.phone',
  industry: 'lead.field.industry',
  employees: 'lead.field.employees',
  country: 'lead.field.country',
  region: 'lead.field.region',
  city: 'lead.field.city',
  source: 'lead.field.source',
  campaign: 'lead.field.campaign',
  referredBy: 'lead.field.referredBy',
  description: 'lead.field.description',
};
