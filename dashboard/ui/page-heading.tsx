import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

let headingsShown = 0;

/**
 * The page's `<h1>`; also sets the document title. After an in-app navigation (every heading but the
 * first one shown) it takes focus, so keyboard and screen-reader users land at the new page's start
 * instead of on a control that no longer exists.
 */
export function PageHeading({
  documentTitle,
  children,
}: {
  documentTitle: string;
  children: ComponentChildren;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = documentTitle;
  }, [documentTitle]);
  useEffect(() => {
    if (headingsShown++ > 0) ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} class="page-heading">
      {children}
    </h1>
  );
}
