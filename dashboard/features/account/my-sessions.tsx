import type { AccountSession } from '@contract/people';
import { useApp } from '../../app-context';
import { formatDateTime, t } from '../../i18n';
import { Loading } from '../../ui/loading';
import type { AccountModel } from './model';

/**
 * A session's device in words: "Firefox on Linux". The names come from the server's parse of the
 * User-Agent and are rendered as text (never markup), like everything a client could have sent.
 */
export function deviceName({ browser, os }: AccountSession['device']): string {
  if (browser && os) return t('account.session.device', { browser, os });
  if (browser) return browser;
  if (os) return t('account.session.deviceOs', { os });
  return t('account.session.deviceUnknown');
}

function When({ iso }: { iso: string }) {
  return <time dateTime={iso}>{formatDateTime(iso)}</time>;
}

/** Where I am signed in (in this organization), each device with its own "Sign out", and "everywhere else". */
export function MySessions({ model }: { model: AccountModel }) {
  const { api } = useApp();
  const sessions = model.sessions.value;
  return (
    <section aria-labelledby="account-sessions">
      <h2 id="account-sessions">{t('account.sessionsTitle')}</h2>
      {sessions === undefined ? (
        !model.problem.value && <Loading />
      ) : (
        <ul class="people" aria-labelledby="account-sessions">
          {sessions.map((s) => {
            const device = deviceName(s.device);
            return (
              <li key={s.id} class="person-card">
                <h3 class="person-card__name" dir="auto">
                  {device}
                </h3>
                <dl class="person-card__facts">
                  <div>
                    <dt>{t('account.session.ip')}</dt>
                    <dd dir="ltr">{s.ip ?? t('account.session.ipUnknown')}</dd>
                  </div>
                  <div>
                    <dt>{t('account.session.created')}</dt>
                    <dd>
                      <When iso={s.createdAt} />
                    </dd>
                  </div>
                  <div>
                    <dt>{t('account.session.lastSeen')}</dt>
                    <dd>
                      <When iso={s.lastSeenAt} />
                    </dd>
                  </div>
                </dl>
                <div class="person-card__actions">
                  {s.current ? (
                    <strong>{t('account.session.current')}</strong>
                  ) : (
                    <button
                      type="button"
                      class="button"
                      disabled={model.busy.value}
                      aria-label={t('account.session.signOutDevice', { device })}
                      onClick={() => void model.endSession(api.people, s.id)}
                    >
                      {t('account.session.signOut')}
                    </button>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <p>{t('account.sessionsBody')}</p>
      <button
        type="button"
        class="button"
        disabled={model.busy.value}
        onClick={() => void model.signOutElsewhere(api.people)}
      >
        {t('account.signOutElsewhere')}
      </button>
    </section>
  );
}
