import { unsafeCSS } from 'lit';

/**
 * The element paints its own card, so text contrast (≥ 4.5:1) holds on any page, light or dark. Theme with
 * `--lead-form-accent` (+ `--lead-form-on-accent`), `--lead-form-font`, `--lead-form-radius`,
 * `--lead-form-spacing`, or restyle any `::part()`. Logical properties only, so RTL pages work. No motion of
 * its own; with reduced motion, transitions a theme adds through `::part()` are switched off too.
 * A constant string through `unsafeCSS` (nothing user-supplied): Lit's `css` tag costs ~170 B gzip more.
 */
export const styles = unsafeCSS(`
:host{display:block;--a:var(--lead-form-accent,#3730a3);--o:var(--lead-form-on-accent,#fff);--e:#a4161a;--s:var(--lead-form-spacing,1rem);--r:var(--lead-form-radius,6px);color:#1c1c28;background:#fff;font:1rem/1.5 var(--lead-form-font,system-ui);padding:var(--s)}
@media (prefers-color-scheme:dark){:host{--a:var(--lead-form-accent,#c7d2fe);--o:var(--lead-form-on-accent,#111);--e:#ffb4ab;color:#ececf3;background:#1c1c24}}
@media (prefers-reduced-motion:reduce){*{transition:none!important}}
[part=field]{margin-block-end:var(--s)}
p{margin:0}
label{display:block;font-weight:600}
[part=input]{box-sizing:border-box;inline-size:100%;padding:.5rem;font:inherit;color:inherit;background:none;border:1px solid;border-radius:var(--r)}
.c{font-weight:400}
.c input{inline-size:auto}
[aria-invalid=true]{border:2px solid var(--e)}
[part=error],[data-e]{color:var(--e)}
button{font:inherit;color:var(--o);background:var(--a);border:0;border-radius:var(--r);padding:.5rem 1rem;margin-block-end:var(--s)}
:focus-visible{outline:3px solid var(--a);outline-offset:2px}
.h{position:absolute;clip-path:inset(50%)}
`);
