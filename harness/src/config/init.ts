import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { siochaosCommand } from '../commandHint.js';
import { SetupError } from '../errors/SetupError.js';

/** The starter config `siochaos init` writes, with every field explained. */
export const STARTER_CONFIG = `// siochaos.config.ts: how siochaos tests your Socket.IO server.
// Run it with: npx siochaos run   (exit 0 valid, 1 anomalies found, 2 could not decide)
import { defineConfig } from 'siochaos';

export default defineConfig({
  // How to start your server. Placeholders: {port} (a free port siochaos picks),
  // {host} (127.0.0.1), {dataDir} (a fresh folder per scenario), {db} ({dataDir}/db.sqlite),
  // {databaseUrl} (the proxied database URL, when \`database\` is set).
  target: {
    kind: 'command',
    command: ['node', 'server.js'],
    env: { PORT: '{port}', DB_FILE: '{db}' },
    // Ready when this matches a line of its output; without it, when the port accepts connections.
    // readyLog: 'listening',
  },
  // Or a server that is already running (process faults are then skipped):
  // target: { kind: 'url', url: 'http://127.0.0.1:3000' },

  // Where siochaos reads what your server stored, once a scenario is over.
  // Map your columns to offset (server offset), msg (client offset) and content.
  store: {
    kind: 'sqlite',
    file: '{db}',
    query: 'SELECT id, client_offset, content FROM messages ORDER BY id',
    fields: { offset: 'id', msg: 'client_offset', content: 'content' },
  },

  // The Socket.IO tutorial's protocol is the default: emit('chat message', content, clientOffset, ack),
  // broadcasts ('chat message', content, serverOffset), auth.serverOffset on reconnect.
  // protocol: { sendEvent: 'chat message', broadcastEvent: 'chat message', authOffsetKey: 'serverOffset' },

  // How clients deliver: 'queued-retry' (ordered, socket.io-client retries), 'ack-retry', 'at-most-once'.
  strategy: 'queued-retry',
  retries: -1, // -1: unlimited
  clients: 3,
  time: '30s', // how long to search for a failure
  scenario: 'everything', // or mid-emit-cut, ack-lost, server-crash, db-stall, flaky-network
});
`;

/**
 * Writes the starter config into `dir`.
 *
 * @returns the file's path.
 * @throws SetupError when a config file is already there (unless `force`).
 * @example
 * await writeStarterConfig(process.cwd());
 */
export async function writeStarterConfig(dir: string, force = false): Promise<string> {
  const file = path.join(dir, 'siochaos.config.ts');
  if (existsSync(file) && !force) {
    throw new SetupError(`${file} already exists: edit it, or run ${siochaosCommand('init --force')} to overwrite it`);
  }
  await writeFile(file, STARTER_CONFIG);
  return file;
}
