import { act, render, screen } from '@testing-library/react';
import type { ComponentType } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { prefetchSignIn } from '../AppRoutes';
import { I18nProvider } from '../i18n/I18nProvider';
import { renderApp } from '../test/test-utils';
import { onDemand } from './onDemand';

/** A chunk whose arrival the test decides. */
function chunk() {
  let arrive!: (page: ComponentType) => void;
  let fail!: (error: Error) => void;
  const promise = new Promise<ComponentType>((resolve, reject) => {
    arrive = resolve;
    fail = reject;
  });
  return { load: () => promise, arrive, fail };
}

function Arrived() {
  return <h1>The page that arrived</h1>;
}

/** The page inside a <main> like the one Layout draws, with something else the user could focus. */
function renderInFrame(Page: ComponentType) {
  render(
    <I18nProvider>
      <button type="button">Elsewhere</button>
      <main id="main" tabIndex={-1}>
        <Page />
      </main>
    </I18nProvider>,
  );
}

describe('pages loaded on demand', () => {
  it('says politely that the page is on its way, then hands the focus from <main> to its heading when it arrives', async () => {
    const slow = chunk();
    const { Page } = onDemand(slow.load);
    renderInFrame(Page);
    expect(screen.getByRole('status')).toHaveTextContent('Loading the page…');
    // Where usePageTitleAndFocus leaves the focus after a route change that found no heading yet.
    act(() => screen.getByRole('main').focus());

    await act(async () => slow.arrive(Arrived));

    expect(await screen.findByRole('heading', { name: 'The page that arrived' })).toHaveFocus();
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });

  it('leaves the focus where the user moved it while the page was on its way', async () => {
    const slow = chunk();
    const { Page } = onDemand(slow.load);
    renderInFrame(Page);
    act(() => screen.getByRole('button', { name: 'Elsewhere' }).focus());

    await act(async () => slow.arrive(Arrived));

    await screen.findByRole('heading', { name: 'The page that arrived' });
    expect(screen.getByRole('button', { name: 'Elsewhere' })).toHaveFocus();
  });

  it('draws a page fetched beforehand at once, with no loading line', async () => {
    const { Page, preload } = onDemand(async () => Arrived);
    await preload();
    renderInFrame(Page);
    expect(screen.getByRole('heading', { name: 'The page that arrived' })).toBeInTheDocument();
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });

  it('keeps the frame and offers a reload when the page cannot be downloaded, and asks the network again next time', async () => {
    // React reports the error it caught; the test is about what the visitor sees.
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const load = vi.fn<() => Promise<ComponentType>>().mockRejectedValueOnce(new Error('Failed to fetch dynamically imported module'));
    const { Page, preload } = onDemand(load);
    renderInFrame(Page);

    expect(await screen.findByRole('alert')).toHaveTextContent('This page could not be downloaded');
    expect(screen.getByRole('button', { name: 'Reload' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Elsewhere' })).toBeInTheDocument();

    load.mockResolvedValueOnce(Arrived);
    await expect(preload()).resolves.toBe(Arrived);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('draws the sign-in page at once after it was prefetched, so clicking "Sign in" does not wait', async () => {
    const { user } = renderApp({ route: '/' });
    await act(() => prefetchSignIn());

    await user.click(screen.getByRole('link', { name: 'Sign in' }));

    expect(screen.getByRole('heading', { level: 1, name: 'Sign in' })).toHaveFocus();
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });
});
