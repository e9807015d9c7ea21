import { serialize } from './serialize.js';

/** The room of sockets that are caught up: broadcasts go to it, never to everyone. */
const LIVE = 'live';

function log(...args) {
  if (process.env.CHAT_DEBUG) console.log(...args);
}

/**
 * The tutorial's chat, with its delivery guarantees kept under faults:
 *
 * - `chat message (content, clientOffset, ack?)`: insert (a client offset
 *   already stored is a retry: not stored again), broadcast every stored row
 *   not broadcast yet, in id order, then ack. A plain emit (no ack
 *   function, Socket.IO's default) is stored and broadcast the same, and
 *   answered to nobody. An ack means stored and broadcast; when either
 *   fails there is no ack and the client retries.
 *   Broadcasts come from the table, not from the insert: an insert whose
 *   reply was lost (the database connection cut after the commit) is still
 *   broadcast, by its retry or by the next message.
 * - A socket that connection state recovery restored into the live room
 *   needs nothing; any other socket gets the broadcast rows after its
 *   `auth.serverOffset`, in id order, and then joins the live room, with no
 *   broadcast in between.
 *
 * `bug: 'tutorial-broadcast'` broadcasts the row the insert returned instead;
 * `bug: 'double-broadcast'` sends every live broadcast twice;
 * `bug: 'catchup-race'` catches up as the tutorial does, beside the live
 * broadcasts (planted bugs).
 *
 * @example
 * const io = new Server(httpServer, { connectionStateRecovery: {} });
 * await attachChat(io, await openSqliteStore('chat.db', { unique: true }));
 */
export async function attachChat(io, store, { bug = '' } = {}) {
  const exclusive = serialize();
  // Rows stored before this process started are not broadcast live: sockets get them by catch-up.
  let broadcastUpTo = await store.highestId();

  /** Broadcasts what is stored but not broadcast yet. Holding the mutex. */
  async function broadcastStored() {
    for (const row of await store.after(broadcastUpTo, Number.MAX_SAFE_INTEGER)) {
      io.to(LIVE).emit('chat message', row.content, row.id);
      if (bug === 'double-broadcast') io.to(LIVE).emit('chat message', row.content, row.id);
      broadcastUpTo = row.id;
    }
  }

  io.on('connection', (socket) => {
    socket.on('chat message', (...args) => {
      // The ack function is the last argument when the client gave one: a plain emit has none.
      const ack = typeof args.at(-1) === 'function' ? args.pop() : () => {};
      const [content, clientOffset] = args;
      if (typeof content !== 'string' || typeof clientOffset !== 'string' || clientOffset === '') {
        ack({ error: 'send (content: string, clientOffset: non-empty string, ack)' });
        return;
      }
      exclusive(async () => {
        try {
          const result = await store.insert(content, clientOffset);
          if (result.kind === 'duplicate') log('%s is a retry of a stored message', clientOffset);
          if (bug !== 'tutorial-broadcast') await broadcastStored();
          else if (result.kind === 'inserted') {
            io.to(LIVE).emit('chat message', content, result.id);
            broadcastUpTo = result.id;
          }
        } catch (err) {
          console.error(`message ${clientOffset} not acknowledged (the client retries): ${err.message}`);
          return;
        }
        ack();
      });
    });

    if (socket.recovered && socket.rooms.has(LIVE)) return;
    void catchUp(socket);
  });

  async function catchUp(socket) {
    const offset = Number(socket.handshake.auth?.serverOffset);
    const after = Number.isSafeInteger(offset) && offset > 0 ? offset : 0;
    if (bug === 'catchup-race') {
      // The tutorial's step: live at once, the catch-up query beside the broadcasts.
      socket.join(LIVE);
      try {
        for (const row of await store.after(after, Number.MAX_SAFE_INTEGER)) socket.emit('chat message', row.content, row.id);
      } catch (err) {
        console.error(`catch-up of socket ${socket.id} failed: ${err.message}`);
      }
      return;
    }
    for (let wait = 250; socket.connected; wait = Math.min(wait * 2, 2000)) {
      try {
        await exclusive(async () => {
          const rows = await store.after(after, broadcastUpTo);
          if (!socket.connected) return;
          for (const row of rows) socket.emit('chat message', row.content, row.id);
          socket.join(LIVE);
          log('socket %s caught up from %d with %d rows', socket.id, after, rows.length);
        });
        return;
      } catch (err) {
        console.error(`catch-up of socket ${socket.id} failed, retrying in ${wait} ms: ${err.message}`);
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }
}
