import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExperimentResult } from '@session-lab/shared';
import { installFakeServer } from '../test/fakeServer';
import { renderApp } from '../test/test-utils';
import { makeToken } from '../test/tokens';
import { ROUTES } from '../routes';

/** What the server answers for "two instances" with the session kind on a SQLite store: it works on both. */
const TWO_INSTANCES_SESSION: ExperimentResult = {
  row: 'two-instances',
  kind: 'session',
  store: 'sqlite',
  answer: true,
  figures: { onA: 200, onB: 200, code: null },
  steps: [
    { type: 'event', actor: 'server', event: 'instance-started', detail: 'http://127.0.0.1:40001 · sqlite' },
    { type: 'event', actor: 'server-2', event: 'instance-started', detail: 'http://127.0.0.1:40002 · sqlite' },
    {
      type: 'http',
      from: 'browser',
      to: 'server-2',
      method: 'GET',
      path: '/api/me',
      requestHeaders: [['cookie', 'sl_session=abcd…«39 characters removed»']],
      status: 200,
      responseHeaders: [['server-timing', 'sl-kind;desc=session, sl-store-read;dur=0.1, sl-outcome;desc=valid']],
      responseBody: '{"username":"student"}',
      requestBytes: 120,
      sessionBytes: 70,
      server: { kind: 'session', storeRead: true, storeWrite: false, outcome: 'valid' },
    },
  ],
};

describe('The comparison page', () => {
  let server: ReturnType<typeof installFakeServer> | undefined;
  afterEach(() => server?.restore());

  it('shows the notes\' verdict in each cell, runs one experiment on the server, and marks a result that disagrees', async () => {
    server = installFakeServer({
      'GET /api/experiments': () => ({ status: 200, data: { store: 'sqlite', secretShared: true } }),
      'POST /api/experiments/two-instances/session': () => ({ status: 200, data: TWO_INSTANCES_SESSION }),
    });
    const { user } = renderApp({ route: ROUTES.compare.path, storedToken: makeToken() });

    const table = await screen.findByRole('table', { name: "The class notes' comparison table, as experiments" });
    await screen.findByText('Sessions live in a SQLite file here: instances on this machine share it.');
    const row = within(table).getByRole('row', { name: /Works across two server instances/ });
    const sessionCell = within(row).getAllByRole('cell')[2]!;
    expect(sessionCell).toHaveTextContent('Notes: × (no)');

    await user.click(within(sessionCell).getByRole('button', { name: 'Run: Works across two server instances, session' }));
    expect(await within(sessionCell).findByText('yes')).toBeInTheDocument();
    expect(within(sessionCell).getByText('disagrees with the notes')).toBeInTheDocument();
    expect(server.requests.filter((request) => request.method === 'POST').map((request) => request.url)).toEqual(['/api/experiments/two-instances/session']);

    await user.click(within(sessionCell).getByRole('button', { name: 'Show the evidence: Works across two server instances, session' }));
    const evidence = screen.getByRole('region', { name: /Works across two server instances/ });
    expect(evidence).toHaveFocus();
    expect(within(evidence).getByText('Signed in on one instance, accepted by the other (200).')).toBeInTheDocument();
    expect(within(evidence).getByText('This disagrees with the notes, which mark this cell "×".')).toBeInTheDocument();
    // The diagram is drawn from the steps: the request went to the second instance, which read the store.
    const diagram = within(evidence).getByRole('img', { name: 'Sequence diagram: Works across two server instances, session' });
    expect(diagram).toHaveTextContent('Server 2');
    expect(diagram).toHaveTextContent('Store (sqlite)');
    expect(diagram).toHaveTextContent('read the row');
    expect(within(evidence).getByText(/sl_session=abcd…«39 characters removed»/)).toBeInTheDocument();
  });

  it('says "partly" for a refresh family that was revoked while its access token kept working, and says which did what', async () => {
    const revoked: ExperimentResult = {
      row: 'revoke',
      kind: 'refresh',
      store: 'memory',
      answer: false,
      figures: { logoutStatus: 204, replayStatus: 200, replayCode: null, accessAfter: 200, refreshAfter: 401, refreshCode: 'SESSION_REVOKED', partly: true },
      steps: [],
    };
    server = installFakeServer({
      'GET /api/experiments': () => ({ status: 200, data: { store: 'memory', secretShared: true } }),
      'POST /api/experiments/revoke/refresh': () => ({ status: 200, data: revoked }),
    });
    const { user } = renderApp({ route: ROUTES.compare.path, storedToken: makeToken() });
    const table = await screen.findByRole('table', { name: "The class notes' comparison table, as experiments" });
    const refreshCell = within(within(table).getByRole('row', { name: /A session can be revoked by hand/ })).getAllByRole('cell')[4]!;
    // The notes have no refresh column, so there is nothing to agree or disagree with.
    expect(refreshCell).toHaveTextContent('Notes: blank');

    await user.click(within(refreshCell).getByRole('button', { name: 'Run: A session can be revoked by hand, refresh' }));
    expect(await within(refreshCell).findByText('partly')).toBeInTheDocument();
    await user.click(within(refreshCell).getByRole('button', { name: 'Show the evidence: A session can be revoked by hand, refresh' }));
    const evidence = screen.getByRole('region', { name: /A session can be revoked by hand/ });
    expect(
      within(evidence).getByText('The access token already handed out kept working (200) until its exp; the next refresh was refused: 401 SESSION_REVOKED.'),
    ).toBeInTheDocument();
  });

  it("says the server's own words in the reader's language: in Spanish the evidence reads 'firma: verificada', never 'verified'", async () => {
    const fastAuth: ExperimentResult = {
      row: 'fast-auth',
      kind: 'bearer',
      store: 'sqlite',
      answer: true,
      figures: { status: 200, storeRead: false, cache: null, signature: 'verified' },
      steps: [],
    };
    server = installFakeServer({
      'GET /api/experiments': () => ({ status: 200, data: { store: 'sqlite', secretShared: true } }),
      'POST /api/experiments/fast-auth/bearer': () => ({ status: 200, data: fastAuth }),
    });
    const { user } = renderApp({ route: ROUTES.compare.path, storedToken: makeToken() });
    await user.click(await screen.findByRole('button', { name: 'Español' }));
    const row = 'Autentica sin base de datos';

    await user.click(await screen.findByRole('button', { name: `Ejecutar: ${row}, bearer` }));
    await user.click(await screen.findByRole('button', { name: `Ver la evidencia: ${row}, bearer` }));
    const evidence = screen.getByRole('region', { name: new RegExp(row) });
    expect(evidence).toHaveTextContent('El servidor comprobó la sesión sin tocar la tabla de sesiones (respuesta 200; firma: verificada).');
    expect(evidence).not.toHaveTextContent('verified');
  });

  it('says the server is busy when it refuses an experiment with EXPERIMENT_FAILED, and keeps the visitor signed in', async () => {
    server = installFakeServer({
      'GET /api/experiments': () => ({ status: 200, data: { store: 'memory', secretShared: true } }),
      'POST /api/experiments/restart/bearer': () => ({ status: 503, data: { statusCode: 503, code: 'EXPERIMENT_FAILED', message: 'busy' } }),
    });
    const { user } = renderApp({ route: ROUTES.compare.path, storedToken: makeToken() });
    await user.click(await screen.findByRole('button', { name: 'Run: Survives a server restart, bearer' }));
    expect(await screen.findByText('The server is running other experiments. Try again in a moment.')).toBeInTheDocument();
    expect(screen.getByText('Signed in as student')).toBeInTheDocument();
  });
});
