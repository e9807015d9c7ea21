import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { createAdapter, setupPrimary } from '@socket.io/cluster-adapter';
import { Server } from 'socket.io';
import { open } from '../tutorial-as-written/db.js';

// The Socket.IO tutorial's server as its step 9 ("Horizontal scaling") writes
// it: step 8 run as node:cluster workers, each on its own port, with the
// cluster adapter and connection state recovery turned on. Only the ports (the
// tutorial forks one worker per core on 3000 + i; here PORTS lists them), the
// database file (DB_FILE), `PRAGMA journal_mode = WAL` and node:http instead of
// express differ from the tutorial. server.js is the same chat done right.

if (cluster.isPrimary) {
  const ports = (process.env.PORTS ?? '3000,3001,3002').split(',');
  // create one worker per port
  for (const port of ports) {
    cluster.fork({
      PORT: port,
    });
  }

  // set up the adapter on the primary thread
  setupPrimary();
} else {
  const db = await open({ filename: process.env.DB_FILE ?? 'chat.db' });
  await db.exec('PRAGMA journal_mode = WAL'); // so siochaos can read the file while the server writes it

  await db.exec(`
    CREATE TABLE IF NOT EXISTS messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        client_offset TEXT UNIQUE,
        content TEXT
    );
  `);

  const server = createServer((req, res) => res.writeHead(404).end());
  const io = new Server(server, {
    connectionStateRecovery: {},
    // set up the adapter on each worker thread
    adapter: createAdapter(),
  });

  io.on('connection', async (socket) => {
    socket.on('chat message', async (msg, clientOffset, callback) => {
      let result;
      try {
        result = await db.run('INSERT INTO messages (content, client_offset) VALUES (?, ?)', msg, clientOffset);
      } catch (e) {
        if (e.errno === 19 /* SQLITE_CONSTRAINT */) {
          callback();
        } else {
          // nothing to do, just let the client retry
        }
        return;
      }
      io.emit('chat message', msg, result.lastID);
      callback();
    });

    if (!socket.recovered) {
      try {
        await db.each('SELECT id, content FROM messages WHERE id > ?', [socket.handshake.auth.serverOffset || 0], (_err, row) => {
          socket.emit('chat message', row.content, row.id);
        });
      } catch (e) {
        // something went wrong
      }
    }
  });

  const port = process.env.PORT;

  server.listen(Number(port), '127.0.0.1', () => {
    console.log(`server running at http://127.0.0.1:${port}`);
  });
}
