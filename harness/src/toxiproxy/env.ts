/**
 * The environment toxiproxy-server runs with: siochaos's own, plus
 *
 * - `LOG_LEVEL=warn`: at info it logs every connection and API call;
 * - `GOMAXPROCS=1`: it forwards each chunk through three goroutines (read,
 *   toxic chain, write), and with one P per core the hand-offs between them
 *   wake other OS threads; on a machine whose cores are busy with the target
 *   and the clients that costs it up to twice the CPU per forwarded chunk
 *   (measured with 100 clients on 2 cores), CPU the target and the clients
 *   then lack. One core forwards far more than a scenario sends.
 *
 * Either can be overridden by setting it.
 *
 * @example
 * toxiproxyEnv().GOMAXPROCS; // '1', unless GOMAXPROCS is set
 */
export function toxiproxyEnv(): NodeJS.ProcessEnv {
  return { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', GOMAXPROCS: process.env.GOMAXPROCS ?? '1' };
}
