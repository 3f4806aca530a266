import { css } from 'lit';

/**
 * The element's own card: it sets its background so text contrast (≥ 4.5:1) holds on any page, light or
 * dark. Theme with `--lead-form-accent` (+ `--lead-form-on-accent`), `--lead-form-font`,
 * `--lead-form-radius`, `--lead-form-spacing`, or restyle any `::part()`. Logical properties only (RTL).
 */
export const styles = css`
:host{display:block;position:relative;--a:var(--lead-form-accent,#3730a3);--o:var(--lead-form-on-accent,#fff);--s:var(--lead-form-spacing,1rem);--r:var(--lead-form-radius,6px);--e:#a4161a;--b:#5f6170;color:#1c1c28;background:#fff;font:1rem/1.5 var(--lead-form-font,system-ui,sans-serif);padding:var(--s);border-radius:var(--r);box-sizing:border-box}
@media (prefers-color-scheme:dark){:host{--a:var(--lead-form-accent,#c7d2fe);--o:var(--lead-form-on-accent,#111);--e:#ffb4ab;--b:#9a9cab;color:#ececf3;background:#1c1c24}}
[hidden]{display:none}
[part~=field]{margin-block-end:var(--s)}
[part~=label]{display:block;font-weight:600;margin-block-end:.25rem}
[part~=input]{display:block;box-sizing:border-box;inline-size:100%;min-inline-size:0;padding:.5rem .625rem;font:inherit;color:inherit;background:transparent;border:1px solid var(--b);border-radius:var(--r)}
textarea{min-block-size:6rem;resize:vertical}
.check{display:flex;gap:.5rem;align-items:flex-start}
.check [part~=input]{inline-size:1.25rem;block-size:1.25rem;flex:none;margin:.125rem 0 0;accent-color:var(--a)}
.check [part~=label]{font-weight:400}
[aria-invalid=true]{border-color:var(--e);border-width:2px}
[part~=error],[part~=status][data-kind=error]{color:var(--e);margin:.25rem 0 0}
[part~=error]:empty{display:none}
[part~=button]{font:inherit;font-weight:600;color:var(--o);background:var(--a);border:0;border-radius:var(--r);padding:.625rem 1.25rem;cursor:pointer;max-inline-size:100%}
:focus-visible{outline:3px solid var(--a);outline-offset:2px}
[part~=status]{margin:0}
[part~=status]:not(:empty){margin-block-start:var(--s)}
.hp{position:absolute;inline-size:1px;block-size:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
@media (prefers-reduced-motion:no-preference){[part~=button]{transition:filter .15s}}
[part~=button]:hover{filter:brightness(1.15)}
`;
