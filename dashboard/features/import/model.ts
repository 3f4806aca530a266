import type { ImportJobView, ImportPreview, MappingTemplateView } from '@contract/imports';
import { computed, signal } from '@preact/signals';
import type { ApiResult } from '../../api/client';
import type { DuplicatePolicy, ImportApi, Outcome, PossibleDuplicateChoice } from '../../api/imports';
import type { Problem } from '../../api/problem';

export type ImportStep = 'upload' | 'map' | 'preview' | 'commit' | 'summary';
export const STEPS = ['upload', 'map', 'preview', 'commit'] as const satisfies readonly ImportStep[];

export type ImportModel = ReturnType<typeof createImportModel>;

/** Where the wizard keeps a mapping being edited (sessionStorage in the browser: this tab only). */
export type DraftStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const draftKey = (jobId: string) => `leadgate.import.mapping.${jobId}`;

function sessionDrafts(): DraftStore | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null; // storage blocked (privacy settings): edits then live as long as the page
  }
}

/**
 * The wizard step a job's stored status resumes at: a job being staged or needing (or having) its mapping
 * is at the mapping, a previewed one at the dry run, a committing one at the progress, and a finished,
 * cancelled or failed one at the summary.
 */
export function stepOf(status: ImportJobView['status']): ImportStep {
  switch (status) {
    case 'staging':
    case 'needs_mapping':
    case 'staged':
      return 'map';
    case 'previewed':
      return 'preview';
    case 'committing':
      return 'commit';
    default:
      return 'summary';
  }
}

/**
 * The import wizard's state and actions: upload → map → dry run → commit (polled) → summary, or `resume`
 * an existing job at its step. Every action resolves; a failure is kept in `problem` for the view to
 * announce.
 */
