import { afterEach, describe, expect, it } from 'vitest';
import { holdWriteLock } from './helpers/sqlite.js';
import { StrandingRelay } from './helpers/strandingRelay.js';
import { sleep, Testbed, type TestClient } from './helpers/testbed.js';

// Connection state recovery when the client's old connection is not dead for
// the server yet (a blackholed network): the server still holds the old socket
// (a stale twin) when the client reconnects with the same session. Every step
// is driven by hand: the roamer reconnects only when told, through a relay
// that strands its connections (client side cut, server side open and silent).

const bed = new Testbed();
const relays: StrandingRelay[] = [];
afterEach(async () => {
  await Promise.all(relays.splice(0).map((relay) => relay.close()));
  await bed.cleanup();
});

/** How long the server is given to see a close, or to run a catch-up, on loopback. */
const SETTLE_MS = 150;

async function setUp() {
  const db = await bed.dbPath();
  const server = await bed.launch({ db, busyTimeoutMs: 10_000 });
  const relay = await StrandingRelay.start(server.host, server.port);
  relays.push(relay);
  const writer = await bed.connect(server);
  const roamer = await bed.connect(relay.address, { trackServerOffset: true });
  return { db, relay, writer, roamer };
}

/** Runs `cut` (which drops the roamer's transport) and waits for the roamer's disconnect. */
async function dropped(roamer: TestClient, cut: () => void): Promise<void> {
  const gone = new Promise<void>((resolve) => roamer.socket.once('disconnect', () => resolve()));
  cut();
  await gone;
}

/** Reconnects the roamer (same session: auth.pid and offset) and waits for its connect event. */
async function reconnect(roamer: TestClient): Promise<void> {
  const back = new Promise<void>((resolve, reject) => {
    roamer.socket.once('connect', () => resolve());
    roamer.socket.once('connect_error', reject);
  });
  roamer.socket.connect();
  await back;
}

describe('connection state recovery after blackholed connections (the server still holds the old socket: a stale twin)', () => {
  it('replays no catch-up twice when two connections of one session were caught up (seed 6, scenario 5)', async () => {
    const { db, relay, writer, roamer } = await setUp();
    expect(await writer.send('m1', 'w-1')).toBe('ack');
    expect(await writer.send('m2', 'w-2')).toBe('ack');
    await roamer.waitForReceived(2);

    // The database stalls: m3's insert holds the mutex, so every catch-up waits.
    const release = await holdWriteLock(db);
    const m3 = writer.send('m3', 'w-3', 15_000);
    await sleep(SETTLE_MS);
    await dropped(roamer, () => relay.strand());
    await reconnect(roamer); // a new socket, its catch-up waits for the mutex
    await dropped(roamer, () => relay.cutAll());
    await sleep(SETTLE_MS); // it closed before its catch-up: its session is kept without the live room
    await reconnect(roamer); // restores that session: not live, so a catch-up from 2 waits
    await dropped(roamer, () => relay.strand());
    await reconnect(roamer); // restores the same session again? then another catch-up from 2 waits
    await dropped(roamer, () => relay.strand());
    await release();
    expect(await m3).toBe('ack');
    await sleep(SETTLE_MS); // the waiting catch-ups send row 3 into stranded connections

    await reconnect(roamer);
    await sleep(SETTLE_MS);
    expect(roamer.ids()).toEqual([1, 2, 3]);
  });

  it('keeps delivering live rows to the new socket after its stale twin finally closes', async () => {
    const { relay, writer, roamer } = await setUp();
    expect(await writer.send('m1', 'w-1')).toBe('ack');
    await roamer.waitForReceived(1);
    await dropped(roamer, () => relay.cutAll());
    await sleep(SETTLE_MS); // the server sees the close: the session is kept for recovery
    await reconnect(roamer);
    expect(roamer.recovered()).toBe(true);
    expect(await writer.send('m2', 'w-2')).toBe('ack');
    await roamer.waitForReceived(2);

    await dropped(roamer, () => relay.strand());
    await reconnect(roamer); // the server still holds the old socket
    expect(await writer.send('m3', 'w-3')).toBe('ack');
    await roamer.waitForReceived(3);
    relay.releaseStranded();
    await sleep(SETTLE_MS); // now the server sees the old socket close
    expect(await writer.send('m4', 'w-4')).toBe('ack');
    await sleep(SETTLE_MS);
    expect(roamer.ids()).toEqual([1, 2, 3, 4]);
  });

  it('replays no row twice when the session was caught up after the offset the client resumes from', async () => {
    const { db, relay, writer, roamer } = await setUp();
    expect(await writer.send('m1', 'w-1')).toBe('ack');
    await roamer.waitForReceived(1);

    const release = await holdWriteLock(db);
    const m2 = writer.send('m2', 'w-2', 15_000);
    await sleep(SETTLE_MS);
    await dropped(roamer, () => relay.strand()); // the old socket stays in the live room: row 2 goes to it
    await reconnect(roamer); // a new socket: its catch-up from 1 waits for the mutex
    await dropped(roamer, () => relay.strand()); // before the client got anything on it
    await release();
    expect(await m2).toBe('ack');
    await sleep(SETTLE_MS); // row 2: broadcast to the live room, then the new socket's catch-up, both into stranded connections
    relay.releaseStranded();
    await sleep(SETTLE_MS); // the new socket's session is kept, with the live room

    await reconnect(roamer); // resumes from row 1's packet, logged before the new socket joined the live room
    await sleep(SETTLE_MS);
    expect(roamer.ids()).toEqual([1, 2]);
  });
});
