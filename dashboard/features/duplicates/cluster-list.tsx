import type { Cluster } from '@contract/duplicates';
import { formatDate, t } from '../../i18n';
import { Link } from '../../router';
import { leadPath } from '../../routes';
import { GatedButton } from '../../ui/gated-button';
import { clusterMatchSummary, memberMatchText } from './messages';

type Props = {
  clusters: Cluster[];
  canDismiss: boolean;
  canMerge: boolean;
  onDismiss: (cluster: Cluster) => void;
  onMerge: (cluster: Cluster) => void;
};

const fullName = (m: { firstName: string | null; lastName: string }) =>
  [m.firstName, m.lastName].filter(Boolean).join(' ');

/**
 * One table per cluster: the rules that paired it as the caption, its records as rows (each saying which
 * record it matched, by what and how closely), its actions below.
 */
export function ClusterList({ clusters, canDismiss, canMerge, onDismiss, onMerge }: Props) {
  return (
    <ul class="clusters">
      {clusters.map((c) => {
        const summary = clusterMatchSummary(c);
        return (
          <li key={c.id} class="cluster" data-cluster-id={c.id}>
            <div class="table-scroll">
              <table class="leads-table" tabIndex={-1}>
                <caption>
                  {summary} · {t('duplicates.records', { count: c.members.length })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('duplicates.col.name')}</th>
                    <th scope="col">{t('duplicates.col.company')}</th>
                    <th scope="col">{t('duplicates.col.email')}</th>
                    <th scope="col">{t('duplicates.col.match')}</th>
                    <th scope="col">{t('duplicates.col.updated')}</th>
                  </tr>
                </thead>
                <tbody>
                  {c.members.map((m) => (
                    <tr key={m.id}>
                      <td>
                        <Link href={leadPath(m.id)} dir="auto">
                          {fullName(m)}
                        </Link>
                      </td>
                      <td dir="auto">{m.company ?? '—'}</td>
                      <td>{m.email ?? '—'}</td>
                      <td dir="auto">{memberMatchText(m, c.members)}</td>
                      <td>{formatDate(m.updatedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div class="actions">
              <GatedButton
                class="button button--primary"
                allowed={canMerge}
                reasonId="merge-needs-owner"
                onClick={() => onMerge(c)}
              >
                {t('duplicates.merge')}
              </GatedButton>
              <GatedButton
                class="button"
                allowed={canDismiss}
                reasonId="dismiss-needs-admin"
                onClick={() => onDismiss(c)}
              >
                {t('duplicates.dismiss')}
              </GatedButton>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
