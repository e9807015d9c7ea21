import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { toxiproxyProcs } from '../../src/toxiproxy/env.js';
import { locateToxiproxy } from '../../src/toxiproxy/locate.js';
import { startToxiproxyServer, toxiproxyVersion, type ToxiproxyServer } from '../../src/toxiproxy/server.js';

const binary = locateToxiproxy();

/** The session id of a process, from /proc/<pid>/stat. */
const sessionOf = (pid: number | 'self'): string => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[3]!;
};
let server: ToxiproxyServer | undefined;
afterAll(async () => {
  await server?.stop();
});

describe.runIf(binary && process.platform === 'linux')('startToxiproxyServer', () => {
  it('runs toxiproxy-server itself (same PID) in our session, with one P and warnings only, and stops it', async () => {
    server = await startToxiproxyServer(binary!);
    expect(await toxiproxyVersion(server.url)).toBeTruthy();
    expect(readFileSync(`/proc/${server.pid}/comm`, 'utf8').trim()).toBe('toxiproxy-serve');
    expect(sessionOf(server.pid!)).toBe(sessionOf('self'));
    const environ = readFileSync(`/proc/${server.pid}/environ`, 'utf8').split('\0');
    expect(environ).toContain(`GOMAXPROCS=${process.env.GOMAXPROCS ?? String(toxiproxyProcs())}`);
    expect(environ).toContain(`LOG_LEVEL=${process.env.LOG_LEVEL ?? 'warn'}`);

    await server.stop();
    expect(await toxiproxyVersion(server.url)).toBeUndefined();
  });
});
