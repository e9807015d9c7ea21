import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { BUGS, plantedBug } from '../tutorial-chat/bugs.js';
import { attachChat } from '../tutorial-chat/chat.js';
import { openPgStore } from './pgStore.js';

// The tutorial-chat example (same chat, same page) with its messages in
// PostgreSQL. DATABASE_URL says where (siochaos hands over a URL through its
// own proxy); CHAT_TABLE names the table (default messages); PORT (default
// 3000); CHAT_BUG switches on a planted bug (see ../tutorial-chat/bugs.js).

function fail(message) {
  console.error(message);
  process.exit(1);
}

let bug;
try {
  bug = plantedBug(process.env);
} catch (err) {
  fail(err.message);
}
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) fail('DATABASE_URL is not set: point it at PostgreSQL, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/test');
const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`PORT=${process.env.PORT} is not a port number: use 0-65535`);
const table = process.env.CHAT_TABLE ?? 'messages';

const page = await readFile(new URL('../tutorial-chat/index.html', import.meta.url));
const store = await openPgStore(databaseUrl, { table, unique: bug !== 'no-unique' }).catch((err) =>
  fail(`cannot use table ${table} at ${databaseUrl}: ${err.message}: check DATABASE_URL and that PostgreSQL is running`),
);

const httpServer = createServer((req, res) => {
  if (req.method === 'GET' && (req.url === '/' || req.url === '/index.html')) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  } else {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
});
const io = new Server(httpServer, { connectionStateRecovery: {} });
await attachChat(io, store, { bug }).catch((err) => fail(`cannot read table ${table}: ${err.message}`));

httpServer.once('error', (err) => {
  if (err.code === 'EADDRINUSE') fail(`port ${port} is already in use: set PORT to a free port (or 0 for any)`);
  fail(`cannot listen on 127.0.0.1:${port}: ${err.message}`);
});
httpServer.listen(port, '127.0.0.1', () => {
  if (bug) console.log(`planted bug ${bug}: ${BUGS[bug]}`);
  console.log(`chat listening on http://127.0.0.1:${httpServer.address().port} (table ${table})`);
});

process.once('SIGTERM', () => {
  io.close();
  httpServer.closeAllConnections();
  store.close().then(() => process.exit(0), () => process.exit(0));
});
