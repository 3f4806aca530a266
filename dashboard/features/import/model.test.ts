import type { ImportJobView, ImportPreview } from '@contract/imports';
import { describe, expect, it } from 'vitest';
import type { ImportApi } from '../../api/imports';
import { createImportModel, stepOf } from './model';

const job = (over: Partial<ImportJobView> = {}): ImportJobView => ({
  id: 'imp_1',
  status: 'staged',
  filename: 'a.csv',
  headers: ['Nachname', 'Mail'],
  mapping: { Nachname: 'lastName', Mail: 'email' },
  policy: 'skip',
  encoding: 'utf-8',
  delimiter: ';',
  notice: null,
  ragged: [],
  raggedCount: 0,
  totalRows: 2,
  processedRows: 0,
  progress: 0,
  counts: {},
  possibleDuplicates: { choice: 'create', except: [] },
  createdAt: '2026-11-27T00:00:00Z',
  updatedAt: '2026-11-27T00:00:00Z',
  ...over,
});

function fakeApi(log: string[]): ImportApi {
  let polls = 0;
  const ok = <T>(data: T) => Promise.resolve({ ok: true as const, data });
  const preview: ImportPreview = {
    job: job({ status: 'previewed' }),
    totals: { create: 2 },
    items: [],
    nextCursor: null,
  };
  return {
    errorReportUrl: () => '',
    templateUrl: '',
    upload: () => ok(job()),
    getJob: () => {
      polls++;
      return ok(job({ status: polls < 2 ? 'committing' : 'completed', processedRows: polls < 2 ? 1 : 2 }));
    },
    updateSettings: (_id, body) => {
      log.push(`settings ${JSON.stringify(body)}`);
      return ok(job({ mapping: body.mapping ?? job().mapping, policy: body.policy ?? 'skip' }));
    },
    preview: (_id, q) => {
      log.push(`preview ${q.outcome ?? ''}`);
      return ok(preview);
    },
    choosePossibleDuplicates: (_id, body) => {
      log.push(`choose ${JSON.stringify(body)}`);
      const except = body.line === undefined ? [] : [body.line];
      const choice = body.line === undefined ? body.choice : 'create';
      return ok(
        job({
          status: 'previewed',
          possibleDuplicates: { choice, except },
          counts: { create: 1, skip: 1, possible_duplicate: 1 },
        }),
      );
    },
    commit: () => ok(job({ status: 'committing' })),
    cancel: () => ok(job({ status: 'cancelled' })),
    listTemplates: () => ok({ items: [] }),
    saveTemplate: (name, mapping) => ok({ id: 'imt_1', name, mapping, createdAt: '' }),
  };
}

describe('import model', () => {
  it('walks upload → map → preview → commit (polled) → summary', async () => {
    const log: string[] = [];
    const m = createImportModel(fakeApi(log), async () => {});
    await m.upload(new File(['x'], 'a.csv'));
    expect(m.step.value).toBe('map');
    m.setTarget('Mail', 'ignore');
    await m.confirmMapping();
    expect(m.step.value).toBe('preview');
    await m.filter('invalid');
    await m.setPolicy('overwrite');
    await m.commit();
    expect(m.step.value).toBe('summary');
    expect(m.job.value?.status).toBe('completed');
    expect(log).toEqual([
      'settings {"mapping":{"Nachname":"lastName","Mail":"ignore"}}',
      'preview ',
      'preview invalid',
      'settings {"policy":"overwrite"}',
      'preview invalid',
    ]);
  });

  it('skips one possible duplicate in place, and reloads the dry run for a choice for all', async () => {
    const log: string[] = [];
    const api = fakeApi(log);
    const row = (line: number) => ({
      line,
      outcome: 'create',
      reason: null,
      matchLeadId: null,
      matchLine: 2,
      note: { code: 'possible-duplicate' as const, line: 2, leadId: null, similarity: 0.9 },
      data: {},
    });
    // The server's dry run carries the job as last changed.
    let current = job({ status: 'previewed', counts: { create: 2 } });
    const choose = api.choosePossibleDuplicates;
    api.choosePossibleDuplicates = async (id, body) => {
      const saved = await choose(id, body);
      if (saved.ok) current = saved.data;
      return saved;
    };
    api.preview = () =>
      Promise.resolve({
        ok: true as const,
        data: { job: current, totals: current.counts, items: [row(3), row(4)], nextCursor: null },
      });
    const m = createImportModel(api, async () => {});
    await m.upload(new File(['x'], 'a.csv'));
    await m.confirmMapping();
    await m.choosePossibleDuplicates('skip', 4);
    expect(m.preview.value?.items.map((i) => [i.line, i.outcome])).toEqual([
      [3, 'create'],
      [4, 'skip'],
    ]);
    expect(m.preview.value?.totals).toEqual({ create: 1, skip: 1, possible_duplicate: 1 });
    await m.choosePossibleDuplicates('skip');
    expect(m.job.value?.possibleDuplicates).toEqual({ choice: 'skip', except: [] });
    expect(log.slice(-2)).toEqual(['choose {"choice":"skip","line":4}', 'choose {"choice":"skip"}']);
  });

  it('needs a last name before the preview', async () => {
    const m = createImportModel(fakeApi([]), async () => {});
    await m.upload(new File(['x'], 'a.csv'));
    expect(m.hasLastName.value).toBe(true);
    m.setTarget('Nachname', 'custom');
    expect(m.hasLastName.value).toBe(false);
  });

  it('keeps a failed upload as a problem', async () => {
    const api = fakeApi([]);
    api.upload = () =>
      Promise.resolve({
        ok: false,
        problem: { type: '', title: '', status: 422, code: 'validation-failed' },
      });
    const m = createImportModel(api, async () => {});
    await m.upload(new File([''], 'a.csv'));
    expect([m.step.value, m.problem.value?.status]).toEqual(['upload', 422]);
  });
});

