/**
 * One experiment per row of the comparison table, each run for one kind of session. Every experiment:
 * - starts its own instance(s) of the app (lab.ts) and signs in there with sessions made for it, so the
 *   visitor's own session is never touched (nothing here ever ends "all sessions of a user": only rows the
 *   experiment created, by their id);
 * - talks to them over real sockets through its own client (client.ts), which records every exchange;
 * - decides its answer from what the server really answered and what it reported doing (Server-Timing), never
 *   from what the kind is supposed to do. The tests (server/test/experiments.test.ts) hold the answers to what
 *   each kind and store really do.
 */
import {
  API_PATHS,
  COMPACT_JWS_PATTERN,
  decodeJsonPart,
  type ExperimentEvent,
  type ExperimentResult,
  type ExperimentStep,
  type ServerExperimentRow,
  type ComparedKind,
} from '@session-lab/shared';
import type { Config } from '../config.js';
import { ExperimentClient, type Answer, type Target } from './client.js';
import { labConfig, startLab, type BuildInstance, type LabInstance } from './lab.js';

/** The demo accounts, as the README lists them; the experiments sign in with them like anyone may. */
const DEMO_PASSWORDS = { student: 'student123', teacher: 'teacher123' } as const;

/** Long enough for any experiment to finish, short enough that a JWT nobody can revoke soon dies anyway. */
const EXPERIMENT_TTL_SECONDS = 30;

/** Requests a few rows repeat to see what every request costs, not just the first. */
const REPEATS = 3;

/** Thrown when the instance would not let the experiment sign in (busy, throttled): nothing was measured. */
export class ExperimentFailure extends Error {}

type Figures = ExperimentResult['figures'];

interface Outcome {
  answer: boolean | null;
  figures: Figures;
}

/** What an experiment has at hand: its kind, its instances, its clients and the record of steps. */
class Run {
  readonly steps: ExperimentStep[] = [];
  private readonly instances: LabInstance[] = [];
  private readonly signedIn: Array<{ client: ExperimentClient; target: Target }> = [];

  constructor(
    readonly kind: ComparedKind,
    readonly config: Config,
    private readonly build: BuildInstance,
  ) {}

  client(actor: ExperimentClient['actor'] = 'browser'): ExperimentClient {
    return new ExperimentClient(actor, (step) => this.steps.push(step));
  }

  event(actor: ExperimentClient['actor'], event: ExperimentEvent, detail?: string): void {
    this.steps.push({ type: 'event', actor, event, ...(detail === undefined ? {} : { detail }) });
  }

  /**
   * Starts an instance with the configured store. `fresh` marks one that stands for another process (a
   * restart, a second instance), which makes its own JWT secret when the configuration did not set one.
   */
  async start(actor: 'server' | 'server-2', { fresh = false, port = 0 } = {}): Promise<Target & { lab: LabInstance }> {
    let lab: LabInstance;
    try {
      lab = await startLab(this.build, labConfig(this.config, { freshSecret: fresh }), port);
    } catch (error) {
      // The port of a restart may not be free again yet; any free port shows the same thing.
      if (port === 0) throw error;
      lab = await startLab(this.build, labConfig(this.config, { freshSecret: fresh }));
    }
    this.instances.push(lab);
    this.event(actor, 'instance-started', `${lab.origin} · ${this.config.sessions.store}`);
    if (fresh && this.config.jwtSecretGenerated) this.event(actor, 'fresh-secret');
    return { origin: lab.origin, actor, lab };
  }

  async stop(target: Target & { lab: LabInstance }): Promise<void> {
    await target.lab.close();
    this.event(target.actor, 'instance-stopped', target.lab.origin);
  }

  async signIn(client: ExperimentClient, target: Target, username: keyof typeof DEMO_PASSWORDS = 'student', kind = this.kind): Promise<Answer> {
    const answer = await client.send(target, 'POST', API_PATHS.login, {
      body: { username, password: DEMO_PASSWORDS[username], kind, ttlSeconds: EXPERIMENT_TTL_SECONDS },
    });
    if (answer.status !== 200) throw new ExperimentFailure(`the instance refused the experiment's sign-in (${answer.status})`);
    client.absorbSignIn(answer.body);
    this.signedIn.push({ client, target });
    return answer;
  }

