import { describe, expect, it } from 'vitest';
import { parseChatMessage } from '../src/chat/parseChatMessage.js';
import { serverOffsetOf } from '../src/chat/serverOffset.js';
import { unreachableFailpoint } from '../src/chat/messageHandler.js';
import { parseArgs } from '../src/cli/parseArgs.js';
import { BugSet } from '../src/bugs.js';
import { Failpoints, InjectedDatabaseError } from '../src/failpoints/Failpoints.js';
import { isLoopbackHost } from '../src/loopback.js';
import { Mutex } from '../src/mutex.js';
import { quoteTableName } from '../src/store/tableName.js';

describe('Mutex', () => {
  it('runs jobs one at a time in queue order, and a failing job does not block the next', async () => {
    const mutex = new Mutex();
    const log: string[] = [];
    const job = (name: string, ms: number) => async () => {
      log.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      log.push(`end ${name}`);
      return name;
    };
    const a = mutex.runExclusive(job('a', 30));
    const b = mutex.runExclusive(async () => {
      log.push('b fails');
      throw new Error('boom');
    });
    const c = mutex.runExclusive(job('c', 1));
    expect(mutex.pending).toBe(3);
    await expect(a).resolves.toBe('a');
    await expect(b).rejects.toThrow('boom');
    await expect(c).resolves.toBe('c');
    await mutex.idle();
    expect(mutex.pending).toBe(0);
    expect(log).toEqual(['start a', 'end a', 'b fails', 'start c', 'end c']);
  });
});

describe('parseChatMessage', () => {
  const ack = () => undefined;
  it('accepts (content, clientOffset, ack)', () => {
    expect(parseChatMessage(['hi', 'c-1', ack])).toEqual({ kind: 'valid', content: 'hi', clientOffset: 'c-1', ack });
    expect(parseChatMessage(['', 'c-1', ack]).kind).toBe('valid');
  });
  it('takes an event without an ack function (a plain emit) and judges it the same', () => {
    expect(parseChatMessage(['hi', 'c-1'])).toEqual({ kind: 'valid', content: 'hi', clientOffset: 'c-1' });
    expect(parseChatMessage([])).toMatchObject({ kind: 'rejected', reason: 'content must be a string, got undefined' });
    expect(parseChatMessage([42, 'c-1'])).toEqual({ kind: 'rejected', reason: 'content must be a string, got number' });
  });
  it('rejects wrong types and sizes, saying what was wrong', () => {
    expect(parseChatMessage([null, 'c', ack])).toMatchObject({ reason: 'content must be a string, got null' });
    expect(parseChatMessage([['a'], 'c', ack])).toMatchObject({ reason: 'content must be a string, got array' });
    expect(parseChatMessage(['hi', 7, ack])).toMatchObject({ reason: 'clientOffset must be a string, got number' });
  });
});

describe('serverOffsetOf', () => {
  it('takes a non-negative integer and treats anything else as 0', () => {
    expect(serverOffsetOf({ serverOffset: 12 })).toEqual({ offset: 12 });
    expect(serverOffsetOf({ serverOffset: 0 })).toEqual({ offset: 0 });
    expect(serverOffsetOf({})).toEqual({ offset: 0 });
    expect(serverOffsetOf(undefined)).toEqual({ offset: 0 });
    expect(serverOffsetOf({ serverOffset: 1.5 })).toEqual({ offset: 0, invalid: '1.5' });
    expect(serverOffsetOf({ serverOffset: -1 })).toEqual({ offset: 0, invalid: '-1' });
    expect(serverOffsetOf({ serverOffset: '3' })).toEqual({ offset: 0, invalid: '"3"' });
    expect(serverOffsetOf({ serverOffset: 2 ** 60 })).toMatchObject({ offset: 0 });
  });
});