export function createImportModel(
  api: ImportApi,
  sleep = (ms: number) => new Promise((r) => setTimeout(r, ms)),
  drafts: DraftStore | null = sessionDrafts(),
) {
  const step = signal<ImportStep>('upload', { name: 'import.step' });
  const job = signal<ImportJobView | null>(null, { name: 'import.job' });
  const mapping = signal<Record<string, string>>({}, { name: 'import.mapping' });
  const preview = signal<ImportPreview | null>(null, { name: 'import.preview' });
  const outcome = signal<Outcome | ''>('', { name: 'import.outcome' });
  const busy = signal(false, { name: 'import.busy' });
  const problem = signal<Problem | null>(null, { name: 'import.problem' });
  const templates = signal<MappingTemplateView[]>([], { name: 'import.templates' });
  // Set when the page goes away, so a poll does not outlive it.
  let disposed = false;
  const hasLastName = computed(() =>
    Object.values(mapping.value).some((t) => t === 'lastName' || t === 'fullName'),
  );

  /** Runs one call with busy/problem bookkeeping; returns the data, or null on failure. */
  async function run<T>(request: () => Promise<ApiResult<T>>): Promise<T | null> {
    busy.value = true;
    problem.value = null;
    try {
      const result = await request();
      if (!result.ok) {
        problem.value = result.problem;
        return null;
      }
      return result.data;
    } finally {
      busy.value = false;
    }
  }

  function setJob(next: ImportJobView) {
    job.value = next;
    mapping.value = { ...next.mapping };
  }

  /** The mapping being edited, kept for this tab until it is saved: a reload shows it, not the saved one. */
  function keepDraft() {
    const id = job.value?.id;
    if (id) drafts?.setItem(draftKey(id), JSON.stringify(mapping.value));
  }

  /** A kept draft of this job's mapping, for the headers the job has; null when there is none. */
  function draftOf(found: ImportJobView): Record<string, string> | null {
    try {
      const kept = JSON.parse(drafts?.getItem(draftKey(found.id)) ?? 'null') as unknown;
      if (!kept || typeof kept !== 'object') return null;
      const entries = Object.entries(kept as Record<string, unknown>).filter(
        (e): e is [string, string] => found.headers.includes(e[0]) && typeof e[1] === 'string',
      );
      return entries.length ? { ...found.mapping, ...Object.fromEntries(entries) } : null;
    } catch {
      return null;
    }
  }

  async function loadTemplates(): Promise<void> {
    const list = await api.listTemplates();
    if (list.ok) templates.value = list.data.items;
  }

  async function upload(file: File): Promise<void> {
    const created = await run(() => api.upload(file));
    if (!created) return;
    setJob(created);
    step.value = 'map';
    await loadTemplates();
  }

  /**
   * Opens an existing job at the step its stored status says (a reload, or a link opened later): the
   * mapping with the templates, the dry run, the commit's live progress, or the summary.
   */
  async function resume(id: string): Promise<void> {
    const found = await run(() => api.getJob(id));
    if (!found) return;
    setJob(found);
    step.value = stepOf(found.status);
    const draft = step.value === 'map' ? draftOf(found) : null;
    if (draft) mapping.value = draft;
    if (step.value === 'map') await loadTemplates();
    else if (step.value === 'preview') await loadPreview();
    else if (step.value === 'commit') await poll(id);
  }

  async function loadPreview(cursor: string | null = null): Promise<void> {
    const id = job.value?.id;
    if (!id) return;
    const page = await run(() => api.preview(id, { outcome: outcome.value || undefined, cursor }));
    if (!page) return;
    job.value = page.job;
    preview.value =
      cursor && preview.value ? { ...page, items: [...preview.value.items, ...page.items] } : page;
  }

  /** Saves the mapping (and policy), then shows the dry run. */
  async function confirmMapping(): Promise<void> {
    const id = job.value?.id;
    if (!id) return;
    const saved = await run(() => api.updateSettings(id, { mapping: mapping.value }));
    if (!saved) return;
    drafts?.removeItem(draftKey(id));
    setJob(saved);
    step.value = 'preview';
    await loadPreview();
  }

  async function setPolicy(policy: DuplicatePolicy): Promise<void> {
    const id = job.value?.id;
    if (!id) return;
    const saved = await run(() => api.updateSettings(id, { policy }));
    if (saved) setJob(saved);
    await loadPreview();
  }

  /**
   * Creates or skips the rows that only resemble another person: all of them (the dry run is reloaded),
   * or the one on `line` (that row and the totals change in place, so the rows already shown stay).
   */
  async function choosePossibleDuplicates(choice: PossibleDuplicateChoice, line?: number): Promise<void> {
    const id = job.value?.id;
    if (!id) return;
    const body = line === undefined ? { choice } : { choice, line };
    const saved = await run(() => api.choosePossibleDuplicates(id, body));
    if (!saved) return;
    job.value = saved;
    const shown = preview.value;
    if (line === undefined || !shown) return loadPreview();
    preview.value = {
      ...shown,
      job: saved,
      totals: saved.counts,
      items: shown.items.map((row) => (row.line === line ? { ...row, outcome: choice } : row)),
    };
  }

  async function filter(next: Outcome | ''): Promise<void> {
    outcome.value = next;
    await loadPreview();
  }

  async function commit(): Promise<void> {
    const id = job.value?.id;
    if (!id) return;
    const started = await run(() => api.commit(id));
    if (!started) return;
    job.value = started;
    step.value = 'commit';
    await poll(id);
  }

  /** Polls the job until it leaves `committing`; a reload of the page would find the same progress. */
  async function poll(id: string): Promise<void> {
    while (step.value === 'commit' && !disposed) {
      await sleep(1000);
      const current = await api.getJob(id);
      if (!current.ok) continue;
      job.value = current.data;
      if (current.data.status !== 'committing') step.value = 'summary';
    }
  }

  async function cancel(): Promise<void> {
    const id = job.value?.id;
    if (!id) return;
    const cancelled = await run(() => api.cancel(id));
    if (cancelled) {
      job.value = cancelled;
      step.value = 'summary';
    }
  }

  async function saveTemplate(name: string): Promise<boolean> {
    const saved = await run(() => api.saveTemplate(name, mapping.value));
    if (saved) templates.value = [...templates.value, saved];
    return saved !== null;
  }

  function applyTemplate(id: string) {
    const template = templates.value.find((x) => x.id === id);
    const headers = job.value?.headers ?? [];
    if (!template) return;
    mapping.value = Object.fromEntries(
      headers.map((h) => [h, template.mapping[h] ?? mapping.value[h] ?? 'custom']),
    );
    keepDraft();
  }

  function setTarget(header: string, target: string) {
    mapping.value = { ...mapping.value, [header]: target };
    keepDraft();
  }

  return {
    dispose: () => {
      disposed = true;
    },
    resume,
    step,
    job,
    mapping,
    preview,
    outcome,
    busy,
    problem,
    templates,
    hasLastName,
    upload,
    confirmMapping,
    loadPreview,
    setPolicy,
    choosePossibleDuplicates,
    filter,
    commit,
    cancel,
    saveTemplate,
    applyTemplate,
    setTarget,
  };
}
