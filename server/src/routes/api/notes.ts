/**
 * GET /api/notes: the protected data the SPA shows once signed in.
 *
 * Some notes are for everyone, some only for teachers. The filter runs here, on the role read from the
 * caller's verified session, never on anything the client says about itself: hiding a note in the SPA would hide it from
 * the screen, not from someone who calls the API directly.
 */
import type { RoutePlugin } from '../route-plugin.js';
import { API_PATHS, notesResponseSchema, type Note, type Role } from '@session-lab/shared';
import { errorResponses } from '../../plugins/errors.js';

const NOTES: readonly Note[] = [
  {
    id: 'signed-not-encrypted',
    title: 'A token is signed, not encrypted',
    body:
      'Paste your token into any base64url decoder: the middle part is plain JSON with your username, role and ' +
      'expiry. The signature only proves that the server wrote it and that nobody changed it since. Never put a ' +
      'secret in a token.',
    audience: 'everyone',
  },
  {
    id: 'server-checks-every-request',
    title: 'The server checks every request',
    body:
      "The app checks your token's expiry to spare you a pointless request, but the server decides: it verifies " +
      'the signature, issuer, audience and expiry of the token on every call. Change one character of the token ' +
      'in sessionStorage and this page will answer 401 TOKEN_INVALID.',
    audience: 'everyone',
  },
  {
    id: 'no-revocation',
    title: 'Signing out does not revoke a token',
    body:
      'The server keeps no list of sessions, so it cannot cancel a token it has issued. Signing out only makes ' +
      'your browser forget it; a copy taken earlier still works until it expires. That is why these tokens live ' +
      'for minutes, not days.',
    audience: 'everyone',
  },
  {
    id: 'where-the-token-lives',
    title: 'Any script on the page can read the token',
    body:
      'sessionStorage survives a reload but not closing the tab, and every script running on the page can read ' +
      'it. The Content-Security-Policy header lets only our own script files run, so injected markup cannot ' +
      'steal the token.',
    audience: 'everyone',
  },
  {
    id: 'roles-on-the-server',
    title: 'Teachers: roles are enforced by the server',
    body:
      'You see this note because the server read role "teacher" from your verified token. A student who edits ' +
      'the role claim in their token breaks its signature and gets 401 TOKEN_INVALID instead of this note.',
    audience: 'teacher',
  },
  {
    id: 'exercise-expiry',
    title: 'Teachers: a five-minute exercise on expiry',
    body:
      'Ask the class to sign in with the shortest session length, open the notes, and wait. When the token ' +
      'expires the app signs them out by itself; then ask who decided it, the browser or the server, and how ' +
      'they could tell.',
    audience: 'teacher',
  },
  {
    id: 'the-key-is-everything',
    title: 'Teachers: whoever has the key can be anyone',
    body:
      'Anyone holding a single token can guess signing keys offline, without ever touching the server. With the ' +
      'key they could sign a token for any user and role. That is why this server refuses a short or repetitive ' +
      'JWT_SECRET at start-up.',
    audience: 'teacher',
  },
];

function notesVisibleTo(role: Role): Note[] {
  return NOTES.filter((note) => note.audience === 'everyone' || role === 'teacher');
}

const notes: RoutePlugin = async (fastify) => {
  fastify.get(
    API_PATHS.notes,
    {
      onRequest: fastify.authenticate,
      schema: { response: { 200: notesResponseSchema, ...errorResponses(401, 500) } },
    },
    async (request) => ({ notes: notesVisibleTo(request.user.role) }),
  );
};

export default notes;
