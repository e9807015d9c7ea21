import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { faults } from '../../src/faults/registry.js';
import { MoveClientCommand } from '../../src/generate/commands/MoveClientCommand.js';
import { initialModel } from '../../src/generate/Model.js';
import type { World } from '../../src/generate/World.js';
import { waitFor } from '../../src/net/waitFor.js';
import { pidAlive, waitForOk } from './fixtures.js';
import type { HistoryEvent } from '../../src/history/events.js';
import { clientEvents, connectNodes, NodeBed, restoreWorld, waitForReceive, type NodeWorld } from './nodeBed.js';

// One 3-node world for the file (a node fault heals, so each test finds it as it was: restoreWorld);
// each test reads the events recorded since it started.
const bed = new NodeBed();
let w: NodeWorld;
let mark = 0;
beforeAll(async () => {
  await bed.start();
  w = await bed.world();
}, 60_000);
beforeEach(() => {
  mark = w.recorder.events.length;
});
afterEach(() => restoreWorld(w));
afterAll(async () => {
  await bed.cleanup();
  await bed.stop();
});

/** The events recorded since the test started. */
function events(): readonly HistoryEvent[] {
  return w.recorder.events.slice(mark);
}

/** The events of `type` recorded since the test started. */
function eventsSince<T extends HistoryEvent['type']>(type: T): Extract<HistoryEvent, { type: T }>[] {
  return events().filter((e): e is Extract<HistoryEvent, { type: T }> => e.type === type);
}

/** The state letter of a process in /proc (T: stopped). */
function processState(pid: number): string {
  return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.charAt(0);
}

/** Every node's pid, in node order. */
function pids(w: NodeWorld): (number | undefined)[] {
  return w.target.nodes.map((node) => node.process.pid());
}

/** c1 sends `text`; it is acked and every client receives it (whatever node each is on). */
async function deliveredToAll(w: NodeWorld, text: string): Promise<void> {
  const msg = w.clients[1]!.send(text);
  expect(await waitForOk(w.recorder, msg, 10_000), `${text} acked`).toBeDefined();
  for (const client of w.clients) expect(await waitForReceive(w.recorder, client.name, text, 5000), `${client.name} got ${text}`).toBeDefined();
}

