import { cleanText } from './text';

const MAX_NAME = 255;

/**
 * A file name safe to store and send back: the last path segment only (browsers and tools send
 * "C:\fakepath\x.pdf"), without control characters, at most 255 characters; "document" when nothing is left.
 */
export function safeFileName(raw: string): string {
  const base = raw.split(/[/\\]/).pop() ?? '';
  const name = cleanText(base.replace(/\p{Cc}/gu, '').replace(/^\.+/, '')) ?? '';
  const chars = [...name];
  if (chars.length <= MAX_NAME) return name || 'document';
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
  return chars.slice(0, MAX_NAME - [...ext].length).join('') + ext;
}

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

/** The declared media type when it is a plain `type/subtype` (parameters dropped), else octet-stream. */
export function safeContentType(raw: string | null | undefined): string {
  const type = (raw ?? '').split(';')[0]!.trim().toLowerCase();
  return MEDIA_TYPE.test(type) ? type : 'application/octet-stream';
}

/**
 * `Content-Disposition: attachment` with an ASCII fallback name and the exact name in RFC 5987 form, so
 * "Angebot Müller.pdf" and "Договір.pdf" download under their own names; always an attachment, never
 * rendered inline on our origin.
 */
export function attachmentDisposition(name: string): string {
  const fallback = name
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
