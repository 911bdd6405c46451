// Development/test bootstrap for the parse worker: loader flags do not reach worker threads on
// Node 20, so register tsx inside the thread, then load the TypeScript worker beside this file.
// Built code (dist/) runs parse.worker.js directly and never uses this file.
import { register } from 'tsx/esm/api';

register();
await import('./parse.worker.ts');
