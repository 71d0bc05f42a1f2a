import { useCallback, useEffect, useState } from 'react';
import type { ApiFailureCode } from '../lib/api';
import { pageFailureOf } from './sessionFailures';

export type ServerData<T> = { status: 'loading' } | { status: 'loaded'; data: T } | { status: 'failed'; code: ApiFailureCode };

/** What `fetch` gave, or null when it failed because the session itself ended (the provider has left the page). */
async function attempt<T>(fetch: () => Promise<T>): Promise<ServerData<T> | null> {
  try {
    return { status: 'loaded', data: await fetch() };
  } catch (error) {
    const code = pageFailureOf(error);
    return code === null ? null : { status: 'failed', code };
  }
}

/**
 * What "My sessions" and the teacher's page show: the server's answer to `fetch`, asked for when the page opens
 * and, with `everyMs`, again that often while it stays open (polling keeps the teacher's table live, and every
 * poll is an ordinary request the timeline shows). An answer that arrives after the page has closed is dropped.
 * `reload` asks again at once, after an action changed what the server holds. `fetch` must not change between
 * renders (a function of the module).
 */
export function useServerData<T>(fetch: () => Promise<T>, everyMs?: number) {
  const [state, setState] = useState<ServerData<T>>({ status: 'loading' });

  const reload = useCallback(async () => {
    const next = await attempt(fetch);
    if (next !== null) setState(next);
  }, [fetch]);

  useEffect(() => {
    let current = true;
    const refresh = () =>
      void attempt(fetch).then((next) => {
        if (current && next !== null) setState(next);
      });
    refresh();
    const timer = everyMs === undefined ? undefined : window.setInterval(refresh, everyMs);
    return () => {
      current = false;
      window.clearInterval(timer);
    };
  }, [fetch, everyMs]);

  return { state, reload };
}
