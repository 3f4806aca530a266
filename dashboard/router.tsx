import { batch, signal } from '@preact/signals';
import type { ComponentType, JSX } from 'preact';
import { useLayoutEffect } from 'preact/hooks';
import { LoadFailed, Loading } from './ui/loading';

/** The current pathname. Reading it while rendering re-renders on navigation. */
export const currentPath = signal(location.pathname, { name: 'router.path' });
/** The current query string (`?…` or empty); pages that keep state in the URL read it. */
export const currentSearch = signal(location.search, { name: 'router.search' });

/** Goes to `to` (a path, optionally with `?query`) with the History API; `replace` for redirects, so Back skips them. */
export function navigate(to: string, { replace = false } = {}): void {
  if (to === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  batch(() => {
    currentPath.value = location.pathname;
    currentSearch.value = location.search;
  });
}

/** Follows Back and Forward. Returns the function that stops listening. */
export function listenToHistory(): () => void {
  const onPopState = () => {
    batch(() => {
      currentPath.value = location.pathname;
      currentSearch.value = location.search;
    });
  };
  addEventListener('popstate', onPopState);
  return () => removeEventListener('popstate', onPopState);
}

/** An in-app link: a real `<a href>` (open in new tab still works) that navigates without reloading. */
export function Link({
  href,
  onClick,
  ...props
}: JSX.AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const follow = (event: JSX.TargetedMouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={follow} {...props} />;
}

/** Replaces the current history entry before paint, so the wrong page never flashes. */
export function Redirect({ to }: { to: string }) {
  useLayoutEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

/** A route component whose code is fetched on first render (a separate chunk). */
export function lazy<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  const loaded = signal<ComponentType<P> | null>(null, { name: 'router.lazy.loaded' });
  const failed = signal(false, { name: 'router.lazy.failed' });
  let requested = false;
  const start = () => {
    if (requested) return;
    requested = true;
    load().then(
      (component) => {
        loaded.value = component;
      },
      () => {
        requested = false;
        failed.value = true;
      },
    );
  };
  const retry = () => {
    failed.value = false;
    start();
  };
  return function Lazy(props: P) {
    const Component = loaded.value;
    if (Component) return <Component {...props} />;
    if (failed.value) return <LoadFailed onRetry={retry} />;
    start();
    return <Loading />;
  };
}
