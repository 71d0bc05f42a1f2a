/**
 * Where keyboard and screen-reader focus goes when the page changes under the user. A single-page app swaps
 * the content without a page load, so the browser leaves focus where it was (on a link that may no longer
 * exist, or on <body>), and a screen-reader user hears nothing. Moving focus to the new page's main heading
 * announces the new page and puts the keyboard at its start (WCAG 2.4.3, focus order).
 */
export function focusPageHeading(): void {
  const heading = document.querySelector<HTMLElement>('#main h1');
  const target = heading ?? document.getElementById('main');
  if (!target) return;
  // A heading is not focusable by default; -1 lets a script focus it without adding it to the Tab order.
  if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus();
}
