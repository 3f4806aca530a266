import { cleanText } from './text';

/** A tag is a short label; longer text belongs in a note. */
export const MAX_TAG_LENGTH = 50;
/** More tags than this on one lead stop being a way to find it. */
export const MAX_TAGS_PER_LEAD = 50;

/** A tag as stored: trimmed, NFC, inner whitespace collapsed; null when empty or too long. */
export function normalizeTag(raw: string): string | null {
  const tag = cleanText(raw);
  if (!tag || [...tag].length > MAX_TAG_LENGTH) return null;
  return tag;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export type TagChange = { tags: string[]; added: string[]; removed: string[] };

/**
 * Adds tags to a lead's list, skipping any it already has in another case ("VIP" and "vip" are one tag;
 * the first spelling stays). Returns null when the result would exceed MAX_TAGS_PER_LEAD.
 */
export function addTags(current: string[], incoming: string[]): TagChange | null {
  const tags = [...current];
  const added: string[] = [];
  for (const tag of incoming) {
    if (tags.some((t) => same(t, tag))) continue;
    tags.push(tag);
    added.push(tag);
  }
  if (tags.length > MAX_TAGS_PER_LEAD && added.length > 0) return null;
  return { tags, added, removed: [] };
}

/** Removes a tag, in any case. */
export function removeTag(current: string[], tag: string): TagChange {
  const removed = current.filter((t) => same(t, tag));
  return { tags: current.filter((t) => !same(t, tag)), added: [], removed };
}
