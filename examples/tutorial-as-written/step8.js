import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { Server } from 'socket.io';
import { open } from './db.js';

// The Socket.IO tutorial's server as its step 8 ("Client delivery") writes it:
// step 7 plus a client offset stored under a UNIQUE constraint, and an ack
// (`callback()`, called without checking that the client passed one). Only the
// port, the database file and serving the page without express differ from
// the tutorial.

const db = await open({ filename: process.env.DB_FILE ?? 'chat.db' });
await db.exec('PRAGMA journal_mode = WAL'); // so siochaos can read the file while the server writes it

await db.exec(`
  CREATE TABLE IF NOT EXISTS messages (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      client_offset TEXT UNIQUE,
      content TEXT
  );
`);

const page = await readFile(new URL('step8.html', import.meta.url));
const server = createServer((req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
const io = new Server(server, {
  connectionStateRecovery: {},
});

io.on('connection', async (socket) => {
  socket.on('chat message', async (msg, clientOffset, callback) => {
    let result;
    try {
      result = await db.run('INSERT INTO messages (content, client_offset) VALUES (?, ?)', msg, clientOffset);
    } catch (e) {
      if (e.errno === 19 /* SQLITE_CONSTRAINT */) {
        // the message was already inserted, so we notify the client
        callback();
      } else {
        // nothing to do, just let the client retry
      }
      return;
    }
    io.emit('chat message', msg, result.lastID);
    // acknowledge the event
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

server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(`server running at http://127.0.0.1:${server.address().port}`);
});
