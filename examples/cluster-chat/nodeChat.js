import { serialize } from '../tutorial-chat/serialize.js';

/** The room of this node's sockets that are caught up: rows are published to it, never to everyone. */
const LIVE = 'live';

/** What a node tells the others after it stored a message: "read the table". */
const NEW_ROWS = 'chat rows';

/**
 * The tutorial's chat as one node of several that share one store, with its
 * delivery guarantees kept whatever the adapter between the nodes does:
 *
 * - `chat message (content, clientOffset, ack?)`: insert (a client offset
 *   already stored is a retry: not stored again), publish, then ack, then
 *   tell the other nodes (`io.serverSideEmit`). No ack when the store fails:
 *   the client retries, maybe on another node, and UNIQUE keeps it once.
 * - Publishing reads the table: every row after the last one this node
 *   published, in id order, to this node's caught-up sockets only
 *   (`io.local`). Every node publishes every row to its own sockets, so a row
 *   reaches each client once, in id order, whichever node stored it. The
 *   table is read on a message of this node's own, when another node says it
 *   stored one, and every `pollMs` (the adapter may lose that word: a node
 *   cut from Redis, a worker restarted).
 * - Every connection is caught up from the table, after its
 *   `auth.serverOffset`, and only then joins the live room, with nothing
 *   published in between. `socket.recovered` is not trusted: the cluster
 *   adapter never recovers a session, and a session recovered by the Redis
 *   Streams adapter holds only what the adapter broadcast, not the rows this
 *   node published locally.
 *
 * The store needs `insert(content, clientOffset)` → `{ kind: 'inserted' | 'duplicate' }`,
 * `after(offset, upTo)` → rows `{ id, content }` in id order, and `highestId()`,
 * and must commit rows in id order (SQLite does; PostgreSQL needs a lock:
 * see ../postgres-chat/pgStore.js, `serialIds`).
 *
 * @example
 * const io = new Server(httpServer, { adapter: createAdapter() });
 * const chat = await attachNodeChat(io, store, { pollMs: 300 });
 * // on shutdown:
 * chat.close();
 */
export async function attachNodeChat(io, store, { pollMs = 300, log = () => {} } = {}) {
  const exclusive = serialize();
  // Rows stored before this node started reach its sockets by catch-up.
  let publishedUpTo = await store.highestId();

  /** Publishes what is stored but not published by this node yet. Holding the mutex. */
  async function publish() {
    for (const row of await store.after(publishedUpTo, Number.MAX_SAFE_INTEGER)) {
      io.local.to(LIVE).emit('chat message', row.content, row.id);
      publishedUpTo = row.id;
    }
  }

  let queued = false;
  /** Publishes soon (once, however often it is asked before it runs). */
  function publishSoon() {
    if (queued) return;
    queued = true;
    exclusive(async () => {
      queued = false;
      await publish();
    }).catch((err) => console.error(`publishing failed (the next read of the table publishes it): ${err.message}`));
  }

  io.on(NEW_ROWS, publishSoon);
  const poller = setInterval(publishSoon, pollMs);
  poller.unref();

  io.on('connection', (socket) => {
    // A session the adapter recovered comes back in its rooms: out of the live room until it is caught up.
    socket.leave(LIVE);
    socket.on('chat message', (...args) => {
      // The ack function is the last argument when the client gave one: a plain emit has none.
      const ack = typeof args.at(-1) === 'function' ? args.pop() : () => {};
      const [content, clientOffset] = args;
      if (typeof content !== 'string' || typeof clientOffset !== 'string' || clientOffset === '') {
        ack({ error: 'send (content: string, clientOffset: non-empty string, ack)' });
        return;
      }
      exclusive(async () => {
        const result = await store.insert(content, clientOffset);
        if (result.kind === 'duplicate') log('%s is a retry of a stored message', clientOffset);
        await publish();
      }).then(
        () => {
          ack();
          try {
            io.serverSideEmit(NEW_ROWS);
          } catch (err) {
            log('cannot tell the other nodes: %s', err.message);
          }
        },
        (err) => console.error(`message ${clientOffset} not acknowledged (the client retries): ${err.message}`),
      );
    });
    void catchUp(socket);
  });

  /** The rows after the socket's offset, then the live room; tried again while the store fails and the socket is there. */
  async function catchUp(socket) {
    const offset = Number(socket.handshake.auth?.serverOffset);
    const after = Number.isSafeInteger(offset) && offset > 0 ? offset : 0;
    for (let wait = 250; socket.connected; wait = Math.min(wait * 2, 2000)) {
      try {
        await exclusive(async () => {
          const rows = await store.after(after, publishedUpTo);
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

  return { close: () => clearInterval(poller) };
}
