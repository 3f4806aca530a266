/**
 * Focuses, once the coming render is on screen, the first of `selectors` that matches an enabled element.
 * For actions whose own control disappears or is disabled by the change they make: focus would otherwise
 * fall to `<body>`, and keyboard and screen-reader users would have to find their place again.
 */
export function focusAfterRender(...selectors: string[]): void {
  requestAnimationFrame(() => {
    for (const selector of selectors) {
      const element = document.querySelector<HTMLElement>(selector);
      if (element && !element.matches(':disabled')) {
        element.focus();
        return;
      }
    }
  });
}
