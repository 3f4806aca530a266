import { describe, expect, it } from 'vitest';
import {
  allTitleKeywords,
  DEFAULT_SCORING_RULES,
  formatBreakdown,
  parseScoringRules,
  type ScoreInput,
  type ScoreItem,
  type ScoringRules,
  scoreBand,
  scoreLead,
} from './score';

const RULES: ScoringRules = {
  ...DEFAULT_SCORING_RULES,
  targetIndustries: ['Software', 'Maschinenbau*', 'Strojírenství'],
  targetRegions: ['DE', 'cz', 'Bavaria', 'Jihomoravský kraj'],
};

/** A lead that matches nothing: every test states only what it is about. */
const BLANK: ScoreInput = {
  industry: null,
  employees: null,
  title: null,
  country: null,
  region: null,
  channel: 'api',
};

function breakdownOf(input: Partial<ScoreInput>, rules: ScoringRules = RULES): ScoreItem[] {
  return scoreLead({ ...BLANK, ...input }, rules).breakdown;
}

describe('scoreLead', () => {
  it('scores the PRD example: director, target industry, over 100 employees = 40', () => {
    const result = scoreLead(
      { ...BLANK, industry: 'Enterprise Software', employees: 250, title: 'Sales Director', country: 'US' },
      DEFAULT_SCORING_RULES,
    );
    expect(result).toEqual({
      score: 40,
      breakdown: [
        { rule: 'employees-large', points: 10, detail: '250' },
        { rule: 'industry', points: 15, detail: 'Software' },
        { rule: 'title-director', points: 15, detail: 'director' },
      ],
    });
    expect(formatBreakdown(result)).toBe('Company size +10 · Industry +15 · Title +15 = 40/100');
  });

  it('gives nothing for a lead that matches nothing', () => {
    expect(scoreLead(BLANK, RULES)).toEqual({ score: 0, breakdown: [] });
  });

  it.each<[number | null, ScoreItem[]]>([
    [null, []],
    [0, []],
    [49, []],
    [50, [{ rule: 'employees-mid', points: 5, detail: '50' }]],
    [100, [{ rule: 'employees-mid', points: 5, detail: '100' }]],
    [101, [{ rule: 'employees-large', points: 10, detail: '101' }]],
    [Number.NaN, []],
  ])('company size: %s employees', (employees, expected) => {
    expect(breakdownOf({ employees })).toEqual(expected);
  });

  it.each<[string | null, ScoreItem[]]>([
    ['Software', [{ rule: 'industry', points: 15, detail: 'Software' }]],
    ['Enterprise Software', [{ rule: 'industry', points: 15, detail: 'Software' }]],
    ['SOFTWARE & services', [{ rule: 'industry', points: 15, detail: 'Software' }]],
    ['Softwareentwicklung', []], // a plain target is a whole word…
    ['Maschinenbau', [{ rule: 'industry', points: 15, detail: 'Maschinenbau' }]],
    ['Maschinenbauteile', [{ rule: 'industry', points: 15, detail: 'Maschinenbau' }]], // …`*` opens it
    ['strojirenstvi', [{ rule: 'industry', points: 15, detail: 'Strojírenství' }]],
    ['Retail', []],
    ['', []],
    [null, []],
  ])('industry: %j', (industry, expected) => {
    expect(breakdownOf({ industry })).toEqual(expected);
  });

  const director = (detail: string): ScoreItem[] => [{ rule: 'title-director', points: 15, detail }];
  const manager = (detail: string): ScoreItem[] => [{ rule: 'title-manager', points: 10, detail }];
  const individual: ScoreItem[] = [{ rule: 'title-individual', points: 5 }];

  it.each<[string | null, ScoreItem[]]>([
    // en
    ['Head of Growth', director('head of')],
    ['CTO & Co-Founder', director('co-founder')],
    ['Vice President Sales', director('vice president')],
    ['VP of Marketing', director('vp')],
    ['Managing Director', director('managing director')],
    ['General Manager', director('general manager')],
    ['Team Lead', manager('team lead')],
    ['Sales Manager', manager('manager')],
    ['Product Owner', manager('product owner')], // "owner" alone would be director+
    ['Channel Partner Manager', manager('partner manager')],
    ['Software Engineer', individual],
    ['Leadership Coach', individual], // "lead" is a whole word
    ['VPN Engineer', individual], // so is "vp"
    // de
    ['Vertriebsleiterin', director('leiterin')],
    ['Leiter Vertrieb', director('leiter')],
    ['GESCHÄFTSFÜHRER', director('geschäftsführer')],
    ['Geschäftsführerin', director('geschäftsführerin')],
    ['Teamleiter Support', manager('teamleiter')], // a longer manager compound beats "*leiter"
    ['Projektleiterin', manager('projektleiterin')],
    ['Leitung Marketing', director('leitung')],
    ['Geschäftsführender Gesellschafter', director('gesellschafter')],
    ['Teamleitung Vertrieb', manager('teamleitung')],
    ['Marketing Managerin', manager('managerin')],
    ['Softwareentwickler', individual],
    // cs
    ['Ředitelka obchodu', director('ředitelka')],
    ['reditel', director('ředitel')],
    ['Jednatel', director('jednatel')],
    ['Vedoucí týmu', manager('vedoucí')],
    ['Obchodní manažerka', manager('manažerka')],
    ['Účetní', individual],
    // uk
    ['Керівник відділу продажів', director('керівник')],
    ['Генеральний директор', director('директор')],
    ['Співзасновниця', director('співзасновниця')],
    ['Керівник групи підтримки', manager('керівник групи')],
    ['Менеджер з продажу', manager('менеджер')],
    ['Бухгалтер', individual],
    // nothing to go on
    ['', []],
    ['   ', []],
    [null, []],
  ])('title: %j', (title, expected) => {
    expect(breakdownOf({ title }, DEFAULT_SCORING_RULES)).toEqual(expected);
  });

  it.each<[string | null, string | null, ScoreItem[]]>([
    ['DE', null, [{ rule: 'region', points: 10, detail: 'DE' }]],
    ['CZ', null, [{ rule: 'region', points: 10, detail: 'CZ' }]], // target written 'cz'
    ['de', null, [{ rule: 'region', points: 10, detail: 'DE' }]],
    ['US', 'BAVARIA', [{ rule: 'region', points: 10, detail: 'Bavaria' }]],
    [null, 'jihomoravsky kraj', [{ rule: 'region', points: 10, detail: 'Jihomoravský kraj' }]],
    ['US', 'DE', []], // Delaware: two-letter targets are countries only
    ['AT', 'Tirol', []],
    [null, null, []],
  ])('region: country %j, region %j', (country, region, expected) => {
    expect(breakdownOf({ country, region })).toEqual(expected);
  });

  it.each<[ScoreInput['channel'], ScoreItem[]]>([
    ['form', [{ rule: 'form-submitted', points: 10, detail: 'form' }]],
    ['webhook', [{ rule: 'form-submitted', points: 10, detail: 'webhook' }]],
    ['api', []],
    ['import', []],
  ])('channel %s', (channel, expected) => {
    expect(breakdownOf({ channel })).toEqual(expected);
  });

  it.each<[string[] | undefined, ScoreItem[]]>([
    [undefined, []],
    [[], []],
    [['/pricing'], [{ rule: 'pricing-page', points: 20, detail: '/pricing' }]],
    [
      ['/', '/Pricing/Teams?utm_source=x', '/pricing'],
      [{ rule: 'pricing-page', points: 20, detail: '/pricing/teams' }],
    ],
    [['https://example.com/pricing#faq'], [{ rule: 'pricing-page', points: 20, detail: '/pricing' }]],
    [['/pricingplans', '/blog/pricing'], []], // prefixes match whole segments from the root
    [['/features/forms', '/product'], [{ rule: 'product-pages', points: 10, detail: '/features/forms' }]],
    [
      ['/product/widget', '/pricing'],
      [
        { rule: 'pricing-page', points: 20, detail: '/pricing' },
        { rule: 'product-pages', points: 10, detail: '/product/widget' },
      ],
    ],
  ])('pages viewed %j', (pagesViewed, expected) => {
    expect(breakdownOf({ pagesViewed })).toEqual(expected);
  });

  it('gives 90 with the default points when every implemented rule matches', () => {
    const result = scoreLead(
      {
        industry: 'Software',
        employees: 500,
        title: 'CEO',
        country: 'CZ',
        region: null,
        channel: 'form',
        pagesViewed: ['/pricing', '/product'],
      },
      RULES,
    );
    expect(result).toEqual({
      score: 90,
      breakdown: [
        { rule: 'employees-large', points: 10, detail: '500' },
        { rule: 'industry', points: 15, detail: 'Software' },
        { rule: 'title-director', points: 15, detail: 'ceo' },
        { rule: 'region', points: 10, detail: 'CZ' },
        { rule: 'pricing-page', points: 20, detail: '/pricing' },
        { rule: 'product-pages', points: 10, detail: '/product' },
        { rule: 'form-submitted', points: 10, detail: 'form' },
      ],
    });
    expect(formatBreakdown(result)).toBe(
      'Company size +10 · Industry +15 · Title +15 · Region +10 · Pricing page +20 · Product pages +10 · ' +
        'Form submitted +10 = 90/100',
    );
  });

  it('caps each part at 50 with a negative item, so a lead hitting every rule is exactly 100', () => {
    const generous: ScoringRules = {
      ...RULES,
      points: {
        employeesLarge: 20,
        employeesMid: 20,
        industry: 20,
        titleDirector: 20,
        titleManager: 20,
        titleIndividual: 20,
        region: 20,
        pricingPage: 30,
        productPages: 30,
        formSubmitted: 30,
      },
    };
    const result = scoreLead(
      {
        industry: 'Software',
        employees: 500,
        title: 'CEO',
        country: 'DE',
        region: null,
        channel: 'webhook',
        pagesViewed: ['/pricing', '/features'],
      },
      generous,
    );
    expect(result).toEqual({
      score: 100,
      breakdown: [
        { rule: 'employees-large', points: 20, detail: '500' },
        { rule: 'industry', points: 20, detail: 'Software' },
        { rule: 'title-director', points: 20, detail: 'ceo' },
        { rule: 'region', points: 20, detail: 'DE' },
        { rule: 'demographic-cap', points: -30 },
        { rule: 'pricing-page', points: 30, detail: '/pricing' },
        { rule: 'product-pages', points: 30, detail: '/features' },
        { rule: 'form-submitted', points: 30, detail: 'webhook' },
        { rule: 'behavioral-cap', points: -40 },
      ],
    });
  });

  it('leaves out rules worth zero points and rounds fractional points', () => {
    const rules: ScoringRules = {
      ...RULES,
      points: { ...RULES.points, industry: 0, titleIndividual: 2.6, formSubmitted: -5 },
    };
    expect(scoreLead({ ...BLANK, industry: 'Software', title: 'Engineer', channel: 'form' }, rules)).toEqual({
      score: 3,
      breakdown: [{ rule: 'title-individual', points: 3 }],
    });
  });
});

