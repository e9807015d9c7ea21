import type { FaultStartEvent } from '../history/events.js';

/** The lane of a timeline that is not a client's. */
export type SharedLane = 'server' | 'database';

/** Where a fault shows on a timeline, and what kind of fault it is. */
export interface FaultPlacement {
  /** Client names, or `server` / `database` for faults that hit the target itself. */
  lanes: string[];
  /** `network`, `process`, `database` or `client` when the event says; guessed from the name otherwise. */
  kind: string;
  /** Whether the fault takes the server process down (a crash or kill): its start is a crash, its end a restart. */
  crash: boolean;
}

const DATABASE_NAME = /(^|[-_])(db|database|store|sqlite|postgres|pg|redis)([-_]|$)/i;
const PROCESS_NAME = /(crash|kill|restart|sigkill|sigterm|sigstop|pause|freeze|stop|suspend|process)/i;
const CLIENT_NAME = /^client[-_]/i;
const CRASH_NAME = /(crash|kill|restart|sigkill|sigterm)/i;

/**
 * Where a fault belongs on a timeline: on the lanes of the clients it hits, on
 * the database lane for database faults, on the server lane for the rest of
 * the target faults. Reads `kind` from the event when the recorder put it
 * there, and guesses from the fault's name when not (the registry's names:
 * `crash`, `restart`, `crash-at`, `pause`, `sqlite-*`, `db-*`, `client-*`).
 *
 * @example
 * placeFault({ type: 'fault-start', t: 5, id: 1, fault: 'kill', params: {}, clients: [], description: 'SIGKILL the server' });
 * // { lanes: ['server'], kind: 'process', crash: true }
 */
export function placeFault(event: FaultStartEvent): FaultPlacement {
  const declared = (event as FaultStartEvent & { kind?: unknown }).kind;
  const kind =
    typeof declared === 'string'
      ? declared
      : event.clients.length > 0
        ? CLIENT_NAME.test(event.fault)
          ? 'client'
          : 'network'
        : DATABASE_NAME.test(event.fault)
          ? 'database'
          : PROCESS_NAME.test(event.fault)
            ? 'process'
            : 'network';
  const crash = kind === 'process' && (CRASH_NAME.test(event.fault) || CRASH_NAME.test(event.description));
  if (event.clients.length > 0) return { lanes: [...event.clients], kind, crash };
  return { lanes: [kind === 'database' ? 'database' : 'server'], kind, crash };
}
