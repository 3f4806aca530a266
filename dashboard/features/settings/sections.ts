import type { Role } from '@core/permissions';
import type { MessageKey } from '../../i18n';

/** One section of the settings area: its route, its name in the catalog, and the least role that sees it. */
export type SettingsSection = { id: string; route: string; label: MessageKey; leastRole: Role };

/** The settings sections, in the order the settings navigation lists them. */
export const SETTINGS_SECTIONS = [
  { id: 'sso', route: '/app/settings/sso', label: 'settings.sso', leastRole: 'owner' },
] as const satisfies readonly SettingsSection[];
