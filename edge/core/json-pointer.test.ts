import { describe, expect, it } from 'vitest';
import { toPointer } from './json-pointer';

describe('toPointer (RFC 6901)', () => {
  it.each([
    [[], '/'],
    [['lastName'], '/lastName'],
    [['rules', 0, 'action', 'userId'], '/rules/0/action/userId'],
    [['a/b'], '/a~1b'],
    [['m~n'], '/m~0n'],
    [['~1'], '/~01'],
    [[''], '/'],
  ] as const)('%j → %s', (path, pointer) => {
    expect(toPointer(path)).toBe(pointer);
  });
});
