import type { ScoringRules } from '@core/score';

/** The points a model gives, in the order the editor shows them. */
export const POINT_KEYS = [
  'employeesLarge',
  'employeesMid',
  'industry',
  'titleDirector',
  'titleManager',
  'titleIndividual',
  'region',
  'pricingPage',
  'productPages',
  'formSubmitted',
] as const satisfies ReadonlyArray<keyof ScoringRules['points']>;

export type PointKey = (typeof POINT_KEYS)[number];

/** The languages whose title keywords the editor always offers (others a model has are shown too). */
export const TITLE_LANGUAGES = ['en', 'de', 'cs', 'uk'] as const;

/** A scoring model as the editor's controls hold it: lists one entry per line, numbers as typed. */
export type DraftText = {
  targetIndustries: string;
  targetRegions: string;
  titles: Record<string, { director: string; manager: string }>;
  employeesLarge: string;
  employeesMid: string;
  points: Record<PointKey, string>;
  pricingPaths: string;
  productPaths: string;
  agingPerWeek: string;
  hot: string;
  warm: string;
};

const lines = (list: readonly string[]) => list.join('\n');
const entries = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
/** A typed number; an empty control is sent as null so the server names the field. */
const number = (text: string): number => (text.trim() === '' ? (null as unknown as number) : Number(text));

/** The controls' text for a model; every offered language appears, empty where the model has none. */
export function toDraftText(rules: ScoringRules): DraftText {
  const languages = [
    ...TITLE_LANGUAGES,
    ...Object.keys(rules.titleKeywords).filter((l) => !TITLE_LANGUAGES.includes(l as never)),
  ];
  return {
    targetIndustries: lines(rules.targetIndustries),
    targetRegions: lines(rules.targetRegions),
    titles: Object.fromEntries(
      languages.map((l) => {
        const lists = rules.titleKeywords[l];
        return [l, { director: lines(lists?.director ?? []), manager: lines(lists?.manager ?? []) }];
      }),
    ),
    employeesLarge: String(rules.employees.large),
    employeesMid: String(rules.employees.mid),
    points: Object.fromEntries(POINT_KEYS.map((k) => [k, String(rules.points[k])])) as Record<
      PointKey,
      string
    >,
    pricingPaths: lines(rules.signals.pricingPaths),
    productPaths: lines(rules.signals.productPaths),
    agingPerWeek: String(rules.aging.pointsPerWeek),
    hot: String(rules.bands.hot),
    warm: String(rules.bands.warm),
  };
}

/** The model the controls describe, as sent; a language with no keywords at all is left out. */
export function fromDraftText(text: DraftText): ScoringRules {
  const titleKeywords = Object.fromEntries(
    Object.entries(text.titles)
      .map(
        ([l, lists]) => [l, { director: entries(lists.director), manager: entries(lists.manager) }] as const,
      )
      .filter(([, lists]) => lists.director.length > 0 || lists.manager.length > 0),
  );
  return {
    targetIndustries: entries(text.targetIndustries),
    targetRegions: entries(text.targetRegions),
    titleKeywords,
    employees: { large: number(text.employeesLarge), mid: number(text.employeesMid) },
    points: Object.fromEntries(POINT_KEYS.map((k) => [k, number(text.points[k])])) as ScoringRules['points'],
    signals: { pricingPaths: entries(text.pricingPaths), productPaths: entries(text.productPaths) },
    aging: { pointsPerWeek: number(text.agingPerWeek) },
    bands: { hot: number(text.hot), warm: number(text.warm) },
  };
}
