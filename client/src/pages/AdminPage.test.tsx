import { act, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AdminSessionView } from '@session-lab/shared';
import { installFakeServer } from '../test/fakeServer';
import { renderApp } from '../test/test-utils';
import { makeToken, meReply, sessionRow } from '../test/tokens';
import { ROUTES } from '../routes';
import { ADMIN_REFRESH_MS } from './AdminPage';

const row = (overrides: Partial<AdminSessionView>): AdminSessionView => ({ ...sessionRow(), username: 'student', ...overrides });
const STUDENT_LAPTOP = row({ id: 'studentLaptopAAAAAAAAA', ip: '10.0.0.7' });
const STUDENT_PHONE = row({ id: 'studentPhoneBBBBBBBBBB', kind: 'hybrid', userAgent: 'curl/8.5.0' });
const TEACHER = row({ id: 'teacherCCCCCCCCCCCCCCC', username: 'teacher', current: true });

const teacherSession = { 'GET /api/me': () => meReply('session', { username: 'teacher' }), 'GET /api/auth/csrf': () => ({ status: 200, data: { csrfToken: 'csrf' } }) };

describe("the teacher's page", () => {
  let server: ReturnType<typeof installFakeServer> | undefined;
  afterEach(() => server?.restore());

  it('shows every live session with user, kind, times, IP and device, and refreshes it every few seconds', async () => {
    let rows = [TEACHER, STUDENT_LAPTOP];
    server = installFakeServer({ ...teacherSession, 'GET /api/admin/sessions': () => ({ status: 200, data: { sessions: rows } }) });
    renderApp({ route: ROUTES.admin.path, cookieSession: 'session', fakeTimers: true });

    const table = await screen.findByRole('table', { name: 'Live sessions (2)' });
    const [, teacher, laptop] = within(table).getAllByRole('row');
    expect(teacher).toHaveTextContent(/teacher\s*this one/);
    expect(laptop).toHaveTextContent('student');
    expect(laptop).toHaveTextContent('session');
    expect(laptop).toHaveTextContent('10.0.0.7');
    expect(laptop).toHaveTextContent('Chrome 140 · Linux');
    expect(document.title).toBe('Teacher · Session Lab');

    // A student signs in on a phone; nobody touches the teacher's page, and the row appears by itself.
    rows = [TEACHER, STUDENT_LAPTOP, STUDENT_PHONE];
    await act(async () => {
      await vi.advanceTimersByTimeAsync(ADMIN_REFRESH_MS);
    });
    expect(await screen.findByRole('table', { name: 'Live sessions (3)' })).toHaveTextContent('curl 8');
  });

  it('lists the refresh sign-ins that reuse detection ended, with when it was seen, and says when there are none', async () => {
    let incidents = [
      {
        id: 'familyDDDDDDDDDDDDDDDD',
        username: 'student',
        createdAt: new Date(Date.now() - 120_000).toISOString(),
        lastSeenAt: new Date(Date.now() - 60_000).toISOString(),
        detectedAt: new Date(Date.now() - 30_000).toISOString(),
        ip: '10.0.0.9',
        userAgent: 'curl/8.5.0',
      },
    ];
    server = installFakeServer({
      ...teacherSession,
      'GET /api/admin/sessions': () => ({ status: 200, data: { sessions: [TEACHER] } }),
      'GET /api/admin/refresh-reuse': () => ({ status: 200, data: { incidents } }),
    });
    renderApp({ route: ROUTES.admin.path, cookieSession: 'session', fakeTimers: true });

    const table = await screen.findByRole('table', { name: 'Sign-ins ended by reuse detection (1)' });
    const [, incident] = within(table).getAllByRole('row');
    expect(incident).toHaveTextContent('student');
    expect(incident).toHaveTextContent('10.0.0.9');
    expect(incident).toHaveTextContent('curl 8');

    incidents = [];
    await act(async () => {
      await vi.advanceTimersByTimeAsync(ADMIN_REFRESH_MS);
    });
    expect(await screen.findByText('No reuse detected.')).toBeInTheDocument();
  });

  it('revokes one session, and signs a user out everywhere', async () => {
    let rows = [TEACHER, STUDENT_LAPTOP, STUDENT_PHONE];
    server = installFakeServer({
      ...teacherSession,
      'GET /api/admin/sessions': () => ({ status: 200, data: { sessions: rows } }),
      [`DELETE /api/admin/sessions/${STUDENT_LAPTOP.id}`]: () => {
        rows = rows.filter((r) => r.id !== STUDENT_LAPTOP.id);
        return { status: 204 };
      },
      'DELETE /api/admin/users/student/sessions': () => {
        const before = rows.length;
        rows = rows.filter((r) => r.username !== 'student');
        return { status: 200, data: { revoked: before - rows.length } };
      },
    });
    const { user } = renderApp({ route: ROUTES.admin.path, cookieSession: 'session' });
    const table = await screen.findByRole('table', { name: 'Live sessions (3)' });

    const revokeButtons = within(table).getAllByRole('button', { name: /^Revoke the session of student/ });
    await user.click(revokeButtons[0]!);
    expect(await screen.findByText('Revoked: student is refused on their next request.')).toBeInTheDocument();
    expect(server.requests).toContainEqual(expect.objectContaining({ method: 'DELETE', url: `/api/admin/sessions/${STUDENT_LAPTOP.id}`, csrf: 'csrf' }));
    expect(await screen.findByRole('table', { name: 'Live sessions (2)' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Sign student out everywhere' }));
    expect(await screen.findByText('The server revoked 1 session of student.')).toBeInTheDocument();
    expect(await screen.findByRole('table', { name: 'Live sessions (1)' })).toBeInTheDocument();
  });

  it('shows a student a "teachers only" page, sends nothing by itself, and lets them watch the server say 403', async () => {
    server = installFakeServer({
      'GET /api/admin/sessions': () => ({ status: 403, data: { statusCode: 403, code: 'FORBIDDEN', message: 'No.' } }),
    });
    const { user } = renderApp({ route: ROUTES.admin.path, storedToken: makeToken({ sub: 'student', role: 'student' }) });

    expect(await screen.findByRole('heading', { level: 1, name: 'Teachers only' })).toBeInTheDocument();
    expect(document.title).toBe('Teachers only · Session Lab');
    // The header does not offer a page the role cannot open.
    expect(screen.queryByRole('link', { name: 'Teacher' })).not.toBeInTheDocument();
    expect(server.requests).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Ask the server anyway' }));
    expect(await screen.findByRole('status')).toHaveTextContent('The server answered 403 FORBIDDEN');
    // A 403 is not the end of the session: the student is still signed in.
    expect(screen.getByText('Signed in as student')).toBeInTheDocument();
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  });

  it('is in the header for a teacher', async () => {
    renderApp({ route: ROUTES.dashboard.path, storedToken: makeToken({ sub: 'teacher', role: 'teacher' }) });
    expect(screen.getByRole('link', { name: 'Teacher' })).toHaveAttribute('href', ROUTES.admin.path);
  });
});
