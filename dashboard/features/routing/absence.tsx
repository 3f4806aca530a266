import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useApp } from '../../app-context';
import { t } from '../../i18n';
import { problemMessageKey } from '../../ui/problem-message';

/** An ISO moment as a `datetime-local` value in the browser's time zone. */
function localInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

type Props = { userId: string; label: string; until: string | null; id: string };

/** "Away until": routing passes the person over until then; empty means available. */
export function AbsenceForm({ userId, label, until, id }: Props) {
  const { api } = useApp();
  const value = useSignal(localInput(until));
  const status = useSignal('');
  useEffect(() => {
    value.value = localInput(until);
  }, [until]);
  const save = async (event: Event) => {
    event.preventDefault();
    const iso = value.value ? new Date(value.value).toISOString() : null;
    const result = await api.routing.setAway(userId, iso);
    status.value = !result.ok
      ? t(problemMessageKey(result.problem))
      : result.data.awayUntil
        ? t('routing.away.saved', { until: new Date(result.data.awayUntil).toLocaleString() })
        : t('routing.away.back');
  };
  return (
    <form class="form routing-absence" noValidate onSubmit={save}>
      <div class="field">
        <label for={id}>{label}</label>
        <input
          id={id}
          type="datetime-local"
          value={value.value}
          aria-describedby={`${id}-hint`}
          onInput={(e) => {
            value.value = e.currentTarget.value;
          }}
        />
        <p class="hint" id={`${id}-hint`}>
          {t('routing.away.hint')}
        </p>
      </div>
      <button type="submit" class="button" aria-describedby={id}>
        {t('routing.away.save')}
      </button>
      <p aria-live="polite">{status.value}</p>
    </form>
  );
}

/** The signed-in person's own absence, for My account. */
export function MyAbsence({ userId }: { userId: string }) {
  const { api } = useApp();
  const until = useSignal<string | null>(null);
  useEffect(() => {
    void api.routing.listAway().then((r) => {
      if (r.ok) until.value = r.data.items.find((a) => a.userId === userId)?.awayUntil ?? null;
    });
  }, [api, userId]);
  return (
    <section aria-labelledby="my-absence">
      <h2 id="my-absence">{t('routing.away.title')}</h2>
      <AbsenceForm userId={userId} id="my-away" label={t('routing.away.label')} until={until.value} />
    </section>
  );
}
