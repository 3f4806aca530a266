import type { ComponentChildren } from 'preact';
import { useApp } from '../../app-context';
import { t } from '../../i18n';
import { Link } from '../../router';
import { groupedSectionsFor, type SectionId } from './sections';
import './settings.css';

/** The settings area: the sections the caller's role may see as a navigation, the current one beside it. */
export function SettingsShell({ section, children }: { section: SectionId; children?: ComponentChildren }) {
  const { session } = useApp();
  const role = session.session.value?.role;
  return (
    <div class="settings">
      <nav class="settings__nav" aria-label={t('settings.navLabel')}>
        {role &&
          groupedSectionsFor(role).map(({ group, sections }) => (
            <div key={group} class="settings__group">
              <h2 id={`settings-group-${group}`} class="settings__group-heading">
                {t(`settings.group.${group}`)}
              </h2>
              <ul aria-labelledby={`settings-group-${group}`}>
                {sections.map((s) => (
                  <li key={s.id}>
                    <Link href={s.route} aria-current={s.id === section ? 'page' : undefined}>
                      {t(s.label)}
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          ))}
      </nav>
      <div class="settings__page">{children}</div>
    </div>
  );
}
