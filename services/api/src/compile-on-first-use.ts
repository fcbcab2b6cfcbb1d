import type { SerializerFactory } from "@fastify/fast-json-stringify-compiler";
import { SerializerSelector } from "@fastify/fast-json-stringify-compiler";

/**
 * Fastify's own serializer factory (fast-json-stringify), each route's serializer compiled on its
 * first response instead of when the app becomes ready. A serializer is generated code, which V8
 * compiles and keeps: compiled for every route and status at start, they held some 5 MB of an
 * idle API. The same compiler makes the same function, only later.
 */
export function serializersCompiledOnFirstUse(): SerializerFactory {
  const buildSerializer = SerializerSelector();
  return (externalSchemas, options) => {
    const compile = buildSerializer(externalSchemas, options);
    return (route) => {
      let serialize: ((doc: unknown) => string) | undefined;
      return (doc) => {
        serialize ??= compile(route);
        return serialize(doc);
      };
    };
  };
}
