import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { Server } from 'socket.io';

// A chat that speaks in objects and keeps its messages in an append-only
// JSON-lines file, not a database: a style unlike the tutorial's.
//
// - `message ({ clientId, seq, text }, ack)`: a (clientId, seq) pair seen
//   before is a retry and is acked with the id it was stored under; a new one
//   is appended to the file, broadcast as `message ({ id, clientId, seq, text })`
//   and acked with `{ ok: true, id }`. A malformed payload is acked with
//   `{ ok: false, error }` and stored nowhere.
// - A socket that connection state recovery did not restore gets every message
//   after `auth.lastId`, then the live broadcasts.
// Every handler runs to its end without awaiting anything, so no broadcast can
// slip between a catch-up and the next live message, and ids leave in order.
//
// PORT (default 3000) and DATA_DIR (default .) come from the environment;
// OBJECT_CHAT_BUG=no-dedupe plants a bug: a retry is stored again.
// GET /messages answers the stored messages as JSON.

const port = Number(process.env.PORT ?? 3000);
const dedupe = process.env.OBJECT_CHAT_BUG !== 'no-dedupe';
const file = path.join(process.env.DATA_DIR ?? '.', 'messages.jsonl');

/** @type {{ id: number, clientId: string, seq: number, text: string }[]} */
const messages = existsSync(file)
  ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line))
  : [];
const idOf = new Map(messages.map((m) => [`${m.clientId}\u0000${m.seq}`, m.id]));

const httpServer = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/messages') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(messages));
  } else {
    res.writeHead(404).end();
  }
});
const io = new Server(httpServer, { connectionStateRecovery: {} });

function wellFormed(payload) {
  return (
    payload !== null &&
    typeof payload === 'object' &&
    typeof payload.clientId === 'string' &&
    payload.clientId !== '' &&
    Number.isSafeInteger(payload.seq) &&
    typeof payload.text === 'string'
  );
}

io.on('connection', (socket) => {
  socket.on('message', (payload, ack) => {
    const reply = typeof ack === 'function' ? ack : () => {};
    if (!wellFormed(payload)) {
      reply({ ok: false, error: 'send { clientId: string, seq: integer, text: string }' });
      return;
    }
    const key = `${payload.clientId}\u0000${payload.seq}`;
    const known = idOf.get(key);
    if (known !== undefined && dedupe) {
      reply({ ok: true, id: known });
      return;
    }
    const message = { id: messages.length + 1, clientId: payload.clientId, seq: payload.seq, text: payload.text };
    appendFileSync(file, `${JSON.stringify(message)}\n`);
    messages.push(message);
    idOf.set(key, message.id);
    io.to('live').emit('message', message);
    reply({ ok: true, id: message.id });
  });

  if (socket.recovered && socket.rooms.has('live')) return;
  const lastId = Number(socket.handshake.auth?.lastId);
  for (const message of messages.slice(Number.isSafeInteger(lastId) && lastId > 0 ? lastId : 0)) socket.emit('message', message);
  socket.join('live');
});

httpServer.listen(port, '127.0.0.1', () => {
  console.log(`object chat listening on http://127.0.0.1:${httpServer.address().port}`);
});
