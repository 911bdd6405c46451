import AjvCompiler from '@fastify/ajv-compiler';
import SerializerCompiler from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

/**
 * Fastify's own compilers (Ajv for request schemas, fast-json-stringify for response schemas),
 * each route's function compiled on its first use instead of all ~150 at start (issue 14,
 * "server ready < 1 s"): compiling them took about a quarter of the start-up CPU, for routes
 * most sessions never call. Same options and shared schemas as Fastify's defaults, so validation
 * and serialization behave exactly as before; a route's first request pays a few milliseconds.
 *
 * Fastify marks a server with compilersFactory as having a "custom" validator, which only changes
 * how header schemas are lower-cased; no route here has a header schema.
 */
type Fn = ((data: unknown) => unknown) & { errors?: unknown };

function lazy(compile: () => Fn): Fn {
  let fn: Fn | null = null;
  const wrapper: Fn = (data) => {
    fn ??= compile();
    const out = fn(data);
    // Fastify reads a failed validation's details from the function it called.
    wrapper.errors = fn.errors;
    return out;
  };
  return wrapper;
}

export function lazySchemaController(): NonNullable<FastifyServerOptions['schemaController']> {
  const validators = AjvCompiler();
  const serializers = SerializerCompiler();
  return {
    compilersFactory: {
      buildValidator: (externalSchemas: unknown, ajvOptions: unknown) => {
        const compile = (validators as (...a: unknown[]) => (def: unknown) => Fn)(externalSchemas, ajvOptions);
        return (def: unknown) => lazy(() => compile(def));
      },
      buildSerializer: (externalSchemas: unknown, serializerOptions: unknown) => {
        const compile = (serializers as (...a: unknown[]) => (def: unknown) => Fn)(externalSchemas, serializerOptions);
        return (def: unknown) => lazy(() => compile(def));
      },
    },
  } as NonNullable<FastifyServerOptions['schemaController']>;
}
