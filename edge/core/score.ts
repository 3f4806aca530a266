import { foldForMatch } from './text';

/**
 * One row of the score breakdown: which rule gave how many points, and what matched.
 * Identical to `ScoreItem` in db/schema (core may not import it). Points may be negative
 * (the caps below, and the planned `aging` item), so the items always add up to the score.
 */
export type ScoreItem = { rule: string; points: number; detail?: string };

/**
 * An organization's ideal customer profile, stored as JSON (see `parseScoringRules`).
 *
 * Keywords, industries and region names are compared folded (case- and accent-insensitive) and on word
 * boundaries: "Software" matches "Enterprise Software", not "Softwareentwicklung". A `*` at either end lets
 * the keyword sit inside a longer word on that side: "*leiter" matches "Vertriebsleiter" (German compounds).
 */
export type ScoringRules = {
  targetIndustries: string[];
  /** Two-letter entries are ISO 3166-1 country codes matched against `country`; longer ones are region names. */
  targetRegions: string[];
  /**
   * Title keywords by language (a BCP 47 primary language code: en, de, cs, uk, …; `und` for lists whose
   * language was never said). A title's language is not known, so every language's keywords apply to every
   * lead. Director+ wins over manager, except where the director keyword lies inside a longer manager phrase
   * ("Team Lead", "Teamleiter", "керівник групи", "Product Owner"). A non-empty title matching neither is an
   * individual contributor.
   */
  titleKeywords: Record<string, TitleKeywords>;
  /** More than `large` employees is large; at least `mid` is mid (PRD: >100 and 50–100). */
  employees: { large: number; mid: number };
  points: {
    employeesLarge: number;
    employeesMid: number;
    industry: number;
    titleDirector: number;
    titleManager: number;
    titleIndividual: number;
    region: number;
    pricingPage: number;
    productPages: number;
    formSubmitted: number;
  };
  /** Path prefixes, matched per segment: "/pricing" matches "/pricing" and "/pricing/teams", not "/pricingx". */
  signals: { pricingPaths: string[]; productPaths: string[] };
  /** Points lost per full week without activity by an open lead (see `applyAging`). */
  aging: { pointsPerWeek: number };
  /** A score of at least `hot` is hot, at least `warm` warm, anything lower cold (`warm` < `hot`). */
  bands: { hot: number; warm: number };
};

export type TitleKeywords = { director: string[]; manager: string[] };

/** The three bands a score falls into; the thresholds are part of the scoring model. */
export type ScoreBand = 'hot' | 'warm' | 'cold';

/** The band of a score under a model's thresholds. */
export function scoreBand(score: number, bands: ScoringRules['bands']): ScoreBand {
  if (score >= bands.hot) return 'hot';
  if (score >= bands.warm) return 'warm';
  return 'cold';
}

export type ScoreInput = {
  industry: string | null;
  employees: number | null;
  title: string | null;
  country: string | null;
  region: string | null;
  /** 'form' and 'webhook' are a submitted form; 'api' and 'import' are passive and get no form points. */
  channel: 'form' | 'webhook' | 'api' | 'import';
  /** Paths (or full URLs) the visitor viewed; query and fragment are ignored. */
  pagesViewed?: string[];
};

/** `score` is an integer 0–100 and equals the sum of the breakdown's points. */
export type ScoreResult = { score: number; breakdown: ScoreItem[] };

const words = (list: string): string[] => list.split(',').map((w) => w.trim());

