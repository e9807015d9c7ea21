import { createServer } from 'node:net';

/**
 * Asks the kernel for a free TCP port on a loopback address. The port is free
 * when this returns; a caller that races another process for it retries.
 *
 * @example
 * const port = await freePort(); // 41327
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
