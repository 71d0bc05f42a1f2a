/**
 * The comparison page's experiments (`/compare`): the rows of the class notes' table, plus seven of our own, and
 * the shape of what one experiment brings back. The server runs the experiments (server/src/experiments/);
 * the SPA draws their results, and their evidence as sequence diagrams.
 */
import type { FromSchema } from 'json-schema-to-ts';
import type { SessionKind } from './sessions.js';

/**
 * The kinds the comparison page measures: the four the class notes' table is about, then `refresh` (short
 * access tokens renewed with a rotating refresh token), which the notes do not have: its column is filled by the
 * experiments alone.
 */
export const COMPARED_KINDS = ['bearer', 'cookie-jwt', 'session', 'hybrid', 'refresh'] as const satisfies readonly SessionKind[];
export type ComparedKind = (typeof COMPARED_KINDS)[number];

/** The rows of the class notes' own table, in the notes' order. */
export const NOTES_ROWS = [
  'fast-auth',
  'revoke',
  'audit',
  'several',
  'forced-logout',
  'role-in-token',
  'store-per-request',
  'serverless',
] as const;

/** Rows the notes do not ask about: does a session outlive its server, cross instances, survive theft? */
const CONTINUITY_ROWS = ['restart', 'two-instances', 'stolen-detected'] as const;

/**
 * The rows that need a real page in a real browser (a script that tries to read the credential, a page on
 * another origin): the SPA runs them in a window of its own (see client/src/compare/README.md).
 */
export const BROWSER_EXPERIMENT_ROWS = ['xss', 'csrf'] as const;

/** What a session costs: the bytes the browser sends with it, and the server's work per request. */
const COST_ROWS = ['bytes', 'work'] as const;

/**
 * Every row of the table, in the order the page shows them: the notes' eight first, in the notes' order, then
 * the seven the notes do not ask about.
 */
export const EXPERIMENT_ROWS = [...NOTES_ROWS, ...CONTINUITY_ROWS, ...BROWSER_EXPERIMENT_ROWS, ...COST_ROWS] as const;
export type ExperimentRow = (typeof EXPERIMENT_ROWS)[number];

/** The rows the server runs on its own, acting as the browser over real sockets: all but the browser rows. */
export const SERVER_EXPERIMENT_ROWS = [...NOTES_ROWS, ...CONTINUITY_ROWS, ...COST_ROWS] as const;
export type ServerExperimentRow = (typeof SERVER_EXPERIMENT_ROWS)[number];

/**
 * Who takes part in an experiment: the lifelines of its sequence diagram. `browser` is the experiment's own
 * client (never the visitor's browser), `browser-2` a second device of the same user, `teacher` a teacher's
 * browser, `server` the app instance, `server-2` a second instance (or the one started after a restart),
 * `store` the session table, `attacker` a page on another origin.
 */
export const EXPERIMENT_ACTORS = ['browser', 'browser-2', 'teacher', 'attacker', 'server', 'server-2', 'store'] as const;
export type ExperimentActor = (typeof EXPERIMENT_ACTORS)[number];

/** Things that happen in an experiment that are not an HTTP exchange. */
export const EXPERIMENT_EVENTS = [
  'instance-started',
  'instance-stopped',
  'copy-taken',
  'script-read',
  'fresh-secret',
] as const;
export type ExperimentEvent = (typeof EXPERIMENT_EVENTS)[number];

const headerListSchema = {
  type: 'array',
  items: { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 2 },
} as const;

/**
 * One request and its answer, as they really went over the socket, with every credential shortened so the
 * evidence cannot be replayed (a JWT keeps its header and claims and loses its signature).
 */
