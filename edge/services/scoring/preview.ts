import { isNull, sql } from 'drizzle-orm';
import { leads } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Executor } from '../../../db/types';
import type { ScoringPreview } from '../../contract/scoring';
import { rescoreLead } from '../../core/rescore';
import { type ScoreBand, type ScoringRules, scoreBand } from '../../core/score';
import type { Deps } from '../../deps';
import { getScoringRules } from '../admin/scoring-rules';
import { readScoredLeads } from './lead-inputs';

/**
 * Leads a preview scores, about. Up to this many the preview is exact (every live lead); above, a
 * Bernoulli sample of this expected size (each lead with the same chance), scaled to the total and marked
 * approximate. Scoring stays in core (keyword matching with folding and word boundaries has no SQL twin),
 * so the sample bounds the work.
 */
export const PREVIEW_SAMPLE = 10_000;
const MOVERS = 10;
const BANDS: ScoreBand[] = ['hot', 'warm', 'cold'];

/**
 * What saving `draft` would do to the organization's live leads (see ScoringPreviewSchema), from a sample
 * of about `sampleSize` leads (PREVIEW_SAMPLE) when the organization has more.
 */
export async function previewScoringModel(
  deps: Pick<Deps, 'now'>,
  db: Executor,
  organizationId: string,
  draft: ScoringRules,
  options: { sampleSize?: number } = {},
): Promise<ScoringPreview> {
  const sampleSize = options.sampleSize ?? PREVIEW_SAMPLE;
  const now = deps.now();
  const { rules: current } = await getScoringRules(db, organizationId);
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(leads)
    .where(inOrg(leads, organizationId, isNull(leads.deletedAt)));
  const total = count?.n ?? 0;
  const approximate = total > sampleSize;
  const sample = await readScoredLeads(
    db,
    organizationId,
    approximate ? { sample: sampleSize / total } : { limit: sampleSize },
  );
  const scale = (n: number) =>
    approximate && sample.length > 0 ? Math.round((n * total) / sample.length) : n;

  const histogram = Array.from({ length: 10 }, (_, i) => ({
    from: i * 10,
    to: i === 9 ? 100 : i * 10 + 9,
    now: 0,
    draft: 0,
  }));
  const bandMoves = new Map<string, number>();
  const moved: ScoringPreview['movers'] = [];
  let changed = 0;
  for (const lead of sample) {
    const after = rescoreLead(lead.input, draft, now);
    histogram[bucket(lead.score)]!.now++;
    histogram[bucket(after.score)]!.draft++;
    const from = scoreBand(lead.score, current.bands);
    const to = scoreBand(after.score, draft.bands);
    bandMoves.set(`${from}:${to}`, (bandMoves.get(`${from}:${to}`) ?? 0) + 1);
    if (after.score !== lead.score) changed++;
    if (after.score !== lead.score || from !== to) {
      moved.push({
        id: lead.id,
        name: lead.name,
        company: lead.company,
        before: { score: lead.score, band: from, breakdown: lead.breakdown },
        after: { score: after.score, band: to, breakdown: after.breakdown },
      });
    }
  }
  moved.sort(
    (a, b) =>
      Math.abs(b.after.score - b.before.score) - Math.abs(a.after.score - a.before.score) ||
      a.id.localeCompare(b.id),
  );
  return {
    total,
    scored: sample.length,
    approximate,
    changed: scale(changed),
    histogram: histogram.map((h) => ({ ...h, now: scale(h.now), draft: scale(h.draft) })),
    bands: BANDS.flatMap((from) =>
      BANDS.map((to) => ({ from, to, count: scale(bandMoves.get(`${from}:${to}`) ?? 0) })),
    ),
    movers: moved.slice(0, MOVERS),
  };
}

function bucket(score: number): number {
  return Math.min(9, Math.max(0, Math.floor(score / 10)));
}