describe('node faults on the multi-node reference target (3 nodes, Redis adapter)', () => {
  it('node-crash kills n1 alone; its client fails over to a live node and reconnects there; heal starts n1 again', async () => {
    expect(w.balancer.nodeOf(1)).toBe('n1');
    expect(connectNodes(w.recorder.events, 'c1').at(-1)).toBe('n1');
    const [p0, p1, p2] = pids(w);

    const id = await w.injector.inject(faults['node-crash'], { node: 1 }, []);
    expect(pidAlive(p1!)).toBe(false);
    expect(w.target.nodes[1]!.process.isRunning()).toBe(false);
    expect([pidAlive(p0!), pidAlive(p2!)]).toEqual([true, true]);
    expect(pids(w)).toEqual([p0, undefined, p2]);

    // The balancer failed c1 over at once (the fault asked it to), and c1's next connection reached that node.
    const moved = clientEvents(events(), 'client-moved', 'c1');
    expect(moved).toEqual([expect.objectContaining({ from: 'n1', cause: 'failover' })]);
    expect(['n0', 'n2']).toContain(moved[0]!.to);
    expect(await waitFor(() => (connectNodes(events(), 'c1').length > 0 ? true : undefined), 10_000, 20)).toBe(true);
    expect(connectNodes(events(), 'c1')).toEqual([moved[0]!.to]);
    // c0 and c2 never lost their node.
    expect(connectNodes(events(), 'c0')).toEqual([]);
    expect(connectNodes(events(), 'c2')).toEqual([]);
    await deliveredToAll(w, 'after n1 died');

    await w.injector.heal(id);
    expect(w.target.nodes[1]!.process.isRunning()).toBe(true);
    expect(pids(w)[1]).not.toBe(p1);
    expect([pids(w)[0], pids(w)[2]]).toEqual([p0, p2]);
    expect(eventsSince('fault-start')[0]).toMatchObject({ fault: 'node-crash', kind: 'node', params: { node: 1 } });
  });

  it('node-restart stops n0 gracefully and starts it again after delay; its client fails over, the others stay', async () => {
    const [p0, p1, p2] = pids(w);
    const id = await w.injector.inject(faults['node-restart'], { node: 0, delay: 300 }, []);
    expect(pidAlive(p0!)).toBe(false);
    expect([pidAlive(p1!), pidAlive(p2!)]).toEqual([true, true]);
    expect(clientEvents(events(), 'client-moved', 'c0')).toEqual([expect.objectContaining({ from: 'n0', cause: 'failover' })]);
    const restarted = await waitFor(() => pids(w)[0], 15_000, 20);
    expect(restarted).toBeDefined();
    expect(restarted).not.toBe(p0);
    await deliveredToAll(w, 'after n0 came back');
    await w.injector.heal(id);
    expect(pids(w)).toEqual([restarted, p1, p2]);
  });

  it('node-pause freezes n2 alone until healed: the other nodes still store and deliver', async () => {
    const [p0, p1, p2] = pids(w);
    const id = await w.injector.inject(faults['node-pause'], { node: 2 }, []);
    expect(await waitFor(() => (processState(p2!) === 'T' ? true : undefined), 2000, 10)).toBe(true);
    expect([processState(p0!), processState(p1!)]).not.toContain('T');
    // A frozen node still runs: no failover, c2 stays behind it and hears nothing.
    expect(clientEvents(events(), 'client-moved', 'c2')).toEqual([]);
    const msg = w.clients[0]!.send('while n2 is frozen');
    expect(await waitForOk(w.recorder, msg, 5000)).toBeDefined();
    expect(await waitForReceive(w.recorder, 'c1', 'while n2 is frozen', 5000)).toBeDefined();
    expect(clientEvents(w.recorder.events, 'receive', 'c2').some((e) => e.content === 'while n2 is frozen')).toBe(false);

    await w.injector.heal(id);
    expect(await waitFor(() => (processState(p2!) !== 'T' ? true : undefined), 2000, 10)).toBe(true);
    expect(await waitForReceive(w.recorder, 'c2', 'while n2 is frozen', 15_000), 'c2 catches up once n2 runs again').toBeDefined();
    expect(pids(w)).toEqual([p0, p1, p2]);
  });

  it('db-down cuts every node from the shared database, not only the first: no node acks until healed', async () => {
    const id = await w.injector.inject(faults['db-down'], {}, []);
    const msgs = w.clients.map((client) => client.send(`from ${client.name} while the database is down`));
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(eventsSince('ok').filter((e) => msgs.includes(e.msg))).toEqual([]);
    await w.injector.heal(id);
    for (const msg of msgs) expect(await waitForOk(w.recorder, msg, 15_000), msg).toBeDefined();
  });

  it('node-db-down cuts n1 alone from the database: n1 acks nothing until healed while n0 and n2 store', async () => {
    const id = await w.injector.inject(faults['node-db-down'], { node: 1 }, []);
    const [m0, m1, m2] = w.clients.map((client) => client.send(`from ${client.name} while n1 has no database`));
    expect(await waitForOk(w.recorder, m0!, 5000)).toBeDefined();
    expect(await waitForOk(w.recorder, m2!, 5000)).toBeDefined();
    expect(eventsSince('ok').filter((e) => e.msg === m1)).toEqual([]);
    await w.injector.heal(id);
    expect(await waitForOk(w.recorder, m1!, 15_000)).toBeDefined();
  });

  it('a node the target does not have is refused, naming the nodes it has', async () => {
    await expect(w.injector.inject(faults['node-crash'], { node: 3 }, [])).rejects.toThrow(/fault node-crash: there is no node 3: target .* has 3 \(node 0 to 2\)/);
    await expect(w.injector.inject(faults['adapter-partition'], { node: 5 }, [])).rejects.toThrow(/there is no node 5/);
    expect(w.target.nodes.every((node) => node.process.isRunning())).toBe(true);
  });

  it('MoveClient re-points c0 to n2: its connection drops and its next one is served by n2', async () => {
    const world: World = { clients: w.clients, injector: w.injector, recorder: w.recorder, target: w.target, balancer: w.balancer, signal: new AbortController().signal };
    const model = initialModel(3);
    const move = new MoveClientCommand(0, 2);
    expect(move.check(model)).toBe(true);
    await move.run(model, world);
    expect(clientEvents(events(), 'client-moved', 'c0')).toEqual([expect.objectContaining({ from: 'n0', to: 'n2', cause: 'command' })]);
    expect(await waitFor(() => (connectNodes(events(), 'c0').length > 0 ? true : undefined), 10_000, 20)).toBe(true);
    expect(connectNodes(events(), 'c0')).toEqual(['n2']);
    expect(w.balancer.clientsOn('n2')).toEqual([0, 2]);
    // A move to a node that is down is skipped, with why.
    await w.target.nodes[1]!.process.crash();
    await new MoveClientCommand(2, 1).run(model, world);
    expect(eventsSince('command-skipped')).toEqual([expect.objectContaining({ command: 'MoveClient(c2, n1)', reason: expect.stringMatching(/node n1 is down/) })]);
  });
});
