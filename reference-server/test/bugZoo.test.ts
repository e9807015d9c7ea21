import { afterEach, describe, expect, it } from 'vitest';
import { BUG_NAMES, BUGS, type BugName } from '../src/bugs.js';
import { armFailpoint } from '../src/launch.js';
import { holdWriteLock, readRows } from './helpers/sqlite.js';
import { sleep, Testbed, type SendOutcome } from './helpers/testbed.js';

const bed = new Testbed();
afterEach(() => bed.cleanup());

type Bugs = BugName[];
const CORRECT: Bugs = [];

/** Starts a server with `bugs` on a fresh SQLite file. */
async function start(bugs: Bugs, extra: { busyTimeoutMs?: number; adminPort?: boolean } = {}) {
  const db = await bed.dbPath();
  const server = await bed.launch({ db, bugs, ...extra });
  return { db, server };
}

/** Stores `count` messages through a client of their own. */
async function seed(server: { host: string; port: number }, count: number, prefix = 'seed'): Promise<void> {
  const writer = await bed.connect(server);
  for (let i = 1; i <= count; i += 1) expect(await writer.send(`m${i}`, `${prefix}-${i}`)).toBe('ack');
  writer.socket.disconnect();
}

/** A client sends the same message twice (a retry); what the acks, the store and an observer saw. */
async function retryScenario(bugs: Bugs) {
  const { db, server } = await start(bugs);
  const sender = await bed.connect(server);
  const observer = await bed.connect(server);
  // 2 s for each ack: a loaded machine (the full suite on 2 cores) answered the correct server's retry after more than 500 ms.
  const outcomes = [await sender.send('hi', 'c-1', 2000), await sender.send('hi', 'c-1', 2000)];
  await sleep(100);
  return { outcomes, offsets: (await readRows(db)).map((r) => r.client_offset), observed: observer.ids() };
}

/** The SQLite file is locked while a message comes in: what the client hears, what gets stored. */
async function stalledDatabaseScenario(bugs: Bugs) {
  const { db, server } = await start(bugs, { busyTimeoutMs: 100 });
  const client = await bed.connect(server);
  const release = await holdWriteLock(db);
  let outcome: SendOutcome;
  try {
    const sending = client.send('during the stall', 'c-1', 1000);
    // Hold the lock well past the busy timeout, so the insert fails rather than waits.
    await sleep(400);
    outcome = await sending;
  } finally {
    await release();
  }
  await sleep(100);
  return { outcome, rows: await readRows(db), stderr: server.stderrTail() };
}

/** A new client with auth.serverOffset `offset` after `stored` messages: the ids it receives. */
async function catchUpScenario(bugs: Bugs, stored: number, offset: number) {
  const { server } = await start(bugs);
  await seed(server, stored);
  const client = await bed.connect(server, { serverOffset: offset });
  await sleep(200);
  return { client, server };
}

