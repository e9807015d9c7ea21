import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { Server } from 'socket.io';
import { open } from './db.js';

// The Socket.IO tutorial's server as its step 7 ("Server delivery") writes it:
// messages stored as (id, content) (the client_offset column exists but is
// not filled in yet), every stored message broadcast with its id, and a
// reconnecting client caught up from auth.serverOffset. No ack: the tutorial's
// step-7 page emits without one (at most once). Only the port, the database
// file and serving the page without express differ from the tutorial.

const db = await open({ filename: process.env.DB_FILE ?? 'chat.db' });
await db.exec('PRAGMA journal_mode = WAL'); // so siochaos can read the file while the server writes it

// create our 'messages' table (you can ignore the 'client_offset' column for now)
await db.exec(`
  CREATE TABLE IF NOT EXISTS messages (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      client_offset TEXT UNIQUE,
      content TEXT
  );
`);

const page = await readFile(new URL('step7.html', import.meta.url));
const server = createServer((req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
const io = new Server(server, {
  connectionStateRecovery: {},
});

io.on('connection', async (socket) => {
  socket.on('chat message', async (msg) => {
    let result;
    try {
      result = await db.run('INSERT INTO messages (content) VALUES (?)', msg);
    } catch (e) {
      // TODO handle the failure
      return;
    }
    io.emit('chat message', msg, result.lastID);
  });

  if (!socket.recovered) {
    // if the connection state recovery was not successful
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
