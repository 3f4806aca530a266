import { t } from '../i18n';
import { scoreBand } from './score-band';

/**
 * A lead score: the number, a shape that differs per band (full, half, empty circle) and the band's
 * name for screen readers, so colour is never the only cue.
 */
export function ScoreBadge({ score }: { score: number }) {
  const band = scoreBand(score);
  return (
    <span class={`score score--${band}`}>
      <span class="score__shape" aria-hidden="true" />
      {score}
      <span class="visually-hidden"> {t(`score.band.${band}`)}</span>
    </span>
  );
}
