/**
 * The message syntax of the catalogs, a subset of ICU MessageFormat:
 * - `{name}` is replaced by the parameter `name`;
 * - `{count, plural, one {# day} few {# days} other {# days}}` chooses a branch by the locale's
 *   `Intl.PluralRules` for `count` (an `=N` branch, e.g. `=0 {none}`, wins over the category), and `#` in the
 *   branch is the count, formatted. A branch may hold `{name}` placeholders of its own.
 * A translation writes whole sentences per branch, so languages with three or four forms (cs, uk) are right.
 */

type Part =
  | { kind: 'text'; text: string }
  | { kind: 'arg'; name: string }
  | { kind: 'count' }
  | { kind: 'plural'; name: string; branches: Map<string, Part[]> };

/** Reads a message into parts; throws on a malformed one (the catalog test runs every message through it). */
export function parseMessage(message: string): Part[] {
  const [parts, end] = parseParts(message, 0, false);
  if (end !== message.length) throw new SyntaxError(`Unbalanced "}" at ${end} in: ${message}`);
  return parts;
}

function parseParts(message: string, start: number, inBranch: boolean): [Part[], number] {
  const parts: Part[] = [];
  let text = '';
  let i = start;
  const flush = () => {
    if (text) parts.push({ kind: 'text', text });
    text = '';
  };
  while (i < message.length) {
    const char = message[i]!;
    if (char === '}') break;
    if (char === '#' && inBranch) {
      flush();
      parts.push({ kind: 'count' });
      i += 1;
    } else if (char === '{') {
      flush();
      const [part, next] = parseArgument(message, i + 1);
      parts.push(part);
      i = next;
    } else {
      text += char;
      i += 1;
    }
  }
  flush();
  return [parts, i];
}

function parseArgument(message: string, start: number): [Part, number] {
  const head = /^\s*(\w+)\s*(?:(\})|,\s*plural\s*,)/.exec(message.slice(start));
  if (!head) throw new SyntaxError(`Malformed placeholder at ${start} in: ${message}`);
  const name = head[1]!;
  let i = start + head[0].length;
  if (head[2]) return [{ kind: 'arg', name }, i];
  const branches = new Map<string, Part[]>();
  for (;;) {
    const selector = /^\s*(=\d+|zero|one|two|few|many|other)\s*\{/.exec(message.slice(i));
    if (!selector) break;
    const [parts, end] = parseParts(message, i + selector[0].length, true);
    if (message[end] !== '}') throw new SyntaxError(`Unclosed branch in: ${message}`);
    branches.set(selector[1]!, parts);
    i = end + 1;
  }
  const close = /^\s*\}/.exec(message.slice(i));
  if (!close || !branches.has('other')) throw new SyntaxError(`A plural needs an "other" branch: ${message}`);
  return [{ kind: 'plural', name, branches }, i + close[0].length];
}

/** The names of a message's parameters (plural arguments and placeholders in branches included), sorted. */
export function messageParams(message: string): string[] {
  const names = new Set<string>();
  const walk = (parts: Part[]) => {
    for (const part of parts) {
      if (part.kind === 'arg') names.add(part.name);
      if (part.kind === 'plural') {
        names.add(part.name);
        for (const branch of part.branches.values()) walk(branch);
      }
    }
  };
  walk(parseMessage(message));
  return [...names].sort();
}

/** The branch selectors of each plural in a message (none when it has no plural). */
export function pluralBranches(message: string): string[][] {
  return parseMessage(message).flatMap((part) => (part.kind === 'plural' ? [[...part.branches.keys()]] : []));
}

export type MessageValues = Record<string, string | number>;

const pluralRules = new Map<string, Intl.PluralRules>();
function pluralRulesFor(locale: string): Intl.PluralRules {
  const known = pluralRules.get(locale);
  if (known) return known;
  const rules = new Intl.PluralRules(locale);
  pluralRules.set(locale, rules);
  return rules;
}

/**
 * Fills a message for `locale`. Numbers are written by `formatNumber`; a missing parameter is left as its
 * placeholder, so a mistake shows instead of silently vanishing.
 */
export function formatMessage(
  message: string,
  values: MessageValues,
  locale: string,
  formatNumber: (value: number) => string,
): string {
  const write = (parts: Part[], count: number | undefined): string =>
    parts
      .map((part) => {
        if (part.kind === 'text') return part.text;
        if (part.kind === 'count') return count === undefined ? '#' : formatNumber(count);
        const value = values[part.name];
        if (part.kind === 'arg') {
          if (value === undefined) return `{${part.name}}`;
          return typeof value === 'number' ? formatNumber(value) : value;
        }
        const n = Number(value);
        const branch =
          part.branches.get(`=${n}`) ??
          part.branches.get(pluralRulesFor(locale).select(n)) ??
          part.branches.get('other')!;
        return write(branch, n);
      })
      .join('');
  const parsed = parsedMessages.get(message) ?? parseMessage(message);
  parsedMessages.set(message, parsed);
  return write(parsed, undefined);
}

/** Parsed messages by text: `t()` runs on every render. */
const parsedMessages = new Map<string, Part[]>();
