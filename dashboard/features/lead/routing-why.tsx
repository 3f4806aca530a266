import type { LeadRouting } from '@contract/routing';
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useApp } from '../../app-context';
import { t } from '../../i18n';
import { matchedText, skippedText } from '../routing/words';

/**
 * Why the lead went to its rep: the routing rule of its latest assignment, the rules' version, the lead's
 * values that matched and whom the rule passed over; or that a person assigned it by hand.
 */
export function RoutingWhy({ leadId, assignedTo }: { leadId: string; assignedTo: string | null }) {
  const { api } = useApp();
  const routing = useSignal<LeadRouting | null>(null);
  const names = useSignal<Record<string, string>>({});
  useEffect(() => {
    void api.routing.leadRouting(leadId).then((r) => {
      routing.value = r.ok ? r.data : null;
    });
  }, [api, leadId, assignedTo]);
  useEffect(() => {
    void api.listMembers().then((r) => {
      if (r.ok) names.value = Object.fromEntries(r.data.items.map((m) => [m.id, m.name]));
    });
  }, [api]);
  const assignment = routing.value?.assignment;
  if (!assignment) return null;
  const why = assignment.why;
  const nameOf = (id: string | null) =>
    id ? (names.value[id] ?? t('timeline.someone')) : t('timeline.unassigned');
  const when = new Date(assignment.at).toLocaleString();
  return (
    <section class="panel" aria-labelledby="routing-why-heading">
      <h2 id="routing-why-heading">{t('lead.routing.title')}</h2>
      {why ? (
        <>
          <p>
            {t(assignment.replay ? 'lead.routing.byReplay' : 'lead.routing.byRule', {
              rule: why.name,
              version: why.version ?? '–',
              name: nameOf(assignment.to),
              when,
            })}
          </p>
          {why.matched && why.matched.length > 0 ? (
            <>
              <p>{t('lead.routing.matched')}</p>
              <ul>
                {why.matched.map((m) => (
                  <li key={`${m.part}-${m.key ?? ''}`}>{matchedText(m)}</li>
                ))}
              </ul>
            </>
          ) : (
            <p>{t('lead.routing.everyLead')}</p>
          )}
          {why.skipped && why.skipped.length > 0 && (
            <>
              <p>{t('lead.routing.skipped')}</p>
              <ul>
                {why.skipped.map((s) => (
                  <li key={s.userId}>{skippedText(s, nameOf(s.userId))}</li>
                ))}
              </ul>
            </>
          )}
        </>
      ) : (
        <p>{t('lead.routing.byHand', { name: nameOf(assignment.to), by: nameOf(assignment.by), when })}</p>
      )}
    </section>
  );
}
