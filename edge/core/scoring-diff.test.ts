import { describe, expect, it } from 'vitest';
import { DEFAULT_SCORING_RULES, type ScoringRules } from './score';
import { diffScoringRules } from './scoring-diff';

const BASE: ScoringRules = structuredClone(DEFAULT_SCORING_RULES) as ScoringRules;

describe('diffScoringRules', () => {
  it('finds nothing between equal models, nor in a reordered list', () => {
    const reordered = { ...BASE, targetRegions: [...BASE.targetRegions].reverse() };
    expect(diffScoringRules(BASE, reordered)).toEqual([]);
  });

  it('lists changed numbers and added or removed keywords in the model’s order, with JSON pointers', () => {
    const after: ScoringRules = {
      ...BASE,
      targetIndustries: [...BASE.targetIndustries.filter((i) => i !== 'SaaS'), 'Fintech'],
      titleKeywords: {
        ...BASE.titleKeywords,
        de: { ...BASE.titleKeywords.de!, manager: [...BASE.titleKeywords.de!.manager, 'Abteilungsleiter'] },
        pl: { director: ['dyrektor'], manager: [] },
      },
      points: { ...BASE.points, industry: 20 },
      bands: { hot: 80, warm: 50 },
    };
    expect(diffScoringRules(BASE, after)).toEqual([
      { path: '/targetIndustries', kind: 'list', added: ['Fintech'], removed: ['SaaS'] },
      { path: '/titleKeywords/de/manager', kind: 'list', added: ['Abteilungsleiter'], removed: [] },
      { path: '/titleKeywords/pl/director', kind: 'list', added: ['dyrektor'], removed: [] },
      { path: '/points/industry', kind: 'value', before: 15, after: 20 },
      { path: '/bands/hot', kind: 'value', before: 75, after: 80 },
    ]);
  });

  it('reads a language removed as all its keywords removed', () => {
    const { uk, ...rest } = BASE.titleKeywords;
    const changes = diffScoringRules(BASE, { ...BASE, titleKeywords: rest });
    expect(changes).toEqual([
      { path: '/titleKeywords/uk/director', kind: 'list', added: [], removed: uk!.director },
      { path: '/titleKeywords/uk/manager', kind: 'list', added: [], removed: uk!.manager },
    ]);
  });
});
