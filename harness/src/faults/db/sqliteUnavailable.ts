import createDebug from 'debug';
import type { Fault } from '../Fault.js';
import { msParam } from '../process/msParam.js';
import { processUnavailable, targetProcessOf } from '../process/targetProcessOf.js';
import { setSoftFileSizeLimit, softFileSizeLimit } from './fileSizeLimit.js';
import { sqliteUnavailable as sqliteReason, targetSqliteOf } from './targetDatabaseOf.js';

const debug = createDebug('siochaos:faults:db');

/**
 * `sqlite-unavailable`: the target's SQLite store fails every write for
 * `duration` ms. The target process's file-size limit (RLIMIT_FSIZE) is set to
 * 0, so every write SQLite makes to its WAL fails at once with a disk I/O error
 * (SQLITE_IOERR): the insert is not acked, nothing is stored, reads still
 * work. Heal restores the limit it found. Linux only (it runs `prlimit`).
 *
 * Why not chmod or a lock: the server keeps its files open (and may run as
 * root), so permissions do not stop it; an immutable file kills it with
 * SIGBUS through its mapped `-shm`; and no connection can take an exclusive
 * lock while the server holds its WAL read lock.
 *
 * @example
 * await injector.inject(sqliteUnavailable, { duration: 2000 }, []);
 */
export const sqliteUnavailable: Fault = {
  name: 'sqlite-unavailable',
  kind: 'database',
  summary: 'every write of the SQLite store fails (disk I/O error) for duration ms',
  params: { duration: msParam('how long writes fail', 3000, [100, 2000]) },
  scope: 'target',
  describe: (params) => `make every write of the target's SQLite store fail for ${params.duration} ms`,
  unavailableReason: (context) => sqliteReason('sqlite-unavailable', context.target) ?? processUnavailable('sqlite-unavailable', context.target),
  async inject(context, params) {
    targetSqliteOf('sqlite-unavailable', context.target);
    const control = targetProcessOf('sqlite-unavailable', context.target);
    const pid = control.pid();
    if (pid === undefined) {
      throw new Error('fault sqlite-unavailable: the target is not running, so its writes cannot be cut: heal the fault that stopped it first');
    }
    const before = await softFileSizeLimit(pid);
    await setSoftFileSizeLimit(pid, '0');
    debug('pid %d: file writes cut (soft RLIMIT_FSIZE 0, was %s)', pid, before);
    let restored: Promise<void> | undefined;
    const restore = (): Promise<void> =>
      (restored ??= (async () => {
        clearTimeout(timer);
        // A process that died meanwhile took its limit with it; a new one never had it.
        if (control.pid() !== pid) return;
        await setSoftFileSizeLimit(pid, before);
        debug('pid %d: file writes restored (soft RLIMIT_FSIZE %s)', pid, before);
      })());
    const timer = setTimeout(() => void restore().catch((err: unknown) => debug('restore failed: %s', (err as Error).message)), Number(params.duration));
    return {
      heal: async () => {
        try {
          await restore();
        } catch (err) {
          restored = undefined;
          throw err;
        }
      },
    };
  },
};
