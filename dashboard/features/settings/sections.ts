import type { Role } from '@contract/session';
import { hasRole } from '@core/permissions';
import type { MessageKey } from '../../i18n';

/** The settings navigation's groups, in order. */
export const SETTINGS_GROUPS = ['people', 'leads', 'integrations', 'compliance'] as const;
export type SettingsGroup = (typeof SETTINGS_GROUPS)[number];

/** One section of the settings area: where it lives, its name in the catalogs, and the least role that sees it. */
export type SettingsSection = {
  id: string;
  /** The heading the settings navigation lists the section under. */
  group: SettingsGroup;
  route: `/app/settings/${string}`;
  label: MessageKey;
  leastRole: Role;
};

/**
 * The settings area's sections, in the order the settings navigation lists them. Adding a section is one
 * entry here and one lazy page in app.tsx's table.
 */
export const SETTINGS_SECTIONS = [
  {
    id: 'organization',
    group: 'people',
    route: '/app/settings/organization',
    label: 'settings.nav.organization',
    leastRole: 'admin',
  },
  {
    id: 'members',
    group: 'people',
    route: '/app/settings/members',
    label: 'settings.nav.members',
    leastRole: 'admin',
  },
  {
    id: 'teams',
    group: 'people',
    route: '/app/settings/teams',
    label: 'settings.nav.teams',
    leastRole: 'admin',
  },
  {
    id: 'invitations',
    group: 'people',
    route: '/app/settings/invitations',
    label: 'settings.nav.invitations',
    leastRole: 'admin',
  },
  {
    id: 'routing',
    group: 'leads',
    route: '/app/settings/routing',
    label: 'settings.nav.routing',
    leastRole: 'admin',
  },
  { id: 'sso', group: 'people', route: '/app/settings/sso', label: 'settings.sso', leastRole: 'owner' },
  {
    id: 'quarantine',
    group: 'leads',
    route: '/app/settings/quarantine',
    label: 'settings.nav.quarantine',
    leastRole: 'admin',
  },
  {
    id: 'data',
    group: 'compliance',
    route: '/app/settings/data',
    label: 'settings.nav.data',
    leastRole: 'admin',
  },
  {
    id: 'audit',
    group: 'compliance',
    route: '/app/settings/audit',
    label: 'settings.nav.audit',
    leastRole: 'admin',
  },
  {
    id: 'outgoing-webhooks',
    group: 'integrations',
    route: '/app/settings/outgoing-webhooks',
    label: 'settings.nav.outgoing-webhooks',
    leastRole: 'admin',
  },
  {
    id: 'scoring',
    group: 'leads',
    route: '/app/settings/scoring',
    label: 'settings.nav.scoring',
    leastRole: 'admin',
  },
  {
    id: 'api-keys',
    group: 'integrations',
    route: '/app/settings/api-keys',
    label: 'settings.nav.api-keys',
    leastRole: 'admin',
  },
  {
    id: 'webhooks',
    group: 'integrations',
    route: '/app/settings/webhooks',
    label: 'settings.nav.webhooks',
    leastRole: 'admin',
  },
] as const satisfies readonly SettingsSection[];

export type SectionId = (typeof SETTINGS_SECTIONS)[number]['id'];

/** The sections a role may see, in navigation order. */
export function sectionsFor(role: Role): SettingsSection[] {
  return SETTINGS_SECTIONS.filter((section) => hasRole(role, section.leastRole));
}

/** Where `/app/settings` leads a role: its first section, or null when it may see none. */
export function settingsHome(role: Role): string | null {
  return sectionsFor(role)[0]?.route ?? null;
}

/** The section at a path (trailing slash already removed), with whether a role may open it. */
export function settingsSectionAt(path: string): { id: SectionId; allowed: (role: Role) => boolean } | null {
  const section = SETTINGS_SECTIONS.find((s) => s.route === path);
  return section ? { id: section.id, allowed: (role) => hasRole(role, section.leastRole) } : null;
}

/** The sections a role may see, by group in navigation order; empty groups left out. */
export function groupedSectionsFor(role: Role): { group: SettingsGroup; sections: SettingsSection[] }[] {
  const mine = sectionsFor(role);
  return SETTINGS_GROUPS.map((group) => ({ group, sections: mine.filter((s) => s.group === group) })).filter(
    (g) => g.sections.length > 0,
  );
}

/** The path of a section. */
export function settingsPath(id: SectionId): string {
  return SETTINGS_SECTIONS.find((s) => s.route.endsWith(`/${id}`))!.route;
}
