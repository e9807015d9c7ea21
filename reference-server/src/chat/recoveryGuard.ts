import type { Namespace } from 'socket.io';
import { createLogger } from '../log.js';
import { CHAT_EVENT } from './ChatContext.js';

const log = createLogger('recovery');

type NamespaceAdapter = Namespace['adapter'];
type RestoreSession = NamespaceAdapter['restoreSession'];
type RestoredSession = Awaited<ReturnType<RestoreSession>>;
type PrivateSessionId = Parameters<RestoreSession>[0];

/**
 * Makes the single node's connection state recovery (socket.io-adapter's
 * in-memory `SessionAwareAdapter`) safe for exactly-once delivery, by wrapping
 * the namespace adapter's `persistSession` and `restoreSession`:
 *
 * - A kept session is restored at most once, as the redis-streams adapter does
 *   (GETDEL): the in-memory adapter keeps it after a restore, so a client whose
 *   old connection the server still holds (a blackholed network: a stale twin)
 *   restored the same session again and again, and two sockets with one id
 *   were connected at once. Each ran a catch-up into the room of that id, and
 *   the next restore replayed them all (row 3 twice); when the twin closed, its
 *   cleanup (`leaveAll`, `nsp._remove`, both by id) took the new socket's rooms
 *   and its place in the namespace, and it heard no more live rows. Now a client
 *   whose session is in use gets a new socket, caught up from the table. A
 *   session is kept again when the restored socket closes.
 * - A restore whose replay would repeat a row, or go back in row order, is
 *   refused (a new socket, caught up from the table). The replay is every
 *   packet logged after the client's last offset to the rooms the socket had
 *   when it closed; when it joined the live room after that offset (a new
 *   socket whose catch-up never reached the client, which resumes from an
 *   offset of its previous socket), the replay holds the live rows from before
 *   the join and the catch-up's copies of them.
 *
 * Only for a single node: a node of several runs with an adapter that deletes
 * on restore (redis-streams) or restores nothing, and catches every socket up
 * from the table.
 *
 * @example
 * guardRecovery(io.of('/').adapter, DEFAULTS.maxDisconnectionDurationMs);
 */
export function guardRecovery(adapter: NamespaceAdapter, maxDisconnectionMs: number): void {
  const persist = adapter.persistSession.bind(adapter);
  const restore = adapter.restoreSession.bind(adapter);
  /** Sessions kept and not restored since, with when they were kept (in that order: a re-kept one moves to the end). */
  const restorable = new Map<PrivateSessionId, number>();

  adapter.persistSession = (session) => {
    const now = Date.now();
    for (const [pid, keptAt] of restorable) {
      if (keptAt + maxDisconnectionMs >= now) break;
      restorable.delete(pid);
    }
    restorable.delete(session.pid);
    restorable.set(session.pid, now);
    persist(session);
  };

  const guarded = async (pid: PrivateSessionId, offset: string): Promise<RestoredSession | null> => {
    if (!restorable.delete(pid)) {
      log.debug('session %s is in use or gone: not restored', pid);
      return null;
    }
    // The in-memory adapter answers null (no session, offset too old) although its type says Session.
    const session = (await restore(pid, offset)) as RestoredSession | null;
    if (session && !rowsAscend(session.missedPackets)) {
      log.debug('socket %s: replay from %s repeats rows or goes back (%s): not restored, caught up from the table', session.sid, offset, replayedRowIds(session.missedPackets).join(','));
      return null;
    }
    return session;
  };
  // socket.io's namespace takes a null session as "not restored".
  adapter.restoreSession = guarded as RestoreSession;
}

/** Whether the chat rows in a replay have strictly ascending ids. */
function rowsAscend(packets: readonly unknown[][]): boolean {
  const ids = replayedRowIds(packets);
  return ids.every((id, i) => i === 0 || id > ids[i - 1]!);
}

/** The row ids of the chat messages in a replay: `[CHAT_EVENT, content, id, offset]`. */
function replayedRowIds(packets: readonly unknown[][]): number[] {
  const ids: number[] = [];
  for (const data of packets) {
    const id = data[2];
    if (data[0] === CHAT_EVENT && typeof id === 'number') ids.push(id);
  }
  return ids;
}