const zoo: Record<BugName, () => Promise<void>> = {
  async 'no-unique'() {
    expect(await retryScenario(CORRECT)).toEqual({ outcomes: ['ack', 'ack'], offsets: ['c-1'], observed: [1] });
    expect(await retryScenario(['no-unique'])).toEqual({
      outcomes: ['ack', 'ack'],
      offsets: ['c-1', 'c-1'],
      observed: [1, 2],
    });
  },

  async 'ack-before-insert'() {
    const correct = await stalledDatabaseScenario(CORRECT);
    expect(correct.outcome).toBe('timeout');
    const buggy = await stalledDatabaseScenario(['ack-before-insert']);
    expect(buggy.outcome).toBe('ack');
    expect(buggy.rows).toEqual([]);
    expect(buggy.stderr).toMatch(/insert of message c-1 failed after it was acknowledged, it is lost/);
  },

  async 'insert-not-awaited'() {
    const sendTwentyInOrder = async (bugs: Bugs) => {
      const { db, server } = await start(bugs);
      const client = await bed.connect(server);
      const sent = Array.from({ length: 20 }, (_, i) => `c-${i}`);
      for (const offset of sent) expect(await client.send(offset, offset)).toBe('ack');
      for (let i = 0; i < 50 && (await readRows(db)).length < sent.length; i += 1) await sleep(20);
      return { sent, stored: (await readRows(db)).map((r) => r.client_offset) };
    };
    const correct = await sendTwentyInOrder(CORRECT);
    expect(correct.stored).toEqual(correct.sent);
    const buggy = await sendTwentyInOrder(['insert-not-awaited']);
    // Every message was acked before its insert; the inserts overtook each other.
    expect([...buggy.stored].sort()).toEqual([...buggy.sent].sort());
    expect(buggy.stored).not.toEqual(buggy.sent);
  },

  async 'swallow-db-error'() {
    const buggy = await stalledDatabaseScenario(['swallow-db-error']);
    expect(buggy.outcome).toBe('ack');
    expect(buggy.rows).toEqual([]);
    expect(buggy.stderr).toMatch(/insert of message c-1 failed, acknowledged anyway \(bug swallow-db-error\)/);
  },

  async 'dup-ack-no-broadcast-lost'() {
    const quickRetry = async (bugs: Bugs) => {
      const { db, server } = await start(bugs);
      const sender = await bed.connect(server);
      const observer = await bed.connect(server);
      // The retry leaves before the first ack is back, as a client with a short ack timeout would send it.
      const outcomes = await Promise.all([sender.send('hi', 'c-1'), sender.send('hi', 'c-1')]);
      await sleep(300);
      const late = await bed.connect(server);
      await late.waitForReceived(1);
      return { outcomes, stored: (await readRows(db)).length, sender: sender.ids(), observer: observer.ids() };
    };
    expect(await quickRetry(CORRECT)).toEqual({ outcomes: ['ack', 'ack'], stored: 1, sender: [1], observer: [1] });
    // Stored once and acked, but nobody connected received it live.
    expect(await quickRetry(['dup-ack-no-broadcast-lost'])).toEqual({
      outcomes: ['ack', 'ack'],
      stored: 1,
      sender: [],
      observer: [],
    });
  },

  async 'catchup-no-order'() {
    expect((await catchUpScenario(CORRECT, 3, 0)).client.ids()).toEqual([1, 2, 3]);
    expect((await catchUpScenario(['catchup-no-order'], 3, 0)).client.ids()).toEqual([3, 2, 1]);
  },

  async 'catchup-gte'() {
    expect((await catchUpScenario(CORRECT, 3, 2)).client.ids()).toEqual([3]);
    expect((await catchUpScenario(['catchup-gte'], 3, 2)).client.ids()).toEqual([2, 3]);
  },

  async 'no-db-catchup'() {
    expect((await catchUpScenario(CORRECT, 3, 0)).client.ids()).toEqual([1, 2, 3]);
    const { client, server } = await catchUpScenario(['no-db-catchup'], 3, 0);
    expect(client.ids()).toEqual([]);
    // It is in the live room: it hears new messages, just never the old ones.
    await seed(server, 1, 'later');
    await client.waitForReceived(1);
    expect(client.ids()).toEqual([4]);
  },

  async 'broadcast-excludes-sender'() {
    const sendOne = async (bugs: Bugs) => {
      const { server } = await start(bugs);
      const sender = await bed.connect(server);
      const observer = await bed.connect(server);
      expect(await sender.send('hi', 'c-1')).toBe('ack');
      await observer.waitForReceived(1);
      await sleep(100);
      return { sender: sender.ids(), observer: observer.ids() };
    };
    expect(await sendOne(CORRECT)).toEqual({ sender: [1], observer: [1] });
    expect(await sendOne(['broadcast-excludes-sender'])).toEqual({ sender: [], observer: [1] });
  },

  async 'memory-dedupe'() {
    // Without a restart the in-memory Set does its job.
    expect(await retryScenario(['memory-dedupe'])).toEqual({ outcomes: ['ack', 'ack'], offsets: ['c-1'], observed: [1] });
    const crashThenRetry = async (bugs: Bugs) => {
      const { db, server } = await start(bugs, { adminPort: true });
      await armFailpoint(server.adminPort!, 'after-insert-before-ack', 1);
      const client = await bed.connect(server);
      expect(await client.send('hi', 'c-1', 1000)).toBe('timeout');
      await server.exited;
      const restarted = await bed.launch({ db, bugs, port: server.port });
      const retry = await bed.connect(restarted);
      expect(await retry.send('hi', 'c-1')).toBe('ack');
      return (await readRows(db)).map((r) => r.client_offset);
    };
    expect(await crashThenRetry(CORRECT)).toEqual(['c-1']);
    expect(await crashThenRetry(['memory-dedupe'])).toEqual(['c-1', 'c-1']);
  },

  async 'catchup-race'() {
    const joinWhileOthersSend = async (bugs: Bugs) => {
      const { server } = await start(bugs);
      await seed(server, 3);
      const writer = await bed.connect(server);
      const joiner = await bed.connect(server, { serverOffset: 0 });
      expect(await writer.send('m4', 'live-4')).toBe('ack');
      await joiner.waitForReceived(4);
      await sleep(250);
      return joiner.ids();
    };
    expect(await joinWhileOthersSend(CORRECT)).toEqual([1, 2, 3, 4]);
    // The live broadcast overtook the catch-up, which then sent it again.
    expect(await joinWhileOthersSend(['catchup-race'])).toEqual([4, 1, 2, 3, 4]);
  },

  async 'no-retry-ack-on-duplicate'() {
    expect((await retryScenario(CORRECT)).outcomes).toEqual(['ack', 'ack']);
    expect(await retryScenario(['no-retry-ack-on-duplicate'])).toEqual({
      outcomes: ['ack', 'timeout'],
      offsets: ['c-1'],
      observed: [1],
    });
  },

  async 'catchup-ignores-recovered'() {
    const shortCut = async (bugs: Bugs) => {
      const { server } = await start(bugs);
      const writer = await bed.connect(server);
      const roamer = await bed.connect(server, { reconnection: true, trackServerOffset: true });
      expect(await writer.send('before', 'w-1')).toBe('ack');
      await roamer.waitForReceived(1);
      roamer.socket.io.engine.close();
      expect(await writer.send('while away', 'w-2')).toBe('ack');
      await roamer.waitForReceived(2);
      await sleep(200);
      expect(roamer.recovered()).toBe(true);
      return roamer.ids();
    };
    expect(await shortCut(CORRECT)).toEqual([1, 2]);
    // Recovery replayed message 2, and the database catch-up sent it again.
    expect(await shortCut(['catchup-ignores-recovered'])).toEqual([1, 2, 2]);
  },
};

describe('the bug zoo: each --bug changes behaviour the way its description says', () => {
  for (const name of BUG_NAMES) {
    it(`${name}: ${BUGS[name].description}`, zoo[name]);
  }

  it('describes every bug on one line, with the guarantee it breaks', () => {
    for (const name of BUG_NAMES) {
      const bug = BUGS[name];
      expect(bug.description).not.toMatch(/\n/);
      expect(bug.breaks).toMatch(/^(stored|delivered|acknowledged)-/);
      expect(bug.anomalies.length).toBeGreaterThan(0);
    }
    expect(BUG_NAMES.length).toBeGreaterThanOrEqual(12);
  });
});