describe('stepOf', () => {
  it.each([
    ['staging', 'map'],
    ['needs_mapping', 'map'],
    ['staged', 'map'],
    ['previewed', 'preview'],
    ['committing', 'commit'],
    ['completed', 'summary'],
    ['cancelled', 'summary'],
    ['failed', 'summary'],
  ] as const)('%s resumes at %s', (status, step) => {
    expect(stepOf(status)).toBe(step);
  });
});

/** A Storage stand-in: sessionStorage is the browser's; the model only gets, sets and removes. */
function memoryDrafts() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
}

/** An API whose job is staged (at the mapping) whenever it is read. */
function stagedApi(log: string[] = []): ImportApi {
  const api = fakeApi(log);
  api.getJob = () => Promise.resolve({ ok: true as const, data: job() });
  return api;
}

describe('mapping drafts', () => {
  it('keeps the edited mapping over a reload until it is saved', async () => {
    const drafts = memoryDrafts();
    const first = createImportModel(stagedApi(), async () => {}, drafts);
    await first.resume('imp_1');
    first.setTarget('Mail', 'personalEmail');
    // The reload: a new model for the same job, the server still holding the saved mapping.
    const second = createImportModel(stagedApi(), async () => {}, drafts);
    await second.resume('imp_1');
    expect(second.mapping.value).toEqual({ Nachname: 'lastName', Mail: 'personalEmail' });
    const log: string[] = [];
    const third = createImportModel(stagedApi(log), async () => {}, drafts);
    await third.resume('imp_1');
    await third.confirmMapping();
    expect(log[0]).toBe('settings {"mapping":{"Nachname":"lastName","Mail":"personalEmail"}}');
    expect(drafts.items.size).toBe(0);
  });

  it('ignores a draft for headers the job does not have, or that is not a mapping', async () => {
    const drafts = memoryDrafts();
    drafts.setItem('leadgate.import.mapping.imp_1', JSON.stringify({ Vorname: 'firstName', Mail: 7 }));
    const m = createImportModel(stagedApi(), async () => {}, drafts);
    await m.resume('imp_1');
    expect(m.mapping.value).toEqual({ Nachname: 'lastName', Mail: 'email' });
    drafts.setItem('leadgate.import.mapping.imp_1', '{not json');
    await m.resume('imp_1');
    expect(m.mapping.value).toEqual({ Nachname: 'lastName', Mail: 'email' });
  });
});

describe('resume', () => {
  const withJob = (status: ImportJobView['status'], log: string[] = []) => {
    const api = fakeApi(log);
    const getJob = api.getJob;
    let first = true;
    api.getJob = (id) => {
      if (!first) return getJob(id);
      first = false;
      log.push(`get ${id}`);
      return Promise.resolve({ ok: true as const, data: job({ status }) });
    };
    return createImportModel(api, async () => {});
  };

  it('opens a staged job at the mapping with its mapping', async () => {
    const log: string[] = [];
    const m = withJob('staged', log);
    await m.resume('imp_1');
    expect([m.step.value, m.mapping.value]).toEqual(['map', { Nachname: 'lastName', Mail: 'email' }]);
    expect(log).toEqual(['get imp_1']);
  });

  it('opens a previewed job at the dry run, loaded', async () => {
    const log: string[] = [];
    const m = withJob('previewed', log);
    await m.resume('imp_1');
    expect([m.step.value, m.preview.value?.totals]).toEqual(['preview', { create: 2 }]);
    expect(log).toEqual(['get imp_1', 'preview ']);
  });

  it('follows a committing job to its summary', async () => {
    const m = withJob('committing');
    await m.resume('imp_1');
    expect([m.step.value, m.job.value?.status]).toEqual(['summary', 'completed']);
  });

  it('stops polling once disposed', async () => {
    const m = withJob('committing');
    m.dispose();
    await m.resume('imp_1');
    expect([m.step.value, m.job.value?.status]).toEqual(['commit', 'committing']);
  });

  it('keeps a missing job as a problem, at the upload', async () => {
    const api = fakeApi([]);
    api.getJob = () =>
      Promise.resolve({ ok: false, problem: { type: '', title: '', status: 404, code: 'not-found' } });
    const m = createImportModel(api, async () => {});
    await m.resume('imp_nope');
    expect([m.step.value, m.problem.value?.code]).toEqual(['upload', 'not-found']);
  });
});
