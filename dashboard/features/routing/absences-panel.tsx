import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useApp } from '../../app-context';
import { t } from '../../i18n';
import { AbsenceForm } from './absence';
import type { RoutingModel } from './model';

/** Everyone who can take leads, with their absence: admins set it for them (each person can set their own). */
export function AbsencesPanel({ model }: { model: RoutingModel }) {
  const { api } = useApp();
  const away = useSignal<Record<string, string | null>>({});
  useEffect(() => {
    void api.routing.listAway().then((r) => {
      if (r.ok) away.value = Object.fromEntries(r.data.items.map((a) => [a.userId, a.awayUntil]));
    });
  }, [api]);
  const people = model.members.value.filter((m) => m.status === 'active' && m.role !== 'viewer');
  return (
    <section class="routing-panel" aria-labelledby="absences-title">
      <h2 id="absences-title">{t('routing.away.everyone')}</h2>
      <p class="hint">{t('routing.away.everyoneHint')}</p>
      <ul class="people">
        {people.map((m) => (
          <li key={m.id} class="person-card">
            <AbsenceForm
              userId={m.id}
              id={`away-${m.id}`}
              label={t('routing.away.labelFor', { name: m.name })}
              until={away.value[m.id] ?? null}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}
