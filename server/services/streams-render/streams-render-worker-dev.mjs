// Development/test bootstrap for the chart render worker (see ../parse-worker-dev.mjs): loader flags
// do not reach worker threads on Node 20, so register tsx inside the thread first.
import { register } from 'tsx/esm/api';

register();
await import('./streams-render.worker.ts');
