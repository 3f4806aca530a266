import { cleanText } from './text';

/** Query parameters kept on a stored page address: campaign tags and ad click ids, nothing a visitor typed. */
const KEPT_PARAM = /^(utm_[a-z_]+|gclid|gbraid|wbraid|dclid|fbclid|msclkid|li_fat_id|ttclid|twclid|yclid)$/i;

/** Text that looks like an email address or a phone number (7+ digits, separators allowed). */
const PERSONAL = /@|%40|(?:\d[\s().\-/+]*){7,}/i;

/**
 * A landing page's address as it is stored with a lead's events: scheme, host and path, with the query
 * reduced to campaign tags and click ids whose values hold nothing that looks like an email or a phone,
 * and no fragment or user info. Form tools put what a visitor typed into query strings (`?email=…`), and
 * the page is kept as long as the lead. A path segment that looks personal becomes `_`; text that is not
 * an http(s) address or a path is not kept at all.
 */
export function storedPageUrl(value: string | null | undefined): string | null {
  const text = cleanText(value);
  if (!text) return null;
  // The widget sends the paths viewed on the site without scheme or host.
  const relative = text.startsWith('/') && !text.startsWith('//');
  let url: URL;
  try {
    url = new URL(text, relative ? 'http://relative.invalid' : undefined);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const kept = new URLSearchParams();
  for (const [k, v] of url.searchParams) if (KEPT_PARAM.test(k) && !PERSONAL.test(v)) kept.append(k, v);
  const path = url.pathname
    .split('/')
    .map((segment) => (PERSONAL.test(decodeSegment(segment)) ? '_' : segment))
    .join('/');
  const query = kept.toString();
  return `${relative ? '' : `${url.protocol}//${url.host}`}${path}${query ? `?${query}` : ''}`;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