const httpStepSchema = {
  type: 'object',
  properties: {
    type: { type: 'string', const: 'http' },
    from: { type: 'string', enum: EXPERIMENT_ACTORS },
    to: { type: 'string', enum: EXPERIMENT_ACTORS },
    method: { type: 'string' },
    path: { type: 'string' },
    requestHeaders: headerListSchema,
    requestBody: { type: 'string' },
    status: { type: 'integer' },
    responseHeaders: headerListSchema,
    responseBody: { type: 'string' },
    /** Bytes of the whole request as sent (request line, headers, body), before anything was shortened. */
    requestBytes: { type: 'integer', minimum: 0 },
    /** Bytes of the header lines that carry the session: Cookie, Authorization, X-CSRF-Token. */
    sessionBytes: { type: 'integer', minimum: 0 },
    /** What the server said it did, read from its Server-Timing header (metric names in sessions.ts). */
    server: {
      type: 'object',
      properties: {
        kind: { type: 'string' },
        signature: { type: 'string', enum: ['verified', 'remembered'] },
        storeRead: { type: 'boolean' },
        storeWrite: { type: 'boolean' },
        cache: { type: 'string', enum: ['hit', 'miss', 'off'] },
        outcome: { type: 'string' },
      },
      required: ['storeRead', 'storeWrite'],
      additionalProperties: false,
    },
  },
  required: ['type', 'from', 'to', 'method', 'path', 'requestHeaders', 'status', 'responseHeaders', 'responseBody', 'requestBytes', 'sessionBytes', 'server'],
  additionalProperties: false,
} as const;

const eventStepSchema = {
  type: 'object',
  properties: {
    type: { type: 'string', const: 'event' },
    actor: { type: 'string', enum: EXPERIMENT_ACTORS },
    event: { type: 'string', enum: EXPERIMENT_EVENTS },
    /** A short detail: a port, a cookie name… shown as it is. */
    detail: { type: 'string' },
  },
  required: ['type', 'actor', 'event'],
  additionalProperties: false,
} as const;

export const experimentStepSchema = { anyOf: [httpStepSchema, eventStepSchema] } as const;
export type ExperimentHttpStep = FromSchema<typeof httpStepSchema>;
export type ExperimentEventStep = FromSchema<typeof eventStepSchema>;
export type ExperimentStep = ExperimentHttpStep | ExperimentEventStep;

/** Where the server keeps its sessions, as the experiments report it. */
export const EXPERIMENT_STORES = ['memory', 'sqlite', 'redis'] as const;

export const experimentResultSchema = {
  type: 'object',
  properties: {
    row: { type: 'string', enum: EXPERIMENT_ROWS },
    kind: { type: 'string', enum: COMPARED_KINDS },
    store: { type: 'string', enum: EXPERIMENT_STORES },
    /**
     * The answer to the row's question (does this kind authenticate without the store? can it be revoked?…),
     * or null for the rows whose answer is a figure (`bytes`, `work`), which is then in `figures`.
     */
    answer: { type: ['boolean', 'null'] },
    /** The numbers and facts the answer rests on (named per row; the SPA words them). */
    figures: { type: 'object', additionalProperties: { type: ['number', 'string', 'boolean', 'null'] } },
    steps: { type: 'array', items: experimentStepSchema },
  },
  required: ['row', 'kind', 'store', 'answer', 'figures', 'steps'],
  additionalProperties: false,
} as const;
export type ExperimentResult = {
  row: ExperimentRow;
  kind: ComparedKind;
  store: (typeof EXPERIMENT_STORES)[number];
  answer: boolean | null;
  figures: Record<string, number | string | boolean | null>;
  steps: ExperimentStep[];
};

export const experimentParamsSchema = {
  type: 'object',
  properties: {
    row: { type: 'string', enum: SERVER_EXPERIMENT_ROWS },
    kind: { type: 'string', enum: COMPARED_KINDS },
  },
  required: ['row', 'kind'],
  additionalProperties: false,
} as const;

/** GET /api/experiments: what the experiments will run against, so the page can say it before anything runs. */
export const experimentsInfoSchema = {
  type: 'object',
  properties: {
    store: { type: 'string', enum: EXPERIMENT_STORES },
    /** False when JWT_SECRET was generated at start-up: then each new instance signs with a key of its own. */
    secretShared: { type: 'boolean' },
  },
  required: ['store', 'secretShared'],
  additionalProperties: false,
} as const;
export type ExperimentsInfo = FromSchema<typeof experimentsInfoSchema>;

export const EXPERIMENT_PATHS = {
  info: '/api/experiments',
  run: '/api/experiments/:row/:kind',
  browserRuns: '/api/experiments/browser-runs',
  browserRun: '/api/experiments/browser-runs/:id',
  browserRunJobs: '/api/experiments/browser-runs/:id/jobs',
  browserRunReport: '/api/experiments/browser-runs/:id/report',
  /** The target of the CSRF attack: a state-changing route like any other (it signs the session out). */
  browserRunCsrfTarget: '/api/experiments/browser-runs/:id/csrf/:kind',
  /** Where the injected script replays what it read, without cookies. */
  browserRunXssReplay: '/api/experiments/browser-runs/:id/xss/:kind',
} as const;

