import { afterEach, describe, expect, it } from 'vitest';
import { launchReferenceServer } from '../src/launch.js';
import { readRows } from './helpers/sqlite.js';
import { runMain } from './helpers/spawnMain.js';
import { Testbed } from './helpers/testbed.js';

const bed = new Testbed();
afterEach(() => bed.cleanup());

describe('reference server: process lifecycle', () => {
  it('prints exactly one JSON listening line on stdout', async () => {
    const server = await bed.launch({ db: await bed.dbPath(), adminPort: true });
    let stdout = '';
    server.process.stdout!.on('data', (chunk: string) => (stdout += chunk));
    const client = await bed.connect(server);
    expect(await client.send('hi', 'c-1')).toBe('ack');
    await server.stop();
    expect(stdout).toBe('');
    expect(server.host).toBe('127.0.0.1');
    expect(server.port).toBeGreaterThan(0);
    expect(server.adminPort).toBeGreaterThan(0);
  });

  it('exits 0 on SIGTERM with clients connected, with the store closed cleanly', async () => {
    const db = await bed.dbPath();
    const server = await bed.launch({ db });
    const client = await bed.connect(server);
    expect(await client.send('kept', 'c-1')).toBe('ack');
    server.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect((await readRows(db)).map((r) => r.content)).toEqual(['kept']);
  });

  it('exits 0 on SIGINT and when stdin reaches EOF', async () => {
    const [first, second] = await Promise.all([bed.launch({ db: await bed.dbPath() }), bed.launch({ db: await bed.dbPath() })]);
    first.kill('SIGINT');
    second.process.stdin!.end();
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(await second.exited).toEqual({ code: 0, signal: null });
  });

  it('exits 2 with one clear line when the port is in use, and the launcher rejects with it', async () => {
    const server = await bed.launch({ db: await bed.dbPath() });
    const result = await runMain(['--port', String(server.port), '--db', await bed.dbPath()]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([
      `reference-server: port ${server.port} on 127.0.0.1 is already in use: pick another --port, or 0 for any free port`,
    ]);
    await expect(launchReferenceServer({ port: server.port, db: await bed.dbPath() })).rejects.toThrow(
      /exited \(code 2\) before it listened; its stderr ended with:\n.*already in use/,
    );
  });

  it('exits 2 on bad arguments, naming what was wrong', async () => {
    // Each case is a process of its own: they run at once.
    const [unknownBug, publicHost, badTable, badDb, help] = await Promise.all([
      runMain(['--bug', 'no-such-bug']),
      runMain(['--host', '0.0.0.0']),
      runMain(['--store', 'postgres://x@127.0.0.1/test', '--table', 'a;drop']),
      runMain(['--port', '0', '--db', '/nonexistent-dir/chat.sqlite']),
      runMain(['--help']),
    ]);
    expect(unknownBug.code).toBe(2);
    expect(unknownBug.stderr).toMatch(/unknown --bug no-such-bug: valid bugs are no-unique, ack-before-insert, .*catchup-race/);
    expect(publicHost.code).toBe(2);
    expect(publicHost.stderr).toMatch(/--host 0.0.0.0 is not a loopback address/);
    expect(badTable.code).toBe(2);
    expect(badTable.stderr).toMatch(/--table "a;drop" is not a plain identifier/);
    expect(badDb.code).toBe(2);
    expect(badDb.stderr).toMatch(/cannot open SQLite database \/nonexistent-dir\/chat.sqlite/);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--bug NAME/);
  });

  it('launcher refuses options without a store', async () => {
    await expect(launchReferenceServer({})).rejects.toThrow(/give db \(a SQLite file path\) or store/);
  });
});
