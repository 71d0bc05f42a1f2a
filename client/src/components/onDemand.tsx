import { Component, lazy, Suspense, useLayoutEffect, useState, type ComponentType, type ReactNode } from 'react';
import type { MessageKey } from '../i18n/en';
import { loadEnglishPageSentences, useT } from '../i18n/I18nProvider';
import { focusPageHeading } from '../lib/focus';

export interface OnDemandPage<Props extends object = object> {
  /** Draws the page, after fetching its chunk the first time (a polite "Loading the page…" meanwhile). */
  Page: ComponentType<Props>;
  /** Fetches the chunk without drawing anything; the next `<Page />` is then drawn at once. */
  preload(): Promise<ComponentType<Props>>;
}

/** How to forget every page's chunk: tests start each page as not downloaded yet, like a fresh page load. */
const everyPage = new Set<() => void>();

export function forgetDownloadedPages(): void {
  for (const forget of everyPage) forget();
}

/**
 * A page that is not in the first download: its code (and the modules only it uses) is a chunk of its own,
 * fetched with a dynamic `import()` the first time the page is drawn or preloaded, together with the English
 * sentences of such pages (i18n/en-pages.ts), which are a chunk of their own, shared by all of them.
 *
 * Once the chunk is here, the page is drawn at once, with no loading step: React.lazy would still show the
 * fallback for a moment each time a new copy of the page mounts, and a page that was prefetched so that it
 * opens instantly should open instantly.
 */
export function onDemand<Props extends object = object>(load: () => Promise<ComponentType<Props>>): OnDemandPage<Props> {
  let arrived: ComponentType<Props> | undefined;
  let loading: Promise<ComponentType<Props>> | undefined;
  const preload = (): Promise<ComponentType<Props>> => {
    loading ??= Promise.all([load(), loadEnglishPageSentences()]).then(
      ([page]) => (arrived = page),
      (error: unknown) => {
        // Forget a failed fetch (offline for a moment), so the next attempt asks the network again.
        loading = undefined;
        throw error;
      },
    );
    return loading;
  };
  const lazyPage = () => lazy(async () => ({ default: await preload() }));
  let Lazy = lazyPage();
  everyPage.add(() => {
    arrived = undefined;
    loading = undefined;
    Lazy = lazyPage();
  });

  function Page(props: Props) {
    // Decided once per mount: a page that arrives while this copy is showing the fallback must not be swapped
    // for a fresh copy on the next render, which would throw away whatever the user had started on it.
    const [Arrived] = useState(() => arrived);
    const [OnItsWay] = useState(() => Lazy);
    if (Arrived) return <Arrived {...props} />;
    return (
      <ChunkLoadFailure fallback={<ChunkLoadFailed message="page.loadFailed" />}>
        <Suspense fallback={<PageLoading />}>
          <OnItsWay {...props} />
          <FocusHeadingOnArrival />
        </Suspense>
      </ChunkLoadFailure>
    );
  }
  return { Page, preload };
}

/**
 * What shows while the chunk travels. A status region is announced politely by screen readers, without
 * taking the focus; on screen the words appear only if the wait lasts (styles.css, `.page-loading`).
 */
function PageLoading() {
  const t = useT();
  return (
    <p role="status" className="page-loading">
      {t('page.loading')}
    </p>
  );
}

/**
 * After a route change, usePageTitleAndFocus moves the focus to the new page's heading; while the page is
 * still on its way there is no heading yet, so the focus lands on <main>. When the page arrives, this hands
 * the focus on to its heading. It leaves the focus alone when it is anywhere else: on <body> after a first
 * load (the skip link comes first there), or wherever the user has moved it in the meantime. It sits after
 * the page inside the same Suspense boundary, so its effect runs once the page is in the document; a layout
 * effect, like the route change's, so the heading has the focus from the moment it is shown.
 */
function FocusHeadingOnArrival() {
  useLayoutEffect(() => {
    if (document.activeElement?.id === 'main') focusPageHeading();
  }, []);
  return null;
}

/**
 * A chunk that cannot be fetched (the network dropped, or a new version was deployed and the old file is
 * gone) would otherwise throw out of the whole app and leave a blank window. This keeps the frame and shows
 * `fallback` in place of what could not arrive: for a page or the classroom panel, what happened and a
 * reload, which fetches the current version of every file.
 */
export class ChunkLoadFailure extends Component<{ children: ReactNode; fallback: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

export function ChunkLoadFailed({ message }: { message: MessageKey }) {
  const t = useT();
  return (
    <div role="alert" className="error">
      <p>{t(message)}</p>
      <button type="button" className="button secondary small" onClick={() => window.location.reload()}>
        {t('page.reload')}
      </button>
    </div>
  );
}
