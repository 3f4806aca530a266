import type { RescoreProgress, ScoringPreview, ScoringVersionSummary } from '@contract/scoring';
import type { ScoringRules } from '@core/score';
import type { ScoringChange } from '@core/scoring-diff';
import { batch, computed, createModel, type ReadonlySignal, signal } from '@preact/signals';
import type { FieldError, Problem } from '../../api/problem';
import type { ScoringApi } from '../../api/scoring';
import { type DraftText, fromDraftText, toDraftText } from './draft';

/** The outcome of the last action, for the page's status line. */
export type ScoringNotice =
  | { kind: 'saved'; version: number }
  | { kind: 'restored'; version: number; from: number }
  | { kind: 'rescored'; version: number };

/** How often a running rescore is asked for its progress. */
export const POLL_MS = 2_000;

/** The scoring model editor: the model in force, the draft, its preview, versions and the rescore. */
export const ScoringModel = createModel(() => {
  const current = signal<{ version: number; rules: ScoringRules } | null>(null, { name: 'scoring.current' });
  const draft = signal<DraftText | null>(null, { name: 'scoring.draft' });
  const versions = signal<ScoringVersionSummary[]>([], { name: 'scoring.versions' });
  const preview = signal<ScoringPreview | null>(null, { name: 'scoring.preview' });
  /** The draft the preview shows: a preview of another draft is out of date. */
  const previewed = signal<DraftText | null>(null, { name: 'scoring.previewed' });
  const rescore = signal<RescoreProgress | null>(null, { name: 'scoring.rescore' });
  const diff = signal<{ from: number; to: number; changes: ScoringChange[] } | null>(null, {
    name: 'scoring.diff',
  });
  const problem = signal<Problem | null>(null, { name: 'scoring.problem' });
  const busy = signal<string | null>(null, { name: 'scoring.busy' });
  const notice = signal<ScoringNotice | null>(null, { name: 'scoring.notice' });
  const stale = computed(() => preview.value !== null && previewed.value !== draft.value, {
    name: 'scoring.stale',
  });
  const fieldErrors = computed<FieldError[]>(() => problem.value?.errors ?? [], {
    name: 'scoring.fieldErrors',
  });
  let timer: ReturnType<typeof setTimeout> | null = null;

  const fail = (p: Problem) => {
    problem.value = p;
  };

  async function loadVersions(api: Pick<ScoringApi, 'listVersions'>) {
    const list = await api.listVersions();
    if (list.ok) versions.value = list.data.items;
    else fail(list.problem);
  }

  async function loadCurrent(api: Pick<ScoringApi, 'listVersions' | 'getVersion'>) {
    await loadVersions(api);
    const newest = versions.value[0];
    if (!newest) return;
    const one = await api.getVersion(newest.version);
    if (!one.ok) return fail(one.problem);
    batch(() => {
      current.value = { version: one.data.version, rules: one.data.rules };
      draft.value = toDraftText(one.data.rules);
      preview.value = null;
      previewed.value = null;
    });
  }

  /** Asks for the rescore's progress while one runs; at its end the notice says so. */
  function follow(api: Pick<ScoringApi, 'rescore'>) {
    stop();
    timer = setTimeout(async () => {
      timer = null;
      const result = await api.rescore();
      if (!result.ok) return;
      const was = rescore.value;
      rescore.value = result.data.rescore;
      if (result.data.rescore?.status === 'running') follow(api);
      else if (was?.status === 'running' && result.data.rescore?.status === 'completed')
        notice.value = { kind: 'rescored', version: result.data.rescore.version };
    }, POLL_MS);
  }

  function stop() {
    if (timer) clearTimeout(timer);
    timer = null;
  }

  async function saved(
    api: ScoringApi,
    result: Awaited<ReturnType<ScoringApi['save']>>,
    n: (v: number) => ScoringNotice,
  ) {
    busy.value = null;
    if (!result.ok) return fail(result.problem);
    batch(() => {
      rescore.value = result.data.rescore;
      notice.value = n(result.data.version);
    });
    await loadCurrent(api);
    follow(api);
  }

  return {
    current: current as ReadonlySignal<typeof current.value>,
    draft: draft as ReadonlySignal<DraftText | null>,
    versions: versions as ReadonlySignal<ScoringVersionSummary[]>,
    preview: preview as ReadonlySignal<ScoringPreview | null>,
    rescore: rescore as ReadonlySignal<RescoreProgress | null>,
    diff: diff as ReadonlySignal<typeof diff.value>,
    problem: problem as ReadonlySignal<Problem | null>,
    busy: busy as ReadonlySignal<string | null>,
    notice: notice as ReadonlySignal<ScoringNotice | null>,
    stale,
    fieldErrors,

    async load(api: ScoringApi): Promise<void> {
      busy.value = 'load';
      await loadCurrent(api);
      const state = await api.rescore();
      batch(() => {
        busy.value = null;
        if (state.ok) rescore.value = state.data.rescore;
      });
      if (rescore.value?.status === 'running') follow(api);
    },

    /** Replaces the draft (the controls call this with each edit). */
    edit(change: (d: DraftText) => DraftText): void {
      if (draft.value) draft.value = change(draft.value);
    },

    async runPreview(api: Pick<ScoringApi, 'preview'>): Promise<void> {
      const d = draft.value;
      if (!d) return;
      batch(() => {
        busy.value = 'preview';
        problem.value = null;
        notice.value = null;
      });
      const result = await api.preview(fromDraftText(d));
      batch(() => {
        busy.value = null;
        if (!result.ok) return fail(result.problem);
        preview.value = result.data;
        previewed.value = d;
      });
    },

    async save(api: ScoringApi): Promise<void> {
      const d = draft.value;
      if (!d) return;
      batch(() => {
        busy.value = 'save';
        problem.value = null;
        notice.value = null;
      });
      await saved(api, await api.save(fromDraftText(d)), (version) => ({ kind: 'saved', version }));
    },

    async restore(api: ScoringApi, from: number): Promise<void> {
      batch(() => {
        busy.value = `restore:${from}`;
        problem.value = null;
        notice.value = null;
      });
      await saved(api, await api.restore(from), (version) => ({ kind: 'restored', version, from }));
    },

    async compare(api: Pick<ScoringApi, 'diff'>, version: number, against: number): Promise<void> {
      busy.value = `diff:${version}`;
      const result = await api.diff(version, against);
      batch(() => {
        busy.value = null;
        if (result.ok) diff.value = result.data;
        else fail(result.problem);
      });
    },

    /** Stops following the rescore (the page is left). */
    dispose: stop,
  };
});

export type ScoringModel = InstanceType<typeof ScoringModel>;
