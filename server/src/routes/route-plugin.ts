import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import type { errorBodySchema } from '@session-lab/shared';

/**
 * The type of every route plugin. Through the type provider, TypeScript derives the request and reply types
 * from the route's own JSON Schemas, so a handler cannot read a field the schema does not declare or send a
 * body the response schema would not allow. The reference teaches it the shared error schema that error
 * responses point to.
 */
export type RoutePlugin = FastifyPluginAsyncJsonSchemaToTs<{
  SerializerSchemaOptions: { references: [typeof errorBodySchema] };
}>;

/** A route plugin that takes options (which app.ts passes when it registers it). */
export type RoutePluginWith<Options extends Record<string, unknown>> = FastifyPluginAsyncJsonSchemaToTs<{
  Options: Options;
  SerializerSchemaOptions: { references: [typeof errorBodySchema] };
}>;
