import { DEFAULT_SCORING_RULES, type ScoringRules } from '@core/score';
import { describe, expect, it } from 'vitest';
import { fromDraftText, toDraftText } from './draft';

describe('scoring draft text', () => {
  it('round-trips a model through the controls’ text', () => {
    const rules = structuredClone(DEFAULT_SCORING_RULES) as ScoringRules;
    expect(fromDraftText(toDraftText(rules))).toEqual(rules);
  });

  it('offers en, de, cs and uk even when the model lacks one, and keeps other languages', () => {
    const rules: ScoringRules = {
      ...DEFAULT_SCORING_RULES,
      titleKeywords: { pl: { director: ['dyrektor'], manager: [] } },
    };
    const text = toDraftText(rules);
    expect(Object.keys(text.titles)).toEqual(['en', 'de', 'cs', 'uk', 'pl']);
    expect(fromDraftText(text).titleKeywords).toEqual({ pl: { director: ['dyrektor'], manager: [] } });
  });

  it('drops blank lines and sends an emptied number as null, so the server names the field', () => {
    const text = { ...toDraftText(DEFAULT_SCORING_RULES), targetRegions: ' DE \n\n AT ', warm: '  ' };
    const rules = fromDraftText(text);
    expect(rules.targetRegions).toEqual(['DE', 'AT']);
    expect(rules.bands.warm).toBeNull();
  });
});
