import type { Organization, UpdateOrganization } from '@contract/organization';
import { batch, createModel, type ReadonlySignal, signal } from '@preact/signals';
import { fieldErrorsAt } from '../../api/field-errors';
import type { PeopleApi } from '../../api/people';
import type { FieldError, Problem } from '../../api/problem';

export type OrganizationField = 'name' | 'defaultCountry' | 'timezone' | 'language';

const POINTERS = {
  '/name': 'name',
  '/defaultCountry': 'defaultCountry',
  '/timezone': 'timezone',
  '/language': 'language',
} as const;

/** The fields of `draft` that differ from `saved`: what a save sends. */
export function organizationChange(
  saved: Organization,
  draft: Required<UpdateOrganization>,
): UpdateOrganization {
  const change: UpdateOrganization = {};
  if (draft.name !== saved.name) change.name = draft.name;
  if (draft.defaultCountry !== saved.defaultCountry) change.defaultCountry = draft.defaultCountry;
  if (draft.timezone !== saved.timezone) change.timezone = draft.timezone;
  if (draft.language !== saved.language) change.language = draft.language;
  if (draft.claimingEnabled !== saved.claimingEnabled) change.claimingEnabled = draft.claimingEnabled;
  return change;
}

/** The organization settings page: the saved settings, and saving a change. */
export const OrganizationModel = createModel(() => {
  const saved = signal<Organization | null>(null, { name: 'organization.saved' });
  const problem = signal<Problem | null>(null, { name: 'organization.problem' });
  const fieldErrors = signal<Partial<Record<OrganizationField, FieldError>>>(
    {},
    { name: 'organization.fieldErrors' },
  );
  const busy = signal(false, { name: 'organization.busy' });
  const done = signal(false, { name: 'organization.done' });
  return {
    saved: saved as ReadonlySignal<Organization | null>,
    problem: problem as ReadonlySignal<Problem | null>,
    fieldErrors: fieldErrors as ReadonlySignal<Partial<Record<OrganizationField, FieldError>>>,
    busy: busy as ReadonlySignal<boolean>,
    /** True after a save succeeded, until the next one starts. */
    done: done as ReadonlySignal<boolean>,

    async load(api: Pick<PeopleApi, 'getOrganization'>): Promise<void> {
      const result = await api.getOrganization();
      batch(() => {
        problem.value = result.ok ? null : result.problem;
        if (result.ok) saved.value = result.data;
      });
    },

    /** Saves what differs from the saved settings; nothing to send is a success at once. */
    async save(
      api: Pick<PeopleApi, 'updateOrganization'>,
      draft: Required<UpdateOrganization>,
    ): Promise<boolean> {
      const current = saved.value;
      if (!current) return false;
      const change = organizationChange(current, draft);
      batch(() => {
        busy.value = true;
        done.value = false;
        problem.value = null;
        fieldErrors.value = {};
      });
      const result = Object.keys(change).length
        ? await api.updateOrganization(change)
        : ({ ok: true, data: current } as const);
      batch(() => {
        busy.value = false;
        if (result.ok) {
          saved.value = result.data;
          done.value = true;
        } else {
          problem.value = result.problem;
          fieldErrors.value = fieldErrorsAt(result.problem, POINTERS);
        }
      });
      return result.ok;
    },
  };
});

export type OrganizationModel = InstanceType<typeof OrganizationModel>;