/** The rows the experiment window runs in a real browser. */
const browserJobSchema = {
  type: 'object',
  properties: {
    row: { type: 'string', enum: BROWSER_EXPERIMENT_ROWS },
    kind: { type: 'string', enum: COMPARED_KINDS },
  },
  required: ['row', 'kind'],
  additionalProperties: false,
} as const;

/** POST /api/experiments/browser-runs: the jobs for one experiment window (at most one per row and kind). */
export const browserRunBodySchema = {
  type: 'object',
  properties: { jobs: { type: 'array', items: browserJobSchema, minItems: 1, maxItems: 10, uniqueItems: true } },
  required: ['jobs'],
  additionalProperties: false,
} as const;
export type BrowserRunBody = FromSchema<typeof browserRunBodySchema>;

export const browserRunCreatedSchema = {
  type: 'object',
  properties: {
    runId: { type: 'string' },
    /** The experiment window's address, on the other loopback name. */
    pageUrl: { type: 'string' },
  },
  required: ['runId', 'pageUrl'],
  additionalProperties: false,
} as const;
export type BrowserRunCreated = FromSchema<typeof browserRunCreatedSchema>;

export const browserRunIdParamsSchema = {
  type: 'object',
  properties: { id: { type: 'string', pattern: '^[A-Za-z0-9_-]{22}$' } },
  required: ['id'],
  additionalProperties: false,
} as const;

export const browserJobParamsSchema = {
  type: 'object',
  properties: { id: browserRunIdParamsSchema.properties.id, kind: { type: 'string', enum: COMPARED_KINDS } },
  required: ['id', 'kind'],
  additionalProperties: false,
} as const;

export const browserRunJobsSchema = {
  type: 'object',
  properties: { jobs: { type: 'array', items: browserJobSchema }, attackerOrigin: { type: 'string' } },
  required: ['jobs', 'attackerOrigin'],
  additionalProperties: false,
} as const;

const shortString = (maxLength: number) => ({ type: 'string', maxLength }) as const;

/** What the experiment window reports of one job: bounded in every direction, whatever a page sends. */
export const browserReportBodySchema = {
  type: 'object',
  properties: {
    row: { type: 'string', enum: BROWSER_EXPERIMENT_ROWS },
    kind: { type: 'string', enum: COMPARED_KINDS },
    steps: {
      type: 'array',
      maxItems: 8,
      items: {
        type: 'object',
        properties: {
          type: { type: 'string', const: 'http' },
          at: { type: 'number' },
          from: { type: 'string', const: 'browser' },
          to: { type: 'string', const: 'server' },
          method: { type: 'string', enum: ['GET', 'POST'] },
          path: shortString(200),
          requestHeaders: { type: 'array', maxItems: 8, items: { type: 'array', items: shortString(2000), minItems: 2, maxItems: 2 } },
          requestBody: shortString(1000),
          status: { type: 'integer', minimum: 0, maximum: 599 },
          responseHeaders: { type: 'array', maxItems: 4, items: { type: 'array', items: shortString(1000), minItems: 2, maxItems: 2 } },
          responseBody: shortString(4000),
        },
        required: ['type', 'at', 'from', 'to', 'method', 'path', 'requestHeaders', 'status', 'responseHeaders', 'responseBody'],
        additionalProperties: false,
      },
    },
    found: {
      type: 'array',
      maxItems: 10,
      items: {
        type: 'object',
        properties: { where: shortString(40), name: shortString(100), length: { type: 'integer', minimum: 0 } },
        required: ['where', 'name', 'length'],
        additionalProperties: false,
      },
    },
    scriptRequestStatus: { type: ['integer', 'null'] },
    aliveAfter: { type: ['integer', 'null'] },
  },
  required: ['row', 'kind', 'steps', 'found', 'scriptRequestStatus', 'aliveAfter'],
  additionalProperties: false,
} as const;

export const browserRunResultsSchema = {
  type: 'object',
  properties: {
    /** True when every job has reported. */
    done: { type: 'boolean' },
    results: { type: 'array', items: experimentResultSchema },
  },
  required: ['done', 'results'],
  additionalProperties: false,
} as const;
export type BrowserRunResults = { done: boolean; results: ExperimentResult[] };
