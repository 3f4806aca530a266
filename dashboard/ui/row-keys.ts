/**
 * The row to focus after pressing j (`delta` 1) or k (`delta` -1). With no row focused (`current`
 * -1), j starts at the first row and k at the last; movement stops at either end.
 */
export function stepRow(current: number, delta: 1 | -1, count: number): number {
  if (count === 0) return -1;
  if (current < 0) return delta > 0 ? 0 : count - 1;
  return Math.min(Math.max(current + delta, 0), count - 1);
}

/** True when a key press belongs to the focused control (typing, choosing) rather than to shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  // Duck-typed rather than `instanceof HTMLElement` so it also works across frames and in unit tests.
  const element = target as Partial<Pick<HTMLElement, 'tagName' | 'isContentEditable'>> | null;
  return (
    Boolean(element?.isContentEditable) || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element?.tagName ?? '')
  );
}

/** The row shortcut a key event asks for, or null; modified keys belong to the browser and OS. */
export function rowShortcut(event: KeyboardEvent): 1 | -1 | null {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return null;
  if (isTypingTarget(event.target)) return null;
  if (event.key === 'j') return 1;
  if (event.key === 'k') return -1;
  return null;
}
