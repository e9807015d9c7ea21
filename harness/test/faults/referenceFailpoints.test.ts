import { describe, expect, it } from 'vitest';
import { freePort } from '../../src/net/freePort.js';
import { referenceFailpoints } from '../../src/target/referenceFailpoints.js';

describe('the reference target failpoints', () => {
  it('arming a server that is down is a clear error', async () => {
    const failpoints = referenceFailpoints({ adminPort: () => 1, isRunning: () => false });
    await expect(failpoints.arm('before-insert', 1)).rejects.toThrow(
      'cannot arm failpoint before-insert: the reference server is not running; start it (or heal the fault that stopped it) first',
    );
  });

  it('disarming a server that is down does nothing', async () => {
    const port = await freePort();
    await expect(referenceFailpoints({ adminPort: () => port, isRunning: () => false }).disarm()).resolves.toBeUndefined();
  });

  it('a disarm that fails because the failpoint killed the server meanwhile is not an error', async () => {
    const port = await freePort();
    const diesAt = Date.now() + 100;
    const failpoints = referenceFailpoints({ adminPort: () => port, isRunning: () => Date.now() < diesAt });
    await expect(failpoints.disarm()).resolves.toBeUndefined();
  });

  it('a disarm that fails while the server keeps running is an error', async () => {
    const port = await freePort();
    const failpoints = referenceFailpoints({ adminPort: () => port, isRunning: () => true });
    await expect(failpoints.disarm()).rejects.toThrow(`DELETE http://127.0.0.1:${port}/failpoints failed`);
  });
});