  /**
   * For the `refresh` kind: spends the client's refresh token at POST /api/auth/refresh, as the SPA does when its
   * access token has expired, and keeps the new access token it answers (the new refresh token is in the jar).
   */
  async refresh(client: ExperimentClient, target: Target): Promise<Answer> {
    const answer = await client.send(target, 'POST', API_PATHS.refresh, { csrf: true });
    if (answer.status === 200) client.absorbSignIn(answer.body);
    return answer;
  }

  /**
   * Signs every experiment session out and stops every instance, whatever happened. Signing out is not part of
   * the evidence (it is bookkeeping): it goes through copies that record nothing.
   */
  async cleanUp(): Promise<void> {
    const running = new Set(this.instances.filter((lab) => lab.app.server.listening).map((lab) => lab.origin));
    for (const { client, target } of this.signedIn) {
      if (!running.has(target.origin)) continue;
      await client
        .copy()
        .quiet()
        .send(target, 'POST', API_PATHS.logout, { csrf: true })
        .catch(() => undefined);
    }
    await Promise.allSettled(this.instances.map((lab) => lab.close()));
  }
}

/** The sessions of a list answer that the experiment made; other people's rows are not shown in the evidence. */
function onlyRows(ids: ReadonlyArray<string | undefined>) {
  return (body: unknown): unknown => {
    if (typeof body !== 'object' || body === null || !Array.isArray((body as { sessions?: unknown }).sessions)) return body;
    const rows = (body as { sessions: Array<{ id: string }> }).sessions;
    const mine = rows.filter((row) => ids.includes(row.id));
    return { sessions: mine, otherRowsNotShown: rows.length - mine.length };
  };
}

/** The id of the session this client is using, as the server names it in "my sessions" (none for JWT kinds). */
async function ownSessionId(client: ExperimentClient, target: Target): Promise<string | undefined> {
  const answer = await client.send(target, 'GET', API_PATHS.sessions, {
    showBody: (body) => {
      const rows = (body as { sessions?: Array<{ id: string; current: boolean }> }).sessions ?? [];
      return onlyRows(rows.filter((row) => row.current).map((row) => row.id))(body);
    },
  });
  const rows = (answer.body as { sessions?: Array<{ id: string; current: boolean }> }).sessions ?? [];
  return rows.find((row) => row.current)?.id;
}

const codeOf = (answer: Answer): string | null =>
  typeof answer.body === 'object' && answer.body !== null && typeof (answer.body as { code?: unknown }).code === 'string'
    ? (answer.body as { code: string }).code
    : null;

