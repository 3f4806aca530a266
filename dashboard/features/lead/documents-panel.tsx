import type { DocumentInfo } from '@contract/workspace-activity';
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { Problem } from '../../api/problem';
import { useApp } from '../../app-context';
import { formatDate, t } from '../../i18n';
import { ConfirmDialog } from '../../ui/dialog';
import { focusAfterRender } from '../../ui/focus';
import { problemMessageKey } from '../../ui/problem-message';

const downloadHref = (leadId: string, documentId: string) =>
  `/api/leads/${encodeURIComponent(leadId)}/documents/${encodeURIComponent(documentId)}`;

/**
 * A lead's documents: the list with download links; upload and delete (after a confirmation) for those
 * who may change the lead.
 */
export function DocumentsPanel({ leadId, canUpload }: { leadId: string; canUpload: boolean }) {
  const { api } = useApp();
  const items = useSignal<DocumentInfo[]>([]);
  const problem = useSignal<Problem | null>(null);
  const status = useSignal('');
  const fileRef = useRef<HTMLInputElement>(null);
  const deleting = useSignal<DocumentInfo | null>(null);

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

  const remove = async () => {
    const doc = deleting.value;
    if (!doc) return;
    problem.value = null;
    const result = await api.deleteDocument(leadId, doc.id);
    deleting.value = null;
    if (result.ok) {
      items.value = items.value.filter((d) => d.id !== doc.id);
      status.value = t('documents.deleted', { name: doc.name });
      // Its Delete button went with it: continue at the upload field.
      focusAfterRender('#document-file');
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
              {canUpload && (
                <button
                  type="button"
                  class="button button--quiet"
                  aria-label={t('documents.deleteLabel', { name: doc.name })}
                  onClick={() => {
                    deleting.value = doc;
                  }}
                >
                  {t('documents.delete')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        target={deleting}
        title={(doc) => t('documents.deleteTitle', { name: doc.name })}
        titleId="document-delete-title"
        label={t('documents.delete')}
        onConfirm={remove}
      />
    </>
  );
}
