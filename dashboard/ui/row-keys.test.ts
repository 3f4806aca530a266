import { describe, expect, it } from 'vitest';
import { rowShortcut, stepRow } from './row-keys';

describe('stepRow', () => {
  it.each([
    ['j with nothing focused starts at the top', -1, 1, 5, 0],
    ['k with nothing focused starts at the bottom', -1, -1, 5, 4],
    ['j moves down', 2, 1, 5, 3],
    ['k moves up', 2, -1, 5, 1],
    ['j stops at the last row', 4, 1, 5, 4],
    ['k stops at the first row', 0, -1, 5, 0],
    ['no rows, no target', -1, 1, 0, -1],
  ] as const)('%s', (_name, current, delta, count, expected) => {
    expect(stepRow(current, delta, count)).toBe(expected);
  });
});

describe('rowShortcut', () => {
  const press = (key: string, target: object | null = { tagName: 'BODY' }, modifiers = {}) =>
    rowShortcut({ key, target, defaultPrevented: false, ...modifiers } as unknown as KeyboardEvent);

  it.each([
    ['j', { tagName: 'TR' }, {}, 1],
    ['k', { tagName: 'BUTTON' }, {}, -1],
    ['j', { tagName: 'INPUT' }, {}, null],
    ['k', { tagName: 'SELECT' }, {}, null],
    ['j', { tagName: 'DIV', isContentEditable: true }, {}, null],
    ['j', { tagName: 'BODY' }, { ctrlKey: true }, null],
    ['k', { tagName: 'BODY' }, { metaKey: true }, null],
    ['x', { tagName: 'BODY' }, {}, null],
  ] as const)('%s on %o with %o → %s', (key, target, modifiers, expected) => {
    expect(press(key, target, modifiers)).toBe(expected);
  });
});
