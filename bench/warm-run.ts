/** `npm run bench:warm`: only the warm overhead and round trips per use case (see warm.ts). */
import { measureWarm, warmTable } from './warm.ts';

console.log(warmTable(await measureWarm(Number(process.env.BENCH_WARM_ITERATIONS ?? 2000))));
