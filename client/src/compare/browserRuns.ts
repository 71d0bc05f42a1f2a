import {
  EXPERIMENT_PATHS,
  type BrowserRunCreated,
  type BrowserRunResults,
  type ExperimentResult,
  type ExperimentRow,
  type SessionKind,
} from '@session-lab/shared';
import { api, describeApiError } from '../lib/api';

/** How often the page asks whether the window has reported, and for how long at most. */
export const BROWSER_POLL_MS = 500;
export const BROWSER_RUN_TIMEOUT_MS = 60_000;

const pause = (ms: number) => new Promise((resolve) => window.setTimeout(resolve, ms));

/**
 * Runs browser experiments in a window of their own and answers their results.
 *
 * Why a window, and why on another host name: these experiments sign in, and a sign-in sets a cookie. Browsers
 * keep cookies per host name (not per port), and our cookie names are the same for every session, so a sign-in
 * on this page's host would overwrite YOUR session cookie. The server hands back the window's address on the
 * other loopback name (localhost for 127.0.0.1, and the other way round): a separate cookie jar, same server.
 *
 * The window is opened at once, before anything is awaited, because browsers let a page open a window only while
 * it is handling the click; it is pointed at the experiment page once the server has made the run. The window
 * cannot talk back to this page (each side's Cross-Origin-Opener-Policy keeps them apart), so it reports to the
 * server, and this page asks the server for the results.
 */
export async function runInBrowser(jobs: ReadonlyArray<{ row: ExperimentRow; kind: SessionKind }>): Promise<ExperimentResult[]> {
  const experimentWindow = window.open('', 'session-lab-experiments', 'popup,width=760,height=560');
  if (experimentWindow === null) throw new Error('window-blocked');
  let runId: string;
  try {
    const { data } = await api.post<BrowserRunCreated>(EXPERIMENT_PATHS.browserRuns, { jobs });
    runId = data.runId;
    experimentWindow.location.href = data.pageUrl;
  } catch (error) {
    experimentWindow.close();
    if (describeApiError(error).code === 'BAD_REQUEST') throw new Error('not-loopback');
    throw error;
  }
  const deadline = Date.now() + BROWSER_RUN_TIMEOUT_MS;
  let last: ExperimentResult[] = [];
  while (Date.now() < deadline) {
    await pause(BROWSER_POLL_MS);
    const { data } = await api.get<BrowserRunResults>(EXPERIMENT_PATHS.browserRun.replace(':id', runId));
    last = data.results;
    if (data.done) return last;
  }
  if (last.length === 0) throw new Error('window-timeout');
  return last;
}