/** A starting profile (software companies in DACH, Czechia/Slovakia and Ukraine); organizations replace it. */
export const DEFAULT_SCORING_RULES: ScoringRules = deepFreeze({
  targetIndustries: [
    ...words('Software*, SaaS, Information Technology, IT Services, Internet'),
    ...words('Informationstechnologie, IT-Dienstleistungen'),
    ...words('Informační technologie'),
    ...words('Інформаційні технології, Програмне забезпечення'),
  ],
  targetRegions: words('DE, AT, CH, CZ, SK, UA'),
  titleKeywords: {
    en: {
      director: [
        ...words('ceo, cto, cfo, coo, cmo, cio, cro, cpo, chief, founder, co-founder, cofounder, owner'),
        ...words('president, vice president, vp, svp, evp, head of, director, managing director'),
        ...words('executive director, general manager, partner, chairman, chairwoman, chairperson'),
      ],
      manager: words(
        'manager, lead, team lead, teamlead, team leader, supervisor, product owner, partner manager',
      ),
    },
    de: {
      director: [
        ...words('geschäftsführer, geschäftsführerin, vorstand, vorstandsvorsitzender, vorstandsvorsitzende'),
        ...words('direktor, direktorin, *leiter, *leiterin, inhaber, inhaberin, gründer, gründerin'),
        ...words('*leitung, mitgründer, mitgründerin, gesellschafter, gesellschafterin'),
      ],
      manager: [
        ...words('managerin, teamleiter, teamleiterin, gruppenleiter, gruppenleiterin'),
        ...words('projektleiter, projektleiterin, teamleitung, gruppenleitung, projektleitung'),
      ],
    },
    cs: {
      director: [
        ...words(
          'ředitel, ředitelka, jednatel, jednatelka, majitel, majitelka, spolumajitel, spolumajitelka',
        ),
        ...words('zakladatel, zakladatelka, spoluzakladatel, spoluzakladatelka, předseda, předsedkyně'),
      ],
      manager: words('manažer, manažerka, vedoucí'),
    },
    uk: {
      director: [
        ...words('директор, директорка, керівник, керівниця, засновник, засновниця, співзасновник'),
        ...words('співзасновниця, власник, власниця, начальник, начальниця, голова'),
      ],
      manager: [
        ...words(
          'менеджер, менеджерка, керівник групи, керівниця групи, керівник команди, керівниця команди',
        ),
        ...words('керівник проєкту, керівниця проєкту, тімлід, тимлід'),
      ],
    },
  },
  employees: { large: 100, mid: 50 },
  points: {
    employeesLarge: 10,
    employeesMid: 5,
    industry: 15,
    titleDirector: 15,
    titleManager: 10,
    titleIndividual: 5,
    region: 10,
    pricingPage: 20,
    productPages: 10,
    formSubmitted: 10,
  },
  signals: { pricingPaths: ['/pricing'], productPaths: ['/product', '/features'] },
  aging: { pointsPerWeek: 5 },
  bands: { hot: 75, warm: 50 },
});

const DEMOGRAPHIC_CAP = 50;
const BEHAVIORAL_CAP = 50;

/**
 * Scores a lead 0–100: demographic fit (size, industry, title, region) capped at 50, behaviour (pricing and
 * product pages, form submitted) capped at 50. A capped part gets a negative `demographic-cap` or
 * `behavioral-cap` item so the breakdown still adds up to the score. Only non-zero items appear, in the order
 * employees, industry, title, region, then behaviour.
 */
export function scoreLead(input: ScoreInput, rules: ScoringRules): ScoreResult {
  const { points } = rules;
  const demographic = capped(
    [
      employeesItem(input.employees, rules),
      industryItem(input.industry, rules),
      titleItem(input.title, rules),
      regionItem(input.country, input.region, rules),
    ],
    DEMOGRAPHIC_CAP,
    'demographic-cap',
  );
  const behavioral = capped(
    [
      pathItem('pricing-page', points.pricingPage, input.pagesViewed, rules.signals.pricingPaths),
      pathItem('product-pages', points.productPages, input.pagesViewed, rules.signals.productPaths),
      input.channel === 'form' || input.channel === 'webhook'
        ? item('form-submitted', points.formSubmitted, input.channel)
        : null,
    ],
    BEHAVIORAL_CAP,
    'behavioral-cap',
  );
  const breakdown = [...demographic, ...behavioral];
  const total = breakdown.reduce((sum, i) => sum + i.points, 0);
  return { score: Math.min(100, Math.max(0, total)), breakdown };
}

const RULE_LABELS: Record<string, string> = {
  'employees-large': 'Company size',
  'employees-mid': 'Company size',
  industry: 'Industry',
  'title-director': 'Title',
  'title-manager': 'Title',
  'title-individual': 'Title',
  region: 'Region',
  'demographic-cap': 'Demographic cap',
  'pricing-page': 'Pricing page',
  'product-pages': 'Product pages',
  'form-submitted': 'Form submitted',
  'behavioral-cap': 'Behavioral cap',
  aging: 'Inactivity',
};

/** "Company size +10 · Industry +15 · Title +15 = 40/100"; English labels, unknown rule ids shown as is. */
export function formatBreakdown(result: ScoreResult): string {
  const parts = result.breakdown.map(
    (i) => `${RULE_LABELS[i.rule] ?? i.rule} ${i.points < 0 ? '−' : '+'}${Math.abs(i.points)}`,
  );
  const total = `${result.score}/100`;
  return parts.length > 0 ? `${parts.join(' · ')} = ${total}` : total;
}

/**
 * Reads scoring rules stored as JSON, part by part over the defaults: a missing or wrong-typed part keeps its
 * default, non-string list entries are dropped, points must be non-negative numbers (rounded). Never throws.
 */
