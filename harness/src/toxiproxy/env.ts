import os from 'node:os';

/**
 * The environment toxiproxy-server runs with: siochaos's own, plus
 *
 * - `LOG_LEVEL=warn`: at info it logs every connection and API call;
 * - `GOMAXPROCS` = half the cores (at least 1): it forwards each chunk through
 *   three goroutines (read, toxic chain, write), and with one P per core the
 *   hand-offs between them wake other OS threads; on a machine whose cores are
 *   busy with the target and the clients that costs it up to twice the CPU
 *   per forwarded chunk (measured with 100 clients on 2 cores, where this
 *   gives 1), CPU the target and the clients then lack. Half, not one, so
 *   that a big machine's proxies do not all queue on a single core.
 *
 * Either can be overridden by setting it.
 *
 * @example
 * toxiproxyEnv().GOMAXPROCS; // '1' on 2 cores, '4' on 8, unless GOMAXPROCS is set
 */
export function toxiproxyEnv(): NodeJS.ProcessEnv {
  return { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', GOMAXPROCS: process.env.GOMAXPROCS ?? String(toxiproxyProcs()) };
}

/**
 * The `GOMAXPROCS` toxiproxy-server gets when none is set: half the cores
 * Node may use, at least 1.
 *
 * @example
 * toxiproxyProcs(); // 1 on a 2-core machine
 */
export function toxiproxyProcs(): number {
  return Math.max(1, Math.floor(os.availableParallelism() / 2));
}
