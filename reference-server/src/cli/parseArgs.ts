import { parseArgs as parseNodeArgs } from 'node:util';
import { ALL_BUG_NAMES, BUG_NAMES, BUGS, BugSet, isBugName, isNodeBugName, NODE_BUG_NAMES, NODE_BUGS, type AnyBugName } from '../bugs.js';
import { ADAPTER_NAMES, DEFAULTS, type AdapterConfig, type AdapterName, type ServerConfig } from '../config.js';
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
  node: { type: 'string' },
  adapter: { type: 'string' },
  'adapter-url': { type: 'string' },
  'adapter-prefix': { type: 'string' },
  'poll-interval': { type: 'string' },
  workers: { type: 'string' },
  'worker-ports': { type: 'string' },
  'worker-admin-ports': { type: 'string' },
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
  const nodeBugs = NODE_BUG_NAMES.map(
    (name) => `  ${name.padEnd(27)} ${NODE_BUGS[name].description} (with --adapter ${NODE_BUGS[name].multiNode.adapters.join('|')})`,
  ).join('\n');
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
  --node NAME             this node's name (n0, n1...), in its log lines
  --adapter KIND          run as one of several nodes sharing the store, through a
                          Socket.IO adapter: ${ADAPTER_NAMES.join(', ')}, or cluster
  --workers N             with --adapter cluster: a node:cluster primary forks N
                          worker nodes n0..n(N-1), each on a port of its own (--port 0:
                          any; --port P: P, P+1...), joined by @socket.io/cluster-adapter;
                          it prints a listening line per worker, with its node and pid,
                          and a {"event":"worker-exit",...} line when one exits; SIGUSR2
                          to the primary forks every dead worker again on its ports
  --worker-ports P0,P1..  with --workers N: each worker's port (N of them), instead of
                          --port shifted by the worker's index
  --worker-admin-ports A0,A1..
                          with --workers N: each worker's admin port, instead of
                          --admin-port shifted
  --adapter-url URL       the adapter's backend: redis://host:port for redis and
                          redis-streams, postgres://user@host:port/db for postgres
  --adapter-prefix P      the adapter's key, channel and table prefix (default ${DEFAULTS.adapterPrefix})
  --poll-interval MS      with --adapter: read the table for other nodes' rows this
                          often (default ${DEFAULTS.pollIntervalMs})
  -h, --help              print this and exit

bugs:
${bugs}

multi-node bugs (with --adapter):
${nodeBugs}
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

  const node = nodeName(values.node);
  const workers = clusterWorkers(values.adapter, values.workers, values['adapter-url'], values['adapter-prefix']);
  const adapter = workers === null ? adapterConfig(values.adapter, values['adapter-url'], values['adapter-prefix']) : null;

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
      bugs: new BugSet(bugNames(values.bug ?? [], adapter !== null || workers !== null)),
      adminPort: values['admin-port'] === undefined ? null : integer('--admin-port', values['admin-port'], 0, 0, 65535),
      exitWithStdin: values['exit-with-stdin'] ?? false,
      pingIntervalMs: integer('--ping-interval', values['ping-interval'], DEFAULTS.pingIntervalMs, 1),
      pingTimeoutMs: integer('--ping-timeout', values['ping-timeout'], DEFAULTS.pingTimeoutMs, 1),
      node,
      adapter,
      pollIntervalMs: integer('--poll-interval', values['poll-interval'], DEFAULTS.pollIntervalMs, 10),
      workers,
      workerPorts: portList('--worker-ports', values['worker-ports'], workers),
      workerAdminPorts: portList('--worker-admin-ports', values['worker-admin-ports'], workers),
    },
  };
}

function parse(argv: readonly string[]) {
  return parseNodeArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false });
}

const NODE_NAME = /^[A-Za-z0-9_.-]{1,32}$/;
const ADAPTER_PREFIX = /^[A-Za-z_][A-Za-z0-9_:.-]{0,47}$/;

function nodeName(name: string | undefined): string | null {
  if (name === undefined) return null;
  if (!NODE_NAME.test(name)) {
    throw new StartupError(`--node ${JSON.stringify(name)} is not a node name: use 1 to 32 letters, digits, '.', '_' or '-' (n0, n1...)`);
  }
  return name;
}

