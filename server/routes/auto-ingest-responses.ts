/**
 * Response schemas of the issue-18 routes (OpenAPI documents them; tests/api/openapi.test.ts
 * requires one per route). Open objects: the DTO types in shared/ stay the precise contract.
 * Typed loosely on purpose, so a route may still answer its documented errors (4xx).
 */
type Responses = Record<string, unknown>;
const open = (description: string) => ({ type: 'object', description, additionalProperties: true });

export const ok = (description: string): Responses => ({ 200: open(description) });
export const accepted = (description: string): Responses => ({ 202: open(description) });
export const created = (description: string): Responses => ({ 201: open(description) });
export const noContent: Responses = { 204: { type: 'null', description: 'done; no body' } };
