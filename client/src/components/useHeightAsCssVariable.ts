import { useCallback, type RefCallback } from 'react';

/**
 * A ref that keeps the CSS custom property `name` on the document's root equal to its element's height, for
 * as long as the element is on the page. On a phone the classroom panel is a sheet fixed to the bottom of the
 * screen, and it must stop below the header and the clock banner so that both stay visible above it
 * (styles.css). CSS cannot size an element from another one that is not its ancestor, so the page measures
 * them; a ResizeObserver measures again whenever one wraps to more lines (a language switch, a rotated phone).
 */
export function useHeightAsCssVariable(name: `--${string}`): RefCallback<HTMLElement> {
  return useCallback(
    (element: HTMLElement | null) => {
      // jsdom, where the component tests run, has no ResizeObserver; there is no layout to measure there anyway.
      if (element === null || typeof ResizeObserver === 'undefined') return;
      const root = document.documentElement;
      const observer = new ResizeObserver(() => root.style.setProperty(name, `${element.offsetHeight}px`));
      observer.observe(element);
      // React 19 calls this when the element leaves the page: the rule then leaves no room for it.
      return () => {
        observer.disconnect();
        root.style.removeProperty(name);
      };
    },
    [name],
  );
}
