/** What every zoo test file sets up once: one Toxiproxy for its campaigns and a reports folder. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { provideToxiproxy } from '../../src/toxiproxy/provide.js';

/**
 * Registers the file's beforeAll/afterAll: a temporary reports folder, and one
 * Toxiproxy for every campaign of the file (through TOXIPROXY_URL, restored
 * afterwards). Returns the folder, known once beforeAll has run.
 *
 * @example
 * const reports = useZooFixture('siochaos-zoo-test-');
 * // in a test: resolveConfig({ ..., reportsDir: reports.dir })
 */
export function useZooFixture(prefix: string): { dir: string } {
  const reports = { dir: '' };
  let stopToxiproxy: (() => Promise<void>) | undefined;
  const previousUrl = process.env.TOXIPROXY_URL;
  beforeAll(async () => {
    reports.dir = await mkdtemp(path.join(os.tmpdir(), prefix));
    const toxiproxy = await provideToxiproxy();
    stopToxiproxy = toxiproxy.stop;
    process.env.TOXIPROXY_URL = toxiproxy.url;
  });
  afterAll(async () => {
    if (previousUrl === undefined) delete process.env.TOXIPROXY_URL;
    else process.env.TOXIPROXY_URL = previousUrl;
    await stopToxiproxy?.();
    if (reports.dir) await rm(reports.dir, { recursive: true, force: true });
  });
  return reports;
}
