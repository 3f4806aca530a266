import { useApp } from '../../app-context';
import { t } from '../../i18n';
import type { RoutingModel } from './model';

/** Replay: apply the saved rules to the unassigned leads, after a dry run that says who would get what. */
export function ReplayPanel({ model }: { model: RoutingModel }) {
  const { api } = useApp();
  const dry = model.dryRun.value;
  const busy = model.busy.value;
  return (
    <section class="routing-panel" aria-labelledby="replay-title">
      <h2 id="replay-title">{t('settings.routing.replay.title')}</h2>
      <p class="hint">{t('settings.routing.replay.intro')}</p>
      <div class="person-card__actions">
        <button
          type="button"
          class="button"
          disabled={busy !== null || model.dirty.value}
          onClick={() => void model.replay(api.routing, false)}
        >
          {t('settings.routing.replay.dryRun')}
        </button>
        <button
          type="button"
          class="button button--primary"
          disabled={busy !== null || !dry || dry.assigned === 0}
          onClick={() => void model.replay(api.routing, true)}
        >
          {t('settings.routing.replay.run')}
        </button>
      </div>
      {model.dirty.value && <p class="hint">{t('settings.routing.replay.saveFirst')}</p>}
      <div aria-live="polite">
        {busy === 'replay' && <p>{t('settings.routing.replay.running')}</p>}
        {dry && (
          <>
            <p>
              {t(dry.capped ? 'settings.routing.replay.summaryCapped' : 'settings.routing.replay.summary', {
                count: dry.considered,
                assigned: dry.assigned,
                unrouted: dry.unrouted,
              })}
            </p>
            {dry.byAssignee.length > 0 && (
              <ul>
                {dry.byAssignee.map((b) => (
                  <li key={b.userId}>
                    {t('settings.routing.replay.perPerson', { name: model.nameOf(b.userId), count: b.count })}
                  </li>
                ))}
              </ul>
            )}
            {dry.sample.length > 0 && (
              <div class="routing-table">
                <table>
                  <caption>{t('settings.routing.replay.sample')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('settings.routing.replay.lead')}</th>
                      <th scope="col">{t('settings.routing.replay.to')}</th>
                      <th scope="col">{t('settings.routing.replay.rule')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {dry.sample.map((s) => (
                      <tr key={s.leadId}>
                        <td dir="auto">{s.name}</td>
                        <td>{model.nameOf(s.to)}</td>
                        <td dir="auto">{s.ruleName}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </div>
    </section>
  );
}
