/**
 * GET /api/notes: the protected data the SPA shows once signed in, in the language it asks for.
 *
 * Some notes are for everyone, some only for teachers. The filter runs here, on the role read from the
 * caller's verified session, never on anything the client says about itself: hiding a note in the SPA would hide it from
 * the screen, not from someone who calls the API directly.
 *
 * The language comes from the request's `Accept-Language` header (the SPA sends its current language), with
 * English as the default. `Vary: Accept-Language` tells any cache that the answer depends on that header;
 * the answer also says which language it is in, so the client need not guess.
 */
import type { RoutePlugin } from '../route-plugin.js';
import { API_PATHS, NOTE_LANGUAGES, notesResponseSchema, type Note, type NoteLanguage, type Role } from '@session-lab/shared';
import { errorResponses } from '../../plugins/errors.js';
import { preferredLanguage } from '../../accept-language.js';
import { NOTES } from '../../notes.js';

function notesVisibleTo(role: Role, language: NoteLanguage): Note[] {
  return NOTES[language].filter((note) => note.audience === 'everyone' || role === 'teacher');
}

const notes: RoutePlugin = async (fastify) => {
  fastify.get(
    API_PATHS.notes,
    {
      onRequest: fastify.authenticate,
      schema: { response: { 200: notesResponseSchema, ...errorResponses(401, 500) } },
    },
    async (request, reply) => {
      const language = preferredLanguage(request.headers['accept-language'], NOTE_LANGUAGES, 'en');
      reply.header('vary', 'Accept-Language');
      return { language, notes: notesVisibleTo(request.user.role, language) };
    },
  );
};

export default notes;