describe('parseArgs', () => {
  it('resolves defaults and every flag', () => {
    const parsed = parseArgs(['--port', '0', '--db', '/tmp/x.sqlite', '--bug', 'no-unique', '--bug', 'catchup-gte', '--admin-port', '0']);
    if (parsed.kind !== 'run') throw new Error('expected run');
    expect(parsed.config).toMatchObject({
      host: '127.0.0.1',
      port: 0,
      store: { kind: 'sqlite', path: '/tmp/x.sqlite', busyTimeoutMs: 2000 },
      table: 'messages',
      adminPort: 0,
      exitWithStdin: false,
    });
    expect(parsed.config.bugs.list()).toEqual(['no-unique', 'catchup-gte']);
    const pg = parseArgs(['--store', 'postgres://u@127.0.0.1/test', '--table', 't_1', '--query-timeout', '500']);
    if (pg.kind !== 'run') throw new Error('expected run');
    expect(pg.config.store).toEqual({ kind: 'postgres', url: 'postgres://u@127.0.0.1/test', queryTimeoutMs: 500 });
    expect(pg.config.adminPort).toBeNull();
  });
  it('refuses what it cannot honour, saying what to do', () => {
    expect(() => parseArgs(['--port', '70000'])).toThrow('--port "70000" is not an integer from 0 to 65535');
    expect(() => parseArgs(['--port', '-1'])).toThrow(/--port/);
    expect(() => parseArgs(['--db', 'a', '--store', 'postgres://x/y'])).toThrow(/choose SQLite/);
    expect(() => parseArgs(['--store', 'mysql://x/y'])).toThrow(/not a PostgreSQL URL/);
    expect(() => parseArgs(['--host', '10.0.0.1'])).toThrow(/not a loopback address/);
    expect(() => parseArgs(['extra'])).toThrow(/run with --help/);
  });
  it('takes a node name and an adapter, and refuses a bad one in one line', () => {
    const parsed = parseArgs([
      '--store', 'postgres://u@127.0.0.1/test', '--node', 'n1',
      '--adapter', 'redis-streams', '--adapter-url', 'redis://127.0.0.1:6380', '--adapter-prefix', 'siochaos:4242-a1f3:7:',
      '--poll-interval', '250', '--bug', 'local-broadcast',
    ]);
    if (parsed.kind !== 'run') throw new Error('expected run');
    expect(parsed.config).toMatchObject({
      node: 'n1',
      adapter: { kind: 'redis-streams', url: 'redis://127.0.0.1:6380', prefix: 'siochaos:4242-a1f3:7:' },
      pollIntervalMs: 250,
    });
    expect(parsed.config.bugs.list()).toEqual(['local-broadcast']);
    const single = parseArgs(['--db', '/tmp/x.sqlite']);
    if (single.kind !== 'run') throw new Error('expected run');
    expect(single.config).toMatchObject({ node: null, adapter: null });
    const pgAdapter = parseArgs(['--db', '/tmp/x.sqlite', '--adapter', 'postgres', '--adapter-url', 'postgres://u@h/db']);
    if (pgAdapter.kind !== 'run') throw new Error('expected run');
    expect(pgAdapter.config.adapter).toEqual({ kind: 'postgres', url: 'postgres://u@h/db', prefix: 'siochaos' });

    expect(() => parseArgs(['--adapter', 'kafka', '--adapter-url', 'redis://h'])).toThrow(
      'unknown --adapter "kafka": valid adapters are redis, redis-streams, postgres, cluster',
    );
    expect(() => parseArgs(['--adapter', 'redis'])).toThrow('--adapter redis needs --adapter-url redis://host:port');
    expect(() => parseArgs(['--adapter', 'redis', '--adapter-url', 'postgres://h/db'])).toThrow(/not a URL the redis adapter can use/);
    expect(() => parseArgs(['--adapter', 'postgres', '--adapter-url', 'redis://h'])).toThrow(/not a URL the postgres adapter can use/);
    expect(() => parseArgs(['--adapter-url', 'redis://h'])).toThrow(/need --adapter/);
    expect(() => parseArgs(['--adapter', 'redis', '--adapter-url', 'redis://h', '--adapter-prefix', 'a b'])).toThrow(/not a plain prefix/);
    expect(() => parseArgs(['--node', 'n 1'])).toThrow(/not a node name/);
    const clustered = parseArgs(['--db', '/tmp/x.sqlite', '--adapter', 'cluster', '--workers', '3', '--bug', 'local-broadcast']);
    if (clustered.kind !== 'run') throw new Error('expected run');
    expect(clustered.config).toMatchObject({ adapter: null, workers: 3 });
    expect(() => parseArgs(['--adapter', 'cluster'])).toThrow('--adapter cluster needs --workers N (1 to 16)');
    expect(() => parseArgs(['--adapter', 'cluster', '--workers', '17'])).toThrow('--workers "17" is not an integer from 1 to 16');
    expect(() => parseArgs(['--adapter', 'cluster', '--workers', '2', '--adapter-url', 'redis://h'])).toThrow(/takes no --adapter-url/);
    expect(() => parseArgs(['--workers', '2'])).toThrow('--workers needs --adapter cluster');
    expect(() => parseArgs(['--bug', 'local-broadcast'])).toThrow('--bug local-broadcast is a multi-node bug: it needs --adapter (a node of several)');
  });
});

describe('isLoopbackHost and quoteTableName', () => {
  it('knows loopback from the rest', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1']) {
      expect(isLoopbackHost(host)).toBe(true);
    }
    for (const host of ['0.0.0.0', '::', '192.168.1.1', 'example.com', '', '::ffff:10.0.0.1']) {
      expect(isLoopbackHost(host)).toBe(false);
    }
  });
  it('quotes plain identifiers and refuses the rest', () => {
    expect(quoteTableName('messages_2')).toBe('"messages_2"');
    expect(() => quoteTableName('a"b')).toThrow(/not a plain identifier/);
    expect(() => quoteTableName('1abc')).toThrow(/not a plain identifier/);
  });
});

describe('Failpoints', () => {
  it('fires the armed action the given number of times, then disarms', () => {
    let crashes = 0;
    const failpoints = new Failpoints(() => {
      crashes += 1;
    });
    failpoints.pass('before-insert');
    failpoints.arm('before-insert', 'crash', 2);
    failpoints.pass('before-insert');
    failpoints.pass('before-insert');
    failpoints.pass('before-insert');
    expect(crashes).toBe(2);
    failpoints.arm('after-insert-before-ack', 'error', 1);
    expect(() => failpoints.pass('after-insert-before-ack')).toThrow(InjectedDatabaseError);
    expect(() => failpoints.pass('after-insert-before-ack')).not.toThrow();
    expect(failpoints.list()).toEqual([]);
  });
  it('knows which points the ack/broadcast order makes unreachable', () => {
    expect(unreachableFailpoint(new BugSet(), 'after-ack-before-broadcast')).toMatch(/never reached/);
    expect(unreachableFailpoint(new BugSet(), 'after-broadcast-before-ack')).toBeUndefined();
    expect(unreachableFailpoint(new BugSet(['ack-before-insert']), 'after-ack-before-broadcast')).toBeUndefined();
    expect(unreachableFailpoint(new BugSet(['ack-before-insert']), 'after-broadcast-before-ack')).toMatch(/acks before it broadcasts/);
  });
});