/** The claims of a JWT, or undefined when the credential is not one (a session id). */
function claimsOf(credential: string | undefined): Record<string, unknown> | undefined {
  if (credential === undefined || !COMPACT_JWS_PATTERN.test(credential)) return undefined;
  try {
    const claims = decodeJsonPart(credential.split('.')[1]!);
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const EXPERIMENTS: Record<ServerExperimentRow, (run: Run) => Promise<Outcome>> = {
  /** "Fast authentication without a database": did checking the session need the session table? */
  async 'fast-auth'(run) {
    const server = await run.start('server');
    const browser = run.client();
    await run.signIn(browser, server);
    const me = await browser.send(server, 'GET', API_PATHS.me);
    const { storeRead, cache, signature } = me.step.server;
    const usedTable = storeRead || cache !== undefined;
    return { answer: me.status === 200 && !usedTable, figures: { status: me.status, storeRead, cache: cache ?? null, signature: signature ?? null } };
  },

  /** "Revoke a session manually": sign out, then try a copy of the credential taken before. */
  async revoke(run) {
    const server = await run.start('server');
    const browser = run.client();
    await run.signIn(browser, server);
    const copy = browser.copy('browser-2');
    run.event('browser-2', 'copy-taken');
    const logout = await browser.send(server, 'POST', API_PATHS.logout, { csrf: true });
    browser.forget();
    const replay = await copy.send(server, 'GET', API_PATHS.me);
    const figures: Figures = { logoutStatus: logout.status, replayStatus: replay.status, replayCode: codeOf(replay) };
    if (run.kind === 'refresh') {
      // The copy holds the refresh token too: can it still get a new access token once the family is revoked?
      const refresh = await run.refresh(copy, server);
      Object.assign(figures, afterwards(replay, refresh));
    }
    return { answer: replay.status === 401, figures };
  },

  /** "Audit and traceability": does the server know this session exists, since when and from where? */
  async audit(run) {
    const server = await run.start('server');
    const browser = run.client();
    await run.signIn(browser, server);
    const list = await browser.send(server, 'GET', API_PATHS.sessions, {
      showBody: (body) => {
        const rows = (body as { sessions?: Array<{ id: string; current: boolean }> }).sessions ?? [];
        return onlyRows(rows.filter((row) => row.current).map((row) => row.id))(body);
      },
    });
    const rows = (list.body as { sessions?: Array<{ current: boolean; ip: string; userAgent: string; createdAt: string }> }).sessions ?? [];
    const mine = rows.find((row) => row.current);
    return {
      answer: mine !== undefined,
      figures: { listed: mine !== undefined, ip: mine?.ip ?? null, createdAt: mine?.createdAt ?? null },
    };
  },

  /** "Control of several active sessions": from one device, see the other and end it. */
  async several(run) {
    const server = await run.start('server');
    const first = run.client('browser');
    const second = run.client('browser-2');
    await run.signIn(first, server);
    await run.signIn(second, server);
    const secondId = await ownSessionId(second, server);
    const firstList = await first.send(server, 'GET', API_PATHS.sessions, { showBody: onlyRows([secondId]) });
    const rows = (firstList.body as { sessions?: Array<{ id: string }> }).sessions ?? [];
    const seen = secondId !== undefined && rows.some((row) => row.id === secondId);
    let ended = false;
    if (seen) {
      const end = await first.send(server, 'DELETE', API_PATHS.session.replace(':id', secondId), { csrf: true });
      ended = end.status === 204;
    }
    const after = await second.send(server, 'GET', API_PATHS.me);
    const figures: Figures = { seen, ended, secondAfter: after.status };
    if (run.kind === 'refresh' && ended) Object.assign(figures, afterwards(after, await run.refresh(second, server)));
    return { answer: seen && ended && after.status === 401, figures };
  },

  /** "Forced logout from the admin panel": a teacher ends the student's session from the teacher's page. */
  async 'forced-logout'(run) {
    const server = await run.start('server');
    const student = run.client('browser');
    const teacher = run.client('teacher');
    await run.signIn(student, server);
    const studentId = await ownSessionId(student, server);
    await run.signIn(teacher, server, 'teacher', 'bearer');
    const list = await teacher.send(server, 'GET', API_PATHS.adminSessions, { showBody: onlyRows([studentId]) });
    const rows = (list.body as { sessions?: Array<{ id: string }> }).sessions ?? [];
    const listed = studentId !== undefined && rows.some((row) => row.id === studentId);
    if (listed) await teacher.send(server, 'DELETE', API_PATHS.adminSession.replace(':id', studentId));
    const after = await student.send(server, 'GET', API_PATHS.me);
    const figures: Figures = { listed, studentAfter: after.status, studentCode: codeOf(after) };
    if (run.kind === 'refresh' && listed) Object.assign(figures, afterwards(after, await run.refresh(student, server)));
    return { answer: listed && after.status === 401, figures };
  },

  /** "Role protection directly in the token": does the credential itself carry the role? */
  async 'role-in-token'(run) {
    const server = await run.start('server');
    const browser = run.client();
    await run.signIn(browser, server);
    const claims = claimsOf(browser.credential());
    const role = typeof claims?.role === 'string' ? claims.role : null;
    run.event('browser', 'script-read', role === null ? 'no claims: an opaque id' : `role=${role}`);
    // The server protects the teachers' route for every kind; what differs is where it reads the role from.
    const admin = await browser.send(server, 'GET', API_PATHS.adminSessions);
    return { answer: role !== null, figures: { roleClaim: role, adminStatus: admin.status, storeRead: admin.step.server.storeRead } };
  },

  /** "Needs a database access on every request": count the session-table lookups over a few requests. */
  async 'store-per-request'(run) {
    const server = await run.start('server');
    const browser = run.client();
    await run.signIn(browser, server);
    let lookups = 0;
    let storeReads = 0;
    let cacheHits = 0;
    for (let index = 0; index < REPEATS; index += 1) {
      const { server: work } = (await browser.send(server, 'GET', API_PATHS.me)).step;
      if (work.storeRead || work.cache !== undefined) lookups += 1;
      if (work.storeRead) storeReads += 1;
      if (work.cache === 'hit') cacheHits += 1;
    }
    const figures: Figures = { requests: REPEATS, lookups, storeReads, cacheHits };
    if (run.kind === 'refresh') Object.assign(figures, refreshWork(await run.refresh(browser, server)));
    return { answer: lookups === REPEATS, figures };
  },

  /**
   * "Serverless compatible": every request meets a freshly started instance that remembers nothing of the one
   * before (a cold start), as on a serverless platform. The secret is the configured one: a serverless
   * function reads it from its configuration like any other.
   */
  async serverless(run) {
    const first = await run.start('server');
    const browser = run.client();
    await run.signIn(browser, first);
    await run.stop(first);
    const cold = await run.start('server-2');
    const me = await browser.send(cold, 'GET', API_PATHS.me);
    const figures: Figures = { status: me.status, code: codeOf(me), storeRead: me.step.server.storeRead };
    // The access token needs only the secret; renewing it needs the family, on another cold instance.
    const refresh = run.kind === 'refresh' ? await renewOnColdInstance(run, browser) : undefined;
    await run.stop(cold);
    if (refresh !== undefined) Object.assign(figures, afterwards(me, refresh));
    return { answer: me.status === 200 && (refresh === undefined || refresh.status === 200), figures };
  },

  /** "Survives a server restart": sign in, stop the instance, start a new one on the same store and port. */
  async restart(run) {
    const before = await run.start('server');
    const browser = run.client();
    await run.signIn(browser, before);
    const alive = await browser.send(before, 'GET', API_PATHS.me);
    await run.stop(before);
    const after = await run.start('server-2', { fresh: true, port: before.lab.port });
    const me = await browser.send(after, 'GET', API_PATHS.me);
    const figures: Figures = { before: alive.status, after: me.status, code: codeOf(me) };
    const refresh = run.kind === 'refresh' ? await run.refresh(browser, after) : undefined;
    if (refresh !== undefined) Object.assign(figures, afterwards(me, refresh));
    return { answer: alive.status === 200 && me.status === 200 && (refresh === undefined || refresh.status === 200), figures };
  },

  /** "Works across two server instances": sign in on one, call the other, both running. */
  async 'two-instances'(run) {
    const a = await run.start('server');
    const b = await run.start('server-2', { fresh: true });
    const browser = run.client();
    await run.signIn(browser, a);
    const onA = await browser.send(a, 'GET', API_PATHS.me);
    const onB = await browser.send(b, 'GET', API_PATHS.me);
    const figures: Figures = { onA: onA.status, onB: onB.status, code: codeOf(onB) };
    const refresh = run.kind === 'refresh' ? await run.refresh(browser, b) : undefined;
    if (refresh !== undefined) Object.assign(figures, afterwards(onB, refresh));
    return { answer: onA.status === 200 && onB.status === 200 && (refresh === undefined || refresh.status === 200), figures };
  },

  /**
   * "Bytes the browser sends per request": the header lines that carry the session on a read (GET) and on a
   * state change (POST, where the cookie kinds add their CSRF token). The browser's own headers (User-Agent,
   * Accept…) come on top and are the same for every kind.
   */
  async bytes(run) {
    const server = await run.start('server');
    const browser = run.client();
    await run.signIn(browser, server);
    const credential = browser.credential()?.length ?? null;
    const read = await browser.send(server, 'GET', API_PATHS.me);
    const figures: Figures = { get: read.step.sessionBytes, post: 0, credential };
    // The refresh cookie goes to its own route only: what a renewal costs is counted apart, before signing out.
    if (run.kind === 'refresh') figures.refresh = (await run.refresh(browser, server)).step.sessionBytes;
    const change = await browser.send(server, 'POST', API_PATHS.logout, { csrf: true });
    browser.forget();
    figures.post = change.step.sessionBytes;
    return { answer: null, figures };
  },

  /** "Server work per request": signature checks, store reads and writes, as the server reports them. */
  async work(run) {
    const server = await run.start('server');
    const browser = run.client();
    await run.signIn(browser, server);
    const figures = { requests: REPEATS, signaturesVerified: 0, signaturesRemembered: 0, storeReads: 0, storeWrites: 0, cacheHits: 0 };
    for (let index = 0; index < REPEATS; index += 1) {
      const { server: work } = (await browser.send(server, 'GET', API_PATHS.me)).step;
      if (work.signature === 'verified') figures.signaturesVerified += 1;
      if (work.signature === 'remembered') figures.signaturesRemembered += 1;
      if (work.storeRead) figures.storeReads += 1;
      if (work.storeWrite) figures.storeWrites += 1;
      if (work.cache === 'hit') figures.cacheHits += 1;
    }
    if (run.kind !== 'refresh') return { answer: null, figures };
    return { answer: null, figures: { ...figures, ...refreshWork(await run.refresh(browser, server)) } };
  },

  /**
   * "A stolen credential is detected": a thief copies what the browser holds (for `refresh`, the refresh token
   * in its cookie), then the user and the thief both go on using it. Detected means the server noticed the two
   * and refused them: for `refresh` the user's refresh rotates the token, the thief's copy is then a retired
   * one, and reuse revokes the whole family. The other kinds never change their credential, so two holders
   * look like one.
   */
  async 'stolen-detected'(run): Promise<Outcome> {
    const server = await run.start('server');
    const user = run.client('browser');
    await run.signIn(user, server);
    const thief = user.copy('attacker');
    run.event('attacker', 'copy-taken', run.kind === 'refresh' ? 'the refresh token' : 'the credential');
    if (run.kind !== 'refresh') {
      const userRequest = await user.send(server, 'GET', API_PATHS.me);
      const thiefRequest = await thief.send(server, 'GET', API_PATHS.me);
      const userAfter = await user.send(server, 'GET', API_PATHS.me);
      return {
        answer: thiefRequest.status === 401 && userAfter.status === 401,
        figures: {
          userStatus: userRequest.status,
          thiefStatus: thiefRequest.status,
          thiefCode: codeOf(thiefRequest),
          userAfter: userAfter.status,
          userAfterCode: codeOf(userAfter),
        },
      };
    }
    const userRefresh = await run.refresh(user, server);
    const thiefRefresh = await run.refresh(thief, server);
    const userAfter = await run.refresh(user, server);
    // Revoking the family stops renewals; the access token the user already holds is checked by signature only.
    const userAccess = await user.send(server, 'GET', API_PATHS.me);
    return {
      answer: userRefresh.status === 200 && thiefRefresh.status === 401 && userAfter.status === 401,
      figures: {
        userStatus: userRefresh.status,
        thiefStatus: thiefRefresh.status,
        thiefCode: codeOf(thiefRefresh),
        userAfter: userAfter.status,
        userAfterCode: codeOf(userAfter),
        userAccess: userAccess.status,
      },
    };
  },
};

/**
 * What the `refresh` kind measures after its family was ended (or its instance changed): the access token it
 * already holds, and a renewal. `partly` is set when the two disagree, so the cell can say so in one word.
 */
function afterwards(access: Answer, refresh: Answer): Figures {
  return {
    accessAfter: access.status,
    refreshAfter: refresh.status,
    refreshCode: codeOf(refresh),
    partly: (access.status === 200) !== (refresh.status === 200),
  };
}

/** What one renewal (POST /api/auth/refresh) cost the server, as it reported it. */
function refreshWork(refresh: Answer): Figures {
  return { refreshStatus: refresh.status, refreshStoreRead: refresh.step.server.storeRead, refreshStoreWrite: refresh.step.server.storeWrite };
}

/**
 * Serverless for the `refresh` kind: the renewal, too, meets a freshly started instance that remembers nothing
 * of the ones before; only the store (if it lives outside the process) and the secret carry over.
 */
async function renewOnColdInstance(run: Run, browser: ExperimentClient): Promise<Answer> {
  const cold = await run.start('server-2');
  const refresh = await run.refresh(browser, cold);
  await run.stop(cold);
  return refresh;
}

/** Runs one experiment to the end and always cleans up: its sessions signed out, its instances stopped. */
export async function runExperiment(build: BuildInstance, config: Config, row: ServerExperimentRow, kind: ComparedKind): Promise<ExperimentResult> {
  const run = new Run(kind, config, build);
  try {
    const { answer, figures } = await EXPERIMENTS[row](run);
    return { row, kind, store: config.sessions.store, answer, figures, steps: run.steps };
  } finally {
    await run.cleanUp();
  }
}