export function parseScoringRules(value: unknown): ScoringRules {
  const d = DEFAULT_SCORING_RULES;
  const raw = asRecord(value);
  const employees = asRecord(raw.employees);
  const signals = asRecord(raw.signals);
  const rawPoints = asRecord(raw.points);
  const points = { ...d.points };
  for (const key of Object.keys(points) as Array<keyof ScoringRules['points']>) {
    points[key] = Math.round(nonNegative(rawPoints[key], d.points[key]));
  }
  return {
    targetIndustries: stringList(raw.targetIndustries, d.targetIndustries),
    targetRegions: stringList(raw.targetRegions, d.targetRegions),
    titleKeywords: parseTitleKeywords(raw.titleKeywords),
    employees: {
      large: nonNegative(employees.large, d.employees.large),
      mid: nonNegative(employees.mid, d.employees.mid),
    },
    points,
    signals: {
      pricingPaths: stringList(signals.pricingPaths, d.signals.pricingPaths),
      productPaths: stringList(signals.productPaths, d.signals.productPaths),
    },
    aging: {
      pointsPerWeek: Math.round(nonNegative(asRecord(raw.aging).pointsPerWeek, d.aging.pointsPerWeek)),
    },
    bands: parseBands(asRecord(raw.bands)),
  };
}

const LANGUAGE = /^[a-z]{2,3}$/u;

/**
 * Title keywords by language; the first stored shape (one director and one manager list, languages mixed)
 * is read as language `und`. A language whose lists are both missing is left out.
 */
function parseTitleKeywords(value: unknown): ScoringRules['titleKeywords'] {
  const raw = asRecord(value);
  if (Array.isArray(raw.director) || Array.isArray(raw.manager)) {
    const all = allTitleKeywords(DEFAULT_SCORING_RULES);
    return {
      und: {
        director: stringList(raw.director, all.director),
        manager: stringList(raw.manager, all.manager),
      },
    };
  }
  const entries = Object.entries(raw).filter(([lang]) => LANGUAGE.test(lang));
  if (entries.length === 0)
    return structuredClone(DEFAULT_SCORING_RULES.titleKeywords) as ScoringRules['titleKeywords'];
  return Object.fromEntries(
    entries.map(([lang, lists]) => {
      const l = asRecord(lists);
      return [lang, { director: stringList(l.director, []), manager: stringList(l.manager, []) }];
    }),
  );
}

/** Thresholds 1–100 with warm below hot; otherwise the defaults. */
/** A stored model's band thresholds (its `bands` member), the default ones where they are not valid. */
export function parseScoreBands(value: unknown): ScoringRules['bands'] {
  return parseBands(asRecord(value));
}

function parseBands(raw: Record<string, unknown>): ScoringRules['bands'] {
  const d = DEFAULT_SCORING_RULES.bands;
  const hot = Math.round(nonNegative(raw.hot, d.hot));
  const warm = Math.round(nonNegative(raw.warm, d.warm));
  return hot <= 100 && warm >= 1 && warm < hot ? { hot, warm } : { ...d };
}

function item(rule: string, points: number, detail?: string): ScoreItem | null {
  const p = Number.isFinite(points) ? Math.max(0, Math.round(points)) : 0;
  if (p === 0) return null;
  return detail === undefined ? { rule, points: p } : { rule, points: p, detail };
}

function capped(items: Array<ScoreItem | null>, cap: number, rule: string): ScoreItem[] {
  const kept = items.filter((i): i is ScoreItem => i !== null);
  const sum = kept.reduce((s, i) => s + i.points, 0);
  return sum > cap ? [...kept, { rule, points: cap - sum }] : kept;
}

function employeesItem(employees: number | null, rules: ScoringRules): ScoreItem | null {
  if (employees === null || !Number.isFinite(employees)) return null;
  if (employees > rules.employees.large) {
    return item('employees-large', rules.points.employeesLarge, String(employees));
  }
  if (employees >= rules.employees.mid)
    return item('employees-mid', rules.points.employeesMid, String(employees));
  return null;
}

function industryItem(industry: string | null, rules: ScoringRules): ScoreItem | null {
  const text = industry ? fold(industry) : '';
  if (!text) return null;
  const hit = rules.targetIndustries.map(keyword).find((k) => k && findAll(text, k).length > 0);
  return hit ? item('industry', rules.points.industry, hit.label) : null;
}

function titleItem(title: string | null, rules: ScoringRules): ScoreItem | null {
  const text = title ? fold(title) : '';
  if (!text) return null;
  const all = allTitleKeywords(rules);
  const directors = matches(text, all.director);
  const managers = matches(text, all.manager);
  // A director keyword only loses to a strictly longer manager phrase around it ("керівник" in "керівник групи").
  const senior = directors.filter(
    (d) => !managers.some((m) => m.start <= d.start && m.end >= d.end && m.end - m.start > d.end - d.start),
  );
  if (senior.length > 0) return item('title-director', rules.points.titleDirector, longest(senior));
  if (managers.length > 0) return item('title-manager', rules.points.titleManager, longest(managers));
  return item('title-individual', rules.points.titleIndividual);
}