describe('formatBreakdown', () => {
  it.each<[ScoreItem[], number, string]>([
    [[], 0, '0/100'],
    [
      [
        { rule: 'title-manager', points: 10, detail: 'manager' },
        { rule: 'aging', points: -5, detail: '1' },
      ],
      5,
      'Title +10 · Inactivity −5 = 5/100',
    ],
    [[{ rule: 'some-future-rule', points: 7 }], 7, 'some-future-rule +7 = 7/100'],
  ])('%j', (breakdown, score, expected) => {
    expect(formatBreakdown({ score, breakdown })).toBe(expected);
  });
});

describe('DEFAULT_SCORING_RULES', () => {
  it('is frozen, so no caller can change another caller’s defaults', () => {
    expect(() => DEFAULT_SCORING_RULES.targetIndustries.push('Retail')).toThrow(TypeError);
    expect(Object.isFrozen(DEFAULT_SCORING_RULES.points)).toBe(true);
  });
});

describe('parseScoringRules', () => {
  it.each<[string, unknown]>([
    ['null', null],
    ['a string', 'rules'],
    ['an array', [1, 2]],
    ['an empty object', {}],
    ['wrong-typed parts', { targetIndustries: 'Software', employees: 'many', points: [10], signals: 5 }],
  ])('falls back to the defaults for %s', (_, value) => {
    expect(parseScoringRules(value)).toEqual(DEFAULT_SCORING_RULES);
  });

  it('merges valid parts over the defaults and ignores wrong-typed ones', () => {
    const parsed = parseScoringRules({
      targetIndustries: ['Fintech', 42, '  ', ' Banking ', '*'],
      targetRegions: ['PL'],
      titleKeywords: { director: ['boss'], manager: 'lead' },
      employees: { large: 1000, mid: -1 },
      points: { industry: 25.4, region: '10', pricingPage: -3, formSubmitted: Number.NaN },
      signals: { pricingPaths: ['/preise'] },
      unknown: true,
    });
    expect(parsed).toEqual({
      targetIndustries: ['Fintech', 'Banking'],
      targetRegions: ['PL'],
      titleKeywords: {
        und: { director: ['boss'], manager: allTitleKeywords(DEFAULT_SCORING_RULES).manager },
      },
      employees: { large: 1000, mid: 50 },
      points: { ...DEFAULT_SCORING_RULES.points, industry: 25 },
      signals: { pricingPaths: ['/preise'], productPaths: ['/product', '/features'] },
      aging: { pointsPerWeek: 5 },
      bands: { hot: 75, warm: 50 },
    });
  });

  it('reads title keywords by language, leaving out codes that are not languages', () => {
    const parsed = parseScoringRules({
      titleKeywords: { de: { director: ['chef'], manager: 7 }, 'en-GB': { director: ['boss'] } },
    });
    expect(parsed.titleKeywords).toEqual({ de: { director: ['chef'], manager: [] } });
  });

  it.each<[string, unknown]>([
    ['warm above hot', { hot: 40, warm: 60 }],
    ['warm equal to hot', { hot: 60, warm: 60 }],
    ['hot over 100', { hot: 101, warm: 60 }],
    ['warm 0', { hot: 60, warm: 0 }],
  ])('keeps the default bands for %s', (_, bands) => {
    expect(parseScoringRules({ bands }).bands).toEqual({ hot: 75, warm: 50 });
  });

  it('returns rules the caller may change without touching the defaults', () => {
    const parsed = parseScoringRules({});
    parsed.targetIndustries.push('Retail');
    parsed.points.industry = 1;
    expect(DEFAULT_SCORING_RULES.targetIndustries).not.toContain('Retail');
    expect(DEFAULT_SCORING_RULES.points.industry).toBe(15);
  });
});

describe('scoreBand', () => {
  it.each([
    [100, 'hot'],
    [80, 'hot'],
    [79, 'warm'],
    [30, 'warm'],
    [29, 'cold'],
    [0, 'cold'],
  ] as const)('%i is %s with hot 80 and warm 30', (score, band) => {
    expect(scoreBand(score, { hot: 80, warm: 30 })).toBe(band);
  });
});
