import type { DocumentInfo } from '@contract/workspace-activity';
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { Problem } from '../../api/problem';
import { useApp } from '../../app-context';
import { formatDate, t } from '../../i18n';
import { problemMessageKey } from '../../ui/problem-message';

const downloadHref = (leadId: string, documentId: string) =>
  `/api/leads/${encodeURIComponent(leadId)}/documents/${encodeURIComponent(documentId)}`;

/** A lead's documents: the list with download links, and an upload for those who may change the lead. */
export function DocumentsPanel({ leadId, canUpload }: { leadId: string; canUpload: boolean }) {
  const { api } = useApp();
  const items = useSignal<DocumentInfo[]>([]);
  const problem = useSignal<Problem | null>(null);
  const status = useSignal('');
  const fileRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void api.listDocuments(leadId).then((result) => {
      if (result.ok) items.value = result.data.items;
      else problem.value = result.problem;
    });
  }, [api, leadId, items, problem]);

  const upload = async (event: Event) => {
    event.preventDefault();
    const file = fileRef.current?.files?.[0];
    if (!file) return fileRef.current?.focus();
    problem.value = null;
    const result = await api.uploadDocument(leadId, file);
    if (result.ok) {
      items.value = [result.data, ...items.value];
      status.value = t('documents.uploaded', { name: result.data.name });
      if (fileRef.current) fileRef.current.value = '';
    } else problem.value = result.problem;
  };

  const error = problem.value;
  return (
    <>
      {canUpload && (
        <form class="inline-edit" onSubmit={upload}>
          <label for="document-file">{t('documents.upload')}</label>
          <input ref={fileRef} id="document-file" type="file" />
          <button type="submit" class="button">
            {t('documents.uploadButton')}
          </button>
        </form>
      )}
      <p role="status" class="visually-hidden">
        {status.value}
      </p>
      <div role="alert">
        {error && (
          <p class="notice notice--error">
            {error.status === 413 ? t('documents.tooLarge') : t(problemMessageKey(error))}
          </p>
        )}
      </div>
      {items.value.length === 0 ? (
        <p class="muted">{t('documents.empty')}</p>
      ) : (
        <ul class="notes">
          {items.value.map((doc) => (
            <li key={doc.id} class="note">
              <a
                href={downloadHref(leadId, doc.id)}
                download={doc.name}
                aria-label={t('documents.download', { name: doc.name })}
                dir="auto"
              >
                {doc.name}
              </a>{' '}
              <span class="muted">
                {t('documents.size', { size: Math.max(1, Math.round(doc.size / 1024)) })} ·{' '}
                <time dateTime={doc.createdAt}>{formatDate(doc.createdAt)}</time>
                {doc.uploadedBy && ` · ${doc.uploadedBy.name}`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
