import type { GlobalSearch } from '@contract/search';
import { describe, expect, it } from 'vitest';
import type { ApiResult } from '../../api/client';
import { createSearchModel, SEARCH_DELAY_MS, searchOptions } from './model';

const none = { items: [], more: false };
const lead = (id: string, name: string) => ({
  id,
  name,
  company: null,
  status: 'NEW' as const,
  score: 50,
  owner: null,
});
const answer = (leads: GlobalSearch['leads']): GlobalSearch => ({
  match: 'text',
  leads,
  accounts: { items: [{ id: 'acc_1', name: 'Acme', industry: null }], more: false },
  contacts: none,
  opportunities: none,
});

/** Timers run by hand, and a search whose answers the test releases in any order. */
function harness() {
  const timers: Array<{ run: () => void; ms: number; cleared: boolean }> = [];
  const asked: Array<{ q: string; reply: (r: ApiResult<GlobalSearch>) => Promise<void> }> = [];
  const model = createSearchModel(
    {
      search: (q) =>
        new Promise((resolve) => {
          asked.push({
            q,
            reply: async (r) => {
              resolve(r);
              await new Promise((done) => setTimeout(done, 0));
            },
          });
        }),
    },
    {
      set: (run, ms) => {
        const timer = { run, ms, cleared: false };
        timers.push(timer);
        return timer;
      },
      clear: (handle) => {
        (handle as { cleared: boolean }).cleared = true;
      },
    },
  );
  const fire = () => {
    for (const timer of timers.splice(0)) if (!timer.cleared) timer.run();
  };
  return { model, timers, asked, fire };
}

describe('the search model', () => {
  it('asks once after a pause in typing, not per key, and only from two characters', () => {
    const { model, timers, asked, fire } = harness();
    model.type('n');
    expect(model.phase.value).toBe('idle');
    expect(timers).toHaveLength(0);
    model.type('no');
    model.type('nov');
    expect(timers.map((t) => [t.ms, t.cleared])).toEqual([
      [SEARCH_DELAY_MS, true],
      [SEARCH_DELAY_MS, false],
    ]);
    expect(model.phase.value).toBe('waiting');
    fire();
    expect(asked.map((a) => a.q)).toEqual(['nov']);
  });

  it('drops an answer to a query that is no longer in the box', async () => {
    const { model, asked, fire } = harness();
    model.type('nov');
    fire();
    model.type('novak');
    fire();
    await asked[1]!.reply({
      ok: true,
      data: answer({ items: [lead('lead_2', 'Jana Nováková')], more: false }),
    });
    await asked[0]!.reply({ ok: true, data: answer({ items: [lead('lead_1', 'Old')], more: false }) });
    expect(model.options.value.map((o) => o.id)).toEqual(['lead_2', 'acc_1']);
    model.type('');
    await asked[1]!.reply({ ok: true, data: answer(none) });
    expect(model.options.value).toEqual([]);
    expect(model.phase.value).toBe('idle');
  });

  it('moves through the options with wrap-around and chooses the first when none is pointed', async () => {
    const { model, asked, fire } = harness();
    model.type('jana');
    fire();
    await asked[0]!.reply({
      ok: true,
      data: answer({ items: [lead('lead_1', 'A'), lead('lead_2', 'B')], more: true }),
    });
    expect(model.options.value.map((o) => o.href)).toEqual([
      '/app/leads/lead_1',
      '/app/leads/lead_2',
      '/app/leads?q=jana',
      '/app/accounts/acc_1',
    ]);
    expect(model.chosen()?.id).toBe('lead_1');
    model.move(-1);
    expect(model.active.value).toBe(3);
    model.move(1);
    model.move(1);
    expect(model.chosen()?.id).toBe('lead_2');
  });

  it('groups options in a fixed order and leaves out empty groups', () => {
    const groups = searchOptions(answer(none), 'x');
    expect(groups.map((g) => g.map((o) => o.group))).toEqual([['accounts']]);
  });
});
