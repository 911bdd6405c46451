// Child of server/log-destination.test.ts: writes ~8 MB of log lines to stdout through the server's
// destination (or pino's synchronous default with `sync`), then says "done" on stderr.
import pino from 'pino';
import { asyncStdout } from '../../server/log-destination.js';

const dest = process.argv[2] === 'sync' ? pino.destination({ dest: 1, sync: true }) : asyncStdout();
const line = `${JSON.stringify({ level: 30, msg: 'request completed', pad: 'x'.repeat(200) })}\n`;
for (let i = 0; i < 32_000; i++) dest.write(line);
process.stderr.write('done\n');
setTimeout(() => process.exit(0), 60_000);
