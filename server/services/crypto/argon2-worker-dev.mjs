// Development/test bootstrap for the argon2 worker (as parse-worker-dev.mjs): loader flags do not
// reach worker threads on Node 20, so register tsx inside the thread, then load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./argon2.worker.ts');
