/**
 * The entry built to `widget.js`: `<script src="https://edge.example/widget.js" defer></script>` then
 * `<lead-form form="frm_…">` anywhere on the page. A classic script knows where it was loaded from only
 * while it runs, and that origin is the default endpoint, so a page on another origin works unconfigured.
 */
import { defineLeadForm } from './define';

try {
  const src = (document.currentScript as HTMLScriptElement | null)?.src;
  defineLeadForm(src ? new URL(src).origin : undefined);
} catch {
  // never throw into the host page
}