/** `--adapter cluster --workers N`: the worker count; null for any other adapter (or none). */
function clusterWorkers(kind: string | undefined, workers: string | undefined, url: string | undefined, prefix: string | undefined): number | null {
  if (kind !== 'cluster') {
    if (workers !== undefined) throw new StartupError('--workers needs --adapter cluster');
    return null;
  }
  if (workers === undefined) throw new StartupError(`--adapter cluster needs --workers N (1 to ${DEFAULTS.maxWorkers})`);
  if (url !== undefined || prefix !== undefined) {
    throw new StartupError('--adapter cluster takes no --adapter-url or --adapter-prefix: its workers talk through the primary process');
  }
  return integer('--workers', workers, 0, 1, DEFAULTS.maxWorkers);
}

/** `--worker-ports 4001,4002`: one port per worker (1 to 65535, distinct); null when not given. */
function portList(flag: string, text: string | undefined, workers: number | null): number[] | null {
  if (text === undefined) return null;
  if (workers === null) throw new StartupError(`${flag} needs --adapter cluster --workers N`);
  const ports = text.split(',').map((part) => integer(flag, part.trim(), 0, 1, 65535));
  if (ports.length !== workers) throw new StartupError(`${flag} ${JSON.stringify(text)} gives ${ports.length} ports for ${workers} workers: give one per worker`);
  if (new Set(ports).size !== ports.length) throw new StartupError(`${flag} ${JSON.stringify(text)} names a port twice: give each worker its own`);
  return ports;
}

function isAdapterName(name: string): name is AdapterName {
  return (ADAPTER_NAMES as readonly string[]).includes(name);
}

function adapterConfig(kind: string | undefined, url: string | undefined, prefix: string | undefined): AdapterConfig | null {
  if (kind === undefined) {
    if (url !== undefined || prefix !== undefined) {
      throw new StartupError('--adapter-url and --adapter-prefix need --adapter: give --adapter redis, redis-streams or postgres');
    }
    return null;
  }
  if (!isAdapterName(kind)) {
    throw new StartupError(`unknown --adapter ${JSON.stringify(kind)}: valid adapters are ${ADAPTER_NAMES.join(', ')}, cluster`);
  }
  const scheme = kind === 'postgres' ? /^postgres(ql)?:\/\// : /^rediss?:\/\//;
  const example = kind === 'postgres' ? 'postgres://user@host:port/database' : 'redis://host:port';
  if (url === undefined) throw new StartupError(`--adapter ${kind} needs --adapter-url ${example}`);
  if (!scheme.test(url)) throw new StartupError(`--adapter-url ${url} is not a URL the ${kind} adapter can use: give ${example}`);
  const chosen = prefix ?? DEFAULTS.adapterPrefix;
  if (!ADAPTER_PREFIX.test(chosen)) {
    throw new StartupError(
      `--adapter-prefix ${JSON.stringify(chosen)} is not a plain prefix: use 1 to 48 letters, digits, '_', ':', '.' or '-', starting with a letter or '_'`,
    );
  }
  return { kind, url, prefix: chosen };
}

function isAnyBugName(name: string): name is AnyBugName {
  return isBugName(name) || isNodeBugName(name);
}

function bugNames(names: readonly string[], multiNode: boolean): AnyBugName[] {
  const unknown = names.filter((name) => !isAnyBugName(name));
  if (unknown.length > 0) {
    throw new StartupError(
      `unknown --bug ${unknown.join(', ')}: valid bugs are ${ALL_BUG_NAMES.join(', ')}`,
    );
  }
  const nodeBugs = names.filter(isNodeBugName);
  if (nodeBugs.length > 0 && !multiNode) {
    throw new StartupError(`--bug ${nodeBugs.join(', ')} is a multi-node bug: it needs --adapter (a node of several)`);
  }
  return names.filter(isAnyBugName);
}

function integer(flag: string, text: string | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (text === undefined) return fallback;
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new StartupError(`${flag} ${JSON.stringify(text)} is not an integer from ${min} to ${max}`);
  }
  return value;
}
