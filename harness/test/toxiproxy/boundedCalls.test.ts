import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Checker } from '../../src/checkers/Checker.js';
import { strategies } from '../../src/clients/strategies/registry.js';
import { DEFAULT_FINAL_PHASE } from '../../src/core/finalPhase.js';
import { runScenario } from '../../src/core/runScenario.js';
import { faults } from '../../src/faults/registry.js';
import { tutorialProtocol } from '../../src/protocol/tutorial.js';
import { referenceServerTarget } from '../../src/target/referenceServer.js';
import { ProxyPool } from '../../src/toxiproxy/ProxyPool.js';
import { provideToxiproxy } from '../../src/toxiproxy/provide.js';
import type { ToxiproxyServer } from '../../src/toxiproxy/server.js';
import { ToxiproxyCallError } from '../../src/toxiproxy/toxiproxyCall.js';

/**
 * A fake Toxiproxy API in front of the real one: it passes every call on,
 * but never answers the DELETE of a toxic (what the real API does when
 * toxics are removed under heavy traffic, Shopify/toxiproxy#412).
 */
async function hangingToxicDeletes(realUrl: string): Promise<{ url: string; hung: () => number; close: () => Promise<void> }> {
  let hung = 0;
  const server = http.createServer(async (req, res) => {
    if (req.method === 'DELETE' && /\/toxics\//.test(req.url ?? '')) {
      hung++;
      return; // no answer, ever
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const upstream = await fetch(`${realUrl}${req.url}`, {
      method: req.method,
      headers: { 'content-type': 'application/json' },
      ...(body.length ? { body } : {}),
    });
    res.writeHead(upstream.status, { 'content-type': 'application/json' });
    res.end(await upstream.text());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hung: () => hung,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

let toxiproxy: ToxiproxyServer;
let fake: Awaited<ReturnType<typeof hangingToxicDeletes>>;
let workDir: string;
beforeAll(async () => {
  toxiproxy = await provideToxiproxy();
  fake = await hangingToxicDeletes(toxiproxy.url);
  workDir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-bounded-'));
});
afterAll(async () => {
  await fake?.close();
  await toxiproxy?.stop();
  await rm(workDir, { recursive: true, force: true });
});

it('a call Toxiproxy never answers fails within its bound, saying which call and what to do', async () => {
  // Bounds of 2 s: the calls the fake passes on must still answer in time on a loaded machine.
  const pool = await ProxyPool.create(fake.url, '127.0.0.1:9', 1, { callTimeoutMs: 2000 });
  try {
    const toxic = await pool.addToxic(0, { type: 'latency', stream: 'downstream', attributes: { latency: 10, jitter: 0 } });
    const error = await pool.removeToxic(0, toxic).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(ToxiproxyCallError);
    expect((error as ToxiproxyCallError).timedOut).toBe(true);
    expect((error as Error).message).toMatch(/did not answer DELETE \/proxies\/siochaos-\d+-\d+-client0\/toxics\/latency-downstream-1 within 2000 ms/);
    expect((error as Error).message).toMatch(/restart toxiproxy-server/);
  } finally {
    await pool.destroy();
  }
}, 30_000);

it('a heal that cannot complete makes the scenario unknown with that reason, never judged', async () => {
  // A checker that always finds an anomaly: a judged scenario could only be invalid.
  const alwaysInvalid: Checker = {
    name: 'always-invalid',
    check: () => ({
      checker: 'always-invalid',
      verdict: 'invalid',
      anomalies: [{ kind: 'lost', guarantee: 'stored-at-least-once', msgs: ['c0-1'], offsets: [], events: [], description: 'made up' }],
      counts: {},
      notes: [],
    }),
  };
  const before = fake.hung();
  const result = await runScenario(
    {
      toxiproxyUrl: fake.url,
      toxiproxyCallTimeoutMs: 2000,
      makeTarget: (dataDir) => referenceServerTarget({ dataDir }),
      clients: 1,
      strategy: strategies['queued-retry'],
      strategyOptions: { ackTimeoutMs: 1000, retries: Infinity },
      protocol: tutorialProtocol,
      transport: 'websocket',
      workDir,
      finalPhase: DEFAULT_FINAL_PHASE,
      signal: new AbortController().signal,
      checkers: [alwaysInvalid],
    },
    async (world) => {
      const id = await world.injector.inject(faults.latency, { latency: 50, jitter: 0 }, [0]);
      await world.clients[0]!.send('through the latency');
      await world.injector.heal(id);
    },
  );
  expect(fake.hung()).toBeGreaterThan(before);
  expect(result.verdict).toBe('unknown');
  expect(result.check.anomalies).toEqual([]);
  expect(result.error).toMatch(/^heal of fault #1 \(delay downstream data of c0 by 50 ± 0 ms\) failed: Toxiproxy at .* did not answer DELETE .* within 2000 ms.*; the scenario is not judged$/);
  expect(result.history.some((e) => e.type === 'heal-failed')).toBe(true);
  expect(result.history.some((e) => e.type === 'final-read')).toBe(false);
}, 60_000);
