import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { BUGS, plantedBug } from './bugs.js';
import { attachChat } from './chat.js';
import { openSqliteStore } from './sqliteStore.js';

// The Socket.IO tutorial's chat: node:http serves the page, socket.io the rest.
// PORT (default 3000) and DB_FILE (default chat.db) come from the environment;
// CHAT_BUG switches on a planted bug (see bugs.js); PAGE is the page it serves
// (default index.html; a path relative to this folder, or absolute).

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
const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`PORT=${process.env.PORT} is not a port number: use 0-65535`);
const dbFile = process.env.DB_FILE ?? 'chat.db';

const pageFile = new URL(process.env.PAGE ?? 'index.html', import.meta.url);
const page = await readFile(pageFile).catch((err) => fail(`PAGE=${process.env.PAGE}: ${err.message}: give the path of an HTML file`));
const store = await openSqliteStore(dbFile, { unique: bug !== 'no-unique' }).catch((err) => fail(`${err.message}: check DB_FILE`));

const httpServer = createServer((req, res) => {
  const { pathname } = new URL(req.url ?? '/', 'http://localhost');
  if (req.method === 'GET' && (pathname === '/' || pathname === '/index.html')) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  } else {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
});
const io = new Server(httpServer, { connectionStateRecovery: {} });
await attachChat(io, store, { bug });

httpServer.once('error', (err) => {
  if (err.code === 'EADDRINUSE') fail(`port ${port} is already in use: set PORT to a free port (or 0 for any)`);
  fail(`cannot listen on 127.0.0.1:${port}: ${err.message}`);
});
httpServer.listen(port, '127.0.0.1', () => {
  if (bug) console.log(`planted bug ${bug}: ${BUGS[bug]}`);
  console.log(`chat listening on http://127.0.0.1:${httpServer.address().port} (store ${dbFile})`);
});

process.once('SIGTERM', () => {
  io.close();
  httpServer.closeAllConnections();
  store.close().then(() => process.exit(0));
});
