import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import { forgetDownloadedPages } from '../components/onDemand';
import { clock } from '../lib/clock';
import { demoSettings } from '../lib/demoSettings';
import { sessionEvents } from '../lib/sessionEvents';
import { stopTimeTicksForTests } from '../lib/useNow';

/**
 * jsdom has <dialog> but not its methods. This stand-in opens and closes it the way the attribute does in a
 * browser; what jsdom cannot show (the page behind turning inert, the top layer) is proved by the browser
 * tests in e2e/ against real Chromium.
 */
if (typeof HTMLDialogElement !== 'undefined' && typeof HTMLDialogElement.prototype.showModal !== 'function') {
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    if (!this.hasAttribute('open')) return;
    this.removeAttribute('open');
    this.dispatchEvent(new Event('close'));
  };
}

// How long a findBy query or waitFor keeps looking before it fails. No test waits for time to pass (the clock is
// faked where time matters); this only bounds how long a page may take to appear. Testing Library's default of
// one second is short on a 2-core machine running the server's suites beside these, where one dynamic import
// of a page can take longer than that.
configure({ asyncUtilTimeout: 5000 });

// Module-level stores outlive a test's render; every test starts from the state a fresh page load has.
afterEach(() => {
  cleanup();
  window.sessionStorage.clear();
  window.localStorage.clear();
  clock.reset();
  forgetDownloadedPages();
  sessionEvents.clear();
  stopTimeTicksForTests();
  demoSettings.set({ proactiveChecks: false });
  vi.useRealTimers();
});
