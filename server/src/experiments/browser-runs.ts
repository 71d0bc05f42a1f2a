/**
 * The two rows that need a real browser: "a script on the page can read the credential" (xss) and "needs a
 * CSRF defence" (csrf). The SPA opens one window for them (client/src/compare/browserRuns.ts); that window runs
 * our page `/experiments/run.html` on the OTHER loopback name (localhost when you use 127.0.0.1, and the other
 * way round). Cookies are kept per host name, not per port, so that window has a cookie jar of its own: its
 * sign-ins never overwrite your session cookie, whose name they share.
 *
 * What the server keeps here is a small table of runs, each named by an unguessable id (the capability the
 * window gets in its URL), bounded in number and in time:
 * - the jobs the window must do,
 * - what the server itself saw of the requests that matter, recorded as they arrived: the "attack" request
 *   from the page on another origin (with the cookie the browser attached, or none) and the request that
 *   replays a value a script read from the page,
 * - and the window's report of its own requests, from which, with the server's records, the result is made.
 *
 * The attacker: a second, tiny HTTP server on another port of the same loopback address (attacker.ts). Another
 * port is the SAME site (ports do not count for SameSite), so the browser does attach SameSite=Strict cookies
 * to its requests: only the CSRF check can stop them, and the experiment shows whether it does.
 */
import { randomBytes } from 'node:crypto';
import { API_PATHS, type ComparedKind, type ExperimentHttpStep, type ExperimentResult, type ExperimentStep } from '@session-lab/shared';
import type { SessionStoreName } from '../config.js';

export type BrowserRow = 'xss' | 'csrf';

export interface BrowserJob {
  row: BrowserRow;
  kind: ComparedKind;
}

/** What the window reports about one job: its own requests, and what its scripts found. */
export interface PageReport {
  row: BrowserRow;
  kind: ComparedKind;
  steps: Array<ExperimentHttpStep & { at: number }>;
  /** xss: where the injected script found something that looked like a credential (never the value). */
  found: Array<{ where: string; name: string; length: number }>;
  /** xss: what the script's request with the session cookie (fetch with credentials) was answered. */
  scriptRequestStatus: number | null;
  /** csrf: whether the session still worked after the attack. */
  aliveAfter: number | null;
}

export interface BrowserRun {
  id: string;
  owner: string;
  jobs: BrowserJob[];
  attackerOrigin: string;
  createdAt: number;
  /** What the server recorded itself, per job, with the time it arrived. */
  recorded: Map<string, Array<ExperimentHttpStep & { at: number }>>;
  results: Map<string, ExperimentResult>;
}

/** At most this many runs are remembered; the oldest is forgotten first. */
export const MAX_BROWSER_RUNS = 20;
/** A run is forgotten this long after it was made: the window has long finished or given up by then. */
export const BROWSER_RUN_LIFETIME_MS = 120_000;
/** At most this many requests are recorded per job, whatever a page sends. */
export const MAX_RECORDED_PER_JOB = 8;

export const jobKey = (row: BrowserRow, kind: ComparedKind): string => `${row}|${kind}`;

export class BrowserRuns {
  private readonly runs = new Map<string, BrowserRun>();

  constructor(private readonly now: () => number = Date.now) {}

  create(owner: string, jobs: BrowserJob[], attackerOrigin: string): BrowserRun {
    this.forgetOld();
    while (this.runs.size >= MAX_BROWSER_RUNS) this.runs.delete(this.runs.keys().next().value!);
    const run: BrowserRun = {
      id: randomBytes(16).toString('base64url'),
      owner,
      jobs,
      attackerOrigin,
      createdAt: this.now(),
      recorded: new Map(),
      results: new Map(),
    };
    this.runs.set(run.id, run);
    return run;
  }

  get(id: string): BrowserRun | undefined {
    this.forgetOld();
    return this.runs.get(id);
  }

  /** Records a request the server received for a job of a run; false when there is no such run or job. */
  record(id: string, job: BrowserJob, step: ExperimentHttpStep): boolean {
    const run = this.get(id);
    if (run === undefined || !run.jobs.some((candidate) => candidate.row === job.row && candidate.kind === job.kind)) return false;
    const key = jobKey(job.row, job.kind);
    const list = run.recorded.get(key) ?? [];
    if (list.length >= MAX_RECORDED_PER_JOB) return false;
    list.push({ ...step, at: this.now() });
    run.recorded.set(key, list);
    return true;
  }

  private forgetOld(): void {
    const oldest = this.now() - BROWSER_RUN_LIFETIME_MS;
    for (const [id, run] of this.runs) if (run.createdAt < oldest) this.runs.delete(id);
  }
}

/**
 * The result of one job, from the window's report and the server's own records, merged in time order. The
 * answer is decided from what the server saw wherever it can be:
 * - csrf: "needs a defence" is yes when the browser attached the session credential to the attack request by
 *   itself (the server saw it arrive), whatever happened next; the figures say whether the defence held. For
 *   `refresh` they add the window's own refresh after a forged one at the refresh route: 200 means the forgery
 *   spent nothing.
 * - xss: yes when a value the script read was accepted by the server as a session (the replay, which the
 *   server recorded, was answered 200).
 */
export function resultOf(run: BrowserRun, report: PageReport, store: SessionStoreName): ExperimentResult {
  const recorded = run.recorded.get(jobKey(report.row, report.kind)) ?? [];
  const merged = [...report.steps, ...recorded].sort((a, b) => a.at - b.at);
  const steps: ExperimentStep[] = [];
  for (const { at: _at, ...step } of merged) {
    steps.push(step);
    if (report.row === 'xss' && step.path === '/api/auth/login' && step.status === 200) {
      steps.push({ type: 'event', actor: 'browser', event: 'script-read', detail: foundText(report) });
    }
  }
  const figures: ExperimentResult['figures'] = {};
  let answer: boolean;
  if (report.row === 'csrf') {
    const attack = recorded.find((step) => step.from === 'attacker');
    const arrived = attack?.server.kind !== undefined;
    answer = arrived;
    figures.credentialArrived = arrived;
    figures.attackStatus = attack?.status ?? null;
    figures.attackCode = /"code":"([A-Z_]+)"/.exec(attack?.responseBody ?? '')?.[1] ?? null;
    figures.aliveAfter = report.aliveAfter;
    // `refresh`: the window's own refresh after the attacker also forged one at the refresh route (run.js).
    const renewal = report.steps.find((step) => step.method === 'POST' && step.path === API_PATHS.refresh);
    if (renewal !== undefined) figures.refreshAfterAttack = renewal.status;
  } else {
    const replays = recorded.filter((step) => step.from === 'browser');
    answer = replays.some((step) => step.status === 200);
    figures.found = report.found.length;
    figures.where = report.found.map((item) => `${item.where}:${item.name}`).join(', ') || null;
    figures.replayStatus = replays[0]?.status ?? null;
    figures.scriptRequestStatus = report.scriptRequestStatus;
  }
  return { row: report.row, kind: report.kind, store, answer, figures, steps };
}

function foundText(report: PageReport): string {
  if (report.found.length === 0) return 'nothing';
  return report.found.map((item) => `${item.where}: ${item.name} (${item.length})`).join(', ');
}