// Scoring a batch reads the same rules object thousands of times: its languages are joined once.
const joinedTitles = new WeakMap<ScoringRules['titleKeywords'], TitleKeywords>();

/** Every language's title keywords in one list per level, languages in their stored order. */
export function allTitleKeywords(rules: ScoringRules): TitleKeywords {
  const hit = joinedTitles.get(rules.titleKeywords);
  if (hit) return hit;
  const lists = Object.values(rules.titleKeywords);
  const joined = { director: lists.flatMap((l) => l.director), manager: lists.flatMap((l) => l.manager) };
  joinedTitles.set(rules.titleKeywords, joined);
  return joined;
}

const COUNTRY_CODE = /^[a-z]{2}$/iu;

function regionItem(country: string | null, region: string | null, rules: ScoringRules): ScoreItem | null {
  const code = country?.trim().toUpperCase() ?? '';
  const name = region ? fold(region) : '';
  for (const raw of rules.targetRegions) {
    const target = raw.trim();
    if (COUNTRY_CODE.test(target)) {
      if (target.toUpperCase() === code) return item('region', rules.points.region, code);
    } else if (name && fold(target) === name) {
      return item('region', rules.points.region, target);
    }
  }
  return null;
}

function pathItem(
  rule: string,
  points: number,
  viewed: string[] | undefined,
  prefixes: string[],
): ScoreItem | null {
  if (!viewed || viewed.length === 0) return null;
  const roots = prefixes.map((p) => toPath(p).replace(/(?<=.)\/+$/u, '')).filter((p) => p !== '');
  for (const page of viewed) {
    const path = typeof page === 'string' ? toPath(page) : '';
    if (path && roots.some((r) => r === '/' || path === r || path.startsWith(`${r}/`))) {
      return item(rule, points, path);
    }
  }
  return null;
}

/** The lower-cased absolute path of a path or URL, without query or fragment; '' for nothing. */
function toPath(value: string): string {
  const path = value
    .trim()
    .replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/iu, '')
    .replace(/[?#].*$/su, '')
    .toLowerCase();
  if (path === '') return value.trim() === '' ? '' : '/';
  return path.startsWith('/') ? path : `/${path}`;
}

type Keyword = { label: string; text: string; openStart: boolean; openEnd: boolean };
type Match = { label: string; start: number; end: number };

function fold(value: string): string {
  return foldForMatch(value).replace(/\s+/gu, ' ').trim();
}

// Folding ~100 keywords dominated the cost of scoring a lead (bulk rescoring, CSV imports). The memo is keyed
// by the keyword string, so it can never go stale; it is bounded because one isolate serves many orgs.
const compiled = new Map<string, Keyword | null>();
const COMPILED_MAX = 10_000;

function keyword(raw: string): Keyword | null {
  const hit = compiled.get(raw);
  if (hit !== undefined) return hit;
  const trimmed = raw.trim();
  const label = trimmed.replace(/^\*+|\*+$/gu, '').trim();
  const text = fold(label);
  const k = text ? { label, text, openStart: trimmed.startsWith('*'), openEnd: trimmed.endsWith('*') } : null;
  if (compiled.size >= COMPILED_MAX) compiled.clear();
  compiled.set(raw, k);
  return k;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Every occurrence of the keyword in the folded text that respects word boundaries (unless opened by `*`). */
function findAll(text: string, k: Keyword): Match[] {
  const found: Match[] = [];
  for (let at = text.indexOf(k.text); at !== -1; at = text.indexOf(k.text, at + 1)) {
    const end = at + k.text.length;
    const startOk = k.openStart || at === 0 || !WORD_CHAR.test(text[at - 1] ?? '');
    const endOk = k.openEnd || end === text.length || !WORD_CHAR.test(text[end] ?? '');
    if (startOk && endOk) found.push({ label: k.label, start: at, end });
  }
  return found;
}

function matches(text: string, keywords: string[]): Match[] {
  return keywords.flatMap((raw) => {
    const k = keyword(raw);
    return k ? findAll(text, k) : [];
  });
}

/** The most specific (longest) match; the first listed wins a tie. */
function longest(found: Match[]): string {
  return found.reduce((best, m) => (m.end - m.start > best.end - best.start ? m : best)).label;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function stringList(value: unknown, fallback: readonly string[]): string[] {
  if (!Array.isArray(value)) return [...fallback];
  return value
    .filter((v): v is string => typeof v === 'string')
    .map((v) => v.trim())
    .filter((v) => v.replace(/\*/gu, '') !== '');
}

function nonNegative(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
