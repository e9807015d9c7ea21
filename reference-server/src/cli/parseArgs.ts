import { parseArgs as parseNodeArgs } from 'node:util';
import { BUG_NAMES, BUGS, BugSet, isBugName, type BugName } from '../bugs.js';
import { DEFAULTS, type ServerConfig } from '../config.js';
import { isLoopbackHost } from '../loopback.js';
import { StartupError } from '../StartupError.js';
import { isTableName } from '../store/tableName.js';

/** What the command line asked for: run the server, or print the usage. */
export type ParsedArgs = { kind: 'run'; config: ServerConfig } | { kind: 'help'; text: string };

const OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  db: { type: 'string' },
  store: { type: 'string' },
  table: { type: 'string' },
  'busy-timeout': { type: 'string' },
  'query-timeout': { type: 'string' },
  bug: { type: 'string', multiple: true },
  'admin-port': { type: 'string' },
  'exit-with-stdin': { type: 'boolean' },
  'ping-interval': { type: 'string' },
  'ping-timeout': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * The usage text `--help` prints.
 *
 * @example
 * console.log(usage());
 */
export function usage(): string {
  const bugs = BUG_NAMES.map((name) => `  ${name.padEnd(27)} ${BUGS[name].description}`).join('\n');
  return `usage: node --import tsx reference-server/src/main.ts [options]

The Socket.IO tutorial's chat with exactly-once delivery, done right.
Prints one line to stdout when listening:
  {"event":"listening","host":"127.0.0.1","port":N,"adminPort":N|null}

options:
  --host HOST             loopback address to listen on (default ${DEFAULTS.host})
  --port N                port, 0 for any free port (default ${DEFAULTS.port})
  --db PATH               SQLite file (default ${DEFAULTS.db} when --store is not given)
  --store URL             PostgreSQL instead of SQLite: postgres://user@host:port/db
  --table NAME            messages table (default ${DEFAULTS.table})
  --busy-timeout MS       SQLite busy timeout (default ${DEFAULTS.busyTimeoutMs})
  --query-timeout MS      PostgreSQL statement/query timeout (default ${DEFAULTS.queryTimeoutMs})
  --bug NAME              plant a delivery bug (repeatable), see below
  --admin-port N          serve the failpoint admin endpoint on 127.0.0.1:N (0 = any)
  --exit-with-stdin       exit when stdin reaches EOF
  --ping-interval MS      Engine.IO ping interval (default ${DEFAULTS.pingIntervalMs})
  --ping-timeout MS       Engine.IO ping timeout (default ${DEFAULTS.pingTimeoutMs})
  -h, --help              print this and exit

bugs:
${bugs}
`;
}

/**
 * Parses the reference server's command line into a full `ServerConfig`.
 * Throws a `StartupError` that says what was wrong (exit code 2).
 *
 * @example
 * const parsed = parseArgs(['--port', '0', '--db', '/tmp/chat.sqlite', '--bug', 'no-unique']);
 * if (parsed.kind === 'run') console.log(parsed.config.port); // 0
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (err) {
    throw new StartupError(`${(err as Error).message}: run with --help for the options`);
  }
  if (values.help) return { kind: 'help', text: usage() };

  const host = values.host ?? DEFAULTS.host;
  if (!isLoopbackHost(host)) {
    throw new StartupError(
      `--host ${host} is not a loopback address: the reference server only listens on 127.0.0.1, ::1 or localhost`,
    );
  }
  if (values.db !== undefined && values.store !== undefined) {
    throw new StartupError('--db and --store were both given: choose SQLite (--db PATH) or PostgreSQL (--store URL)');
  }
  if (values.db === '') throw new StartupError('--db is empty: give the path of a SQLite file');
  if (values.store !== undefined && !/^postgres(ql)?:\/\//.test(values.store)) {
    throw new StartupError(`--store ${values.store} is not a PostgreSQL URL: use postgres://user@host:port/database`);
  }
  const table = values.table ?? DEFAULTS.table;
  if (!isTableName(table)) {
    throw new StartupError(
      `--table ${JSON.stringify(table)} is not a plain identifier: use letters, digits and underscores, starting with a letter or underscore`,
    );
  }

  const store =
    values.store !== undefined
      ? {
          kind: 'postgres' as const,
          url: values.store,
          queryTimeoutMs: integer('--query-timeout', values['query-timeout'], DEFAULTS.queryTimeoutMs, 1),
        }
      : {
          kind: 'sqlite' as const,
          path: values.db ?? DEFAULTS.db,
          busyTimeoutMs: integer('--busy-timeout', values['busy-timeout'], DEFAULTS.busyTimeoutMs, 0),
        };

  return {
    kind: 'run',
    config: {
      host,
      port: integer('--port', values.port, DEFAULTS.port, 0, 65535),
      store,
      table,
      bugs: new BugSet(bugNames(values.bug ?? [])),
      adminPort: values['admin-port'] === undefined ? null : integer('--admin-port', values['admin-port'], 0, 0, 65535),
      exitWithStdin: values['exit-with-stdin'] ?? false,
      pingIntervalMs: integer('--ping-interval', values['ping-interval'], DEFAULTS.pingIntervalMs, 1),
      pingTimeoutMs: integer('--ping-timeout', values['ping-timeout'], DEFAULTS.pingTimeoutMs, 1),
    },
  };
}

function parse(argv: readonly string[]) {
  return parseNodeArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false });
}

function bugNames(names: readonly string[]): BugName[] {
  const unknown = names.filter((name) => !isBugName(name));
  if (unknown.length > 0) {
    throw new StartupError(
      `unknown --bug ${unknown.join(', ')}: valid bugs are ${BUG_NAMES.join(', ')}`,
    );
  }
  return names.filter(isBugName);
}

function integer(flag: string, text: string | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (text === undefined) return fallback;
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new StartupError(`${flag} ${JSON.stringify(text)} is not an integer from ${min} to ${max}`);
  }
  return value;
}
