import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkHistory } from '../../src/checkers/checkHistory.js';
import { ChaosClient } from '../../src/clients/ChaosClient.js';
import { finalPhase } from '../../src/core/finalPhase.js';
import { faults } from '../../src/faults/registry.js';
import { sleep } from '../../src/net/waitFor.js';
import { eventsOf, FaultBed, reconnectable, storedMsgs, waitForOk } from './fixtures.js';

const bed = new FaultBed();
beforeAll(() => bed.startToxiproxy());
afterEach(() => bed.cleanup());
afterAll(() => bed.stopToxiproxy());

describe('client-reconnect', () => {
  it('the client disconnects on its own for the duration, then connects again and delivers what it sent meanwhile', async () => {
    const w = await bed.world();
    reconnectable(w.client);
    const id = await w.injector.inject(faults['client-reconnect'], { duration: 1500 }, [0]);
    expect(w.client.connected).toBe(false);
    expect(eventsOf(w.recorder, 'disconnect').map((e) => e.reason)).toEqual(['io client disconnect']);
    const sent = w.client.send('while away');
    await sleep(1000);
    expect(w.client.connected).toBe(false);
    expect(eventsOf(w.recorder, 'ok', sent)).toEqual([]);
    expect(await storedMsgs(w.target)).toEqual([]);

    expect(await w.client.waitConnected(3000)).toBe(true);
    expect(await waitForOk(w.recorder, sent, 5000)).toBeDefined();
    expect(await storedMsgs(w.target)).toEqual([sent]);
    await w.injector.heal(id);
    expect(w.client.stats.connects).toBe(2);
  });

  it('heal reconnects at once', async () => {
    const w = await bed.world();
    reconnectable(w.client);
    const id = await w.injector.inject(faults['client-reconnect'], { duration: 60_000 }, [0]);
    expect(w.client.connected).toBe(false);
    await w.injector.heal(id);
    expect(await w.client.waitConnected(2000)).toBe(true);
    await w.injector.heal(id);
    expect(w.client.stats.connects).toBe(2);
  });

  it('a client without disconnect()/reconnect() (a browser page, say) is a clear error, and the fault says it is unavailable', async () => {
    const w = await bed.world();
    const plain = { name: 'b0' } as unknown as ChaosClient;
    const context = { ...w.injector.context, clients: [plain] };
    expect(faults['client-reconnect'].unavailableReason?.(context)).toMatch(/cannot disconnect on purpose/);
    await expect(faults['client-reconnect'].inject(context, { duration: 100 }, [0])).rejects.toThrow(
      /client b0 cannot disconnect on purpose .*disconnect\(\)\/reconnect\(\)/,
    );
    expect(w.client.connected).toBe(true);
  });
});

describe('client-leave', () => {
  it('the client goes for good with messages queued; heal does not bring it back; the final phase gives them up (client-left), the verdict stays valid', async () => {
    const w = await bed.world({ clients: 2 });
    const [leaving, staying] = w.clients as [ChaosClient, ChaosClient];
    const queued = ['one', 'two', 'three'].map((text) => leaving.send(text));
    const id = await w.injector.inject(faults['client-leave'], {}, [0]);
    expect(leaving.connected).toBe(false);
    // The departure is in the history when it happens.
    expect(w.recorder.events.filter((e) => e.type === 'client-departed')).toMatchObject([{ client: 'c0', fault: 'client-leave', id }]);
    await w.injector.heal(id);
    await sleep(800);
    expect(leaving.connected).toBe(false);
    expect(leaving.stats.connects).toBe(1);

    const other = staying.send('still here');
    expect(await waitForOk(w.recorder, other, 5000)).toBeDefined();
    const started = Date.now();
    await finalPhase(
      { clients: w.clients, injector: w.injector, recorder: w.recorder, target: w.target, signal: new AbortController().signal },
      { connectMs: 5000, drainMs: 5000, catchUpMs: 3000, quietMs: 100 },
    );
    // The departed client is not waited for.
    expect(Date.now() - started).toBeLessThan(3000);

    const check = checkHistory(w.recorder.events);
    expect(check.anomalies).toEqual([]);
    expect(check.verdict).toBe('valid');
    expect(check.counts.sent).toBe(4);
    const unacked = queued.filter((msg) => eventsOf(w.recorder, 'ok', msg).length === 0);
    expect(unacked.length).toBeGreaterThan(0);
    const stored = new Set(await storedMsgs(w.target));
    for (const msg of unacked.filter((m) => !stored.has(m))) {
      expect(eventsOf(w.recorder, 'fail', msg).map((e) => e.reason)).toEqual(['its client left for good with it queued']);
    }
  });
});
