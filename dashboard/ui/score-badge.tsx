import { useContext } from 'preact/hooks';
import { AppContext } from '../app-context';
import { t } from '../i18n';
import { scoreBand } from './score-band';

/**
 * A lead score: the number, a shape that differs per band (full, half, empty circle) and the band's
 * name for screen readers, so colour is never the only cue. The bands are the organization's scoring
 * model's, from the session (the default model's outside a signed-in app).
 */
export function ScoreBadge({ score }: { score: number }) {
  const bands = useContext(AppContext)?.session.session.value?.organization.scoreBands;
  const band = scoreBand(score, bands);
  return (
    <span class={`score score--${band}`}>
      <span class="score__shape" aria-hidden="true" />
      {score}
      <span class="visually-hidden"> {t(`score.band.${band}`)}</span>
    </span>
  );
}
