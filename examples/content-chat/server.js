import { createServer } from 'node:http';
import sqlite3 from 'sqlite3';
import { Server } from 'socket.io';

// A chat in the Socket.IO tutorial's "server delivery" style, as most real chat
// servers are: it stores only (id, content), no client offset, so it cannot
// tell a retry from a new message. It broadcasts every stored message with its
// id (the server offset), catches a reconnecting client up from
// auth.serverOffset (catch-ups and broadcasts one at a time, so they never
// race), and acks the sender once the message is stored and
// broadcast (unless ACK=0: a server that never acks, as the tutorial's
// at-most-once steps).
//
// PORT (default 3000) and DB_FILE (default chat.db) come from the environment.
// GET /messages answers the stored rows as JSON: [{ "id": 1, "content": "hi" }].

function fail(message) {
  console.error(message);
  process.exit(1);
}

const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`PORT=${process.env.PORT} is not a port number: use 0-65535`);
const dbFile = process.env.DB_FILE ?? 'chat.db';
const acks = process.env.ACK !== '0';

const db = await new Promise((resolve) => {
  const opened = new sqlite3.Database(dbFile, (err) => (err ? fail(`cannot open ${dbFile}: ${err.message}: check DB_FILE`) : resolve(opened)));
});
const run = (sql, params = []) =>
  new Promise((resolve, reject) => db.run(sql, params, function done(err) { return err ? reject(err) : resolve(this); }));
const all = (sql, params = []) => new Promise((resolve, reject) => db.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows))));

// WAL lets siochaos read the file while the server writes it.
await run('PRAGMA journal_mode = WAL');
await run('PRAGMA busy_timeout = 5000');
await run('CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY AUTOINCREMENT, content TEXT)');

const httpServer = createServer(async (req, res) => {
  if (req.method === 'GET' && req.url === '/messages') {
    try {
      const rows = await all('SELECT id, content FROM messages ORDER BY id');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(rows));
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(err.message);
    }
    return;
  }
  res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
});
const io = new Server(httpServer, { connectionStateRecovery: {} });

// Inserts with their broadcast, and catch-ups, run one at a time: a catch-up
// then never races a live broadcast (the tutorial's own code has that race).
let last = Promise.resolve();
const exclusive = (work) => (last = last.then(work, work));

io.on('connection', (socket) => {
  // The tutorial's client sends (content, clientOffset, callback); this server keeps the content only.
  socket.on('chat message', (content, ...rest) => {
    const callback = rest.find((arg) => typeof arg === 'function');
    if (typeof content !== 'string') return;
    void exclusive(async () => {
      let result;
      try {
        result = await run('INSERT INTO messages (content) VALUES (?)', [content]);
      } catch (err) {
        console.error(`insert failed: ${err.message}`);
        return;
      }
      io.to('live').emit('chat message', content, result.lastID);
      if (acks) callback?.();
    });
  });

  if (socket.recovered && socket.rooms.has('live')) return;
  void exclusive(async () => {
    try {
      const rows = await all('SELECT id, content FROM messages WHERE id > ? ORDER BY id', [Number(socket.handshake.auth?.serverOffset) || 0]);
      for (const row of rows) socket.emit('chat message', row.content, row.id);
      socket.join('live');
    } catch (err) {
      console.error(`catch-up failed: ${err.message}`);
    }
  });
});

httpServer.once('error', (err) => fail(`cannot listen on 127.0.0.1:${port}: ${err.message}`));
httpServer.listen(port, '127.0.0.1', () => {
  console.log(`content chat listening on http://127.0.0.1:${httpServer.address().port} (store ${dbFile}${acks ? '' : ', no acks'})`);
});

process.once('SIGTERM', () => {
  io.close();
  httpServer.closeAllConnections();
  db.close(() => process.exit(0));
});
