import { CompiledQuery } from 'kysely';
import { describe, expect, it } from 'vitest';
import { foldReads } from './read-together.js';

describe('foldReads', () => {
  it('puts each read in its own JSON array column, parameters renumbered one after another', () => {
    const f = foldReads([
      CompiledQuery.raw('select * from a where u = $1 and id = $2', ['u', 'x']),
      CompiledQuery.raw('select * from b where u = $1 order by idx', ['u']),
      CompiledQuery.raw('select * from c where id = $2 and u = $1 and v = $10', ['u', 'x', 3, 4, 5, 6, 7, 8, 9, 10]),
    ]);
    expect(f.sql).toBe(
      "select (select coalesce(json_agg(t), '[]'::json) from (select * from a where u = $1 and id = $2) t) as p0, " +
        "(select coalesce(json_agg(t), '[]'::json) from (select * from b where u = $3 order by idx) t) as p1, " +
        "(select coalesce(json_agg(t), '[]'::json) from (select * from c where id = $5 and u = $4 and v = $13) t) as p2",
    );
    expect(f.parameters).toEqual(['u', 'x', 'u', 'u', 'x', 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('refuses a read whose SQL and parameters disagree', () => {
    expect(() => foldReads([CompiledQuery.raw('select $1, $2', ['only one'])])).toThrow(/read 0: 1 parameters but \$2/);
  });
});
