import type { Fault } from '../Fault.js';
import { msParam } from '../process/msParam.js';
import { holdSqliteWriteLock } from './sqliteWriteLock.js';
import { sqliteUnavailable, targetSqliteOf } from './targetDatabaseOf.js';

/** How long the stall waits for the server's own write to finish before it has the lock. */
const LOCK_WAIT_MS = 5000;

/**
 * `sqlite-stall`: a second connection holds the write lock of the target's
 * SQLite file for `duration` ms. The server's inserts wait its busy timeout,
 * then fail with SQLITE_BUSY (not acked); reads go on. Heal releases the lock.
 *
 * @example
 * await injector.inject(sqliteStall, { duration: 3000 }, []);
 */
export const sqliteStall: Fault = {
  name: 'sqlite-stall',
  kind: 'database',
  summary: 'hold the write lock of the SQLite store for duration ms (inserts wait, then SQLITE_BUSY)',
  params: { duration: msParam('how long the lock is held', 5000, [100, 3000]) },
  scope: 'target',
  describe: (params) => `hold the write lock of the target's SQLite store for ${params.duration} ms`,
  unavailableReason: (context) => sqliteUnavailable('sqlite-stall', context.target),
  async inject(context, params) {
    const { file } = targetSqliteOf('sqlite-stall', context.target);
    const lock = await holdSqliteWriteLock(file, LOCK_WAIT_MS);
    const timer = setTimeout(() => void lock.release(), Number(params.duration));
    return {
      heal: async () => {
        clearTimeout(timer);
        await lock.release();
      },
    };
  },
};
