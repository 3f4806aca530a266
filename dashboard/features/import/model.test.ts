import type { ImportJobView, ImportPreview } from '@contract/imports';
import { describe, expect, it } from 'vitest';
import type { ImportApi } from './import-api';
import { createImportModel } from './model';

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
