import { z } from 'zod';

/**
 * The schema of `siochaos.config.{ts,js,json}`. Every field carries an example
 * that error messages show. Types of the config are inferred from it. It is a
 * model file (zod only) because targets, stores and protocols read their part
 * of it; config/ resolves a whole config from it.
 */

const ex = (example: unknown) => ({ example });

const duration = z
  .union([z.number().int().positive(), z.string().regex(/^\d+(\.\d+)?(ms|s|m|h)?$/)])
  .meta(ex('30s'));

const placeholders = 'placeholders: {port}, {host}, {dataDir}, {db}, {databaseUrl}; with nodes also {node}, {ports}, {redisUrl}, {redisPrefix}, {adapterUrl}; with {ports} also {databaseUrls}, {redisUrls}, {adapterUrls} (one URL per node)';

/** A sample value per placeholder, to check a field's shape before siochaos fills the real ones in. */
const SAMPLE_PLACEHOLDERS: Record<string, string> = { port: '3000', host: '127.0.0.1', databaseUrl: 'postgres://127.0.0.1/x' };

/**
 * An http(s) URL that may hold `{port}` and the other placeholders: checked
 * with each placeholder filled in with a sample, since the real values (a port
 * siochaos picks) are only known when a scenario starts.
 */
const httpUrlWithPlaceholders = z.string().refine((text) => {
  try {
    return /^https?:$/.test(new URL(text.replace(/\{(\w+)\}/g, (_, name: string) => SAMPLE_PLACEHOLDERS[name] ?? 'x')).protocol);
  } catch {
    return false;
  }
}, 'must be an http(s) URL ({port} and the other placeholders are filled in when the target starts)');

/**
 * The Socket.IO adapters the reference server runs its nodes with: one
 * process per node with `redis`, `redis-streams` or `postgres`; one
 * node:cluster process with a worker per node with `cluster`.
 */
export const REFERENCE_ADAPTERS = ['redis', 'redis-streams', 'postgres', 'cluster'] as const;

/** Why the reference target with the cluster adapter refuses `store: 'postgres'`. */
export const CLUSTER_NEEDS_SQLITE = "the reference server's cluster workers share one SQLite file: leave store out (or set store: 'sqlite') with adapter cluster";

/** The most nodes a reference target runs. */
export const MAX_REFERENCE_NODES = 8;

/**
 * How the load balancer in front of a multi-node target picks a client's
 * node: `sticky` (the default) keeps it on its node unless moved or failed
 * over; `roaming` sends each reconnect to another node (websocket only:
 * polling needs sticky sessions).
 */
export const BALANCER_MODES = ['sticky', 'roaming'] as const;

/** The reference server, optionally with planted bugs, as one process or several nodes. */
export const referenceTargetSchema = z
  .object({
    kind: z.literal('reference'),
    bugs: z.array(z.string()).optional().meta(ex(['no-unique'])),
    /** Default `sqlite` for one node, `postgres` (one table all nodes share) for several; `sqlite` (one file its workers share) with the cluster adapter. */
    store: z.enum(['sqlite', 'postgres']).optional().meta(ex('sqlite')),
    /** How many node processes (default 1); more than one need an adapter. */
    nodes: z.number().int().min(1).max(MAX_REFERENCE_NODES).optional().meta(ex(3)),
    /** The Socket.IO adapter between the nodes. */
    adapter: z.enum(REFERENCE_ADAPTERS).optional().meta(ex('redis')),
    /** How clients are spread over the nodes: `sticky` (default) or `roaming` (websocket only). */
    balancer: z.enum(BALANCER_MODES).optional().meta(ex('sticky')),
  })
  .superRefine((target, ctx) => {
    const issue = (message: string, path: string) => ctx.addIssue({ code: 'custom', message, path: [path] });
    const nodes = target.nodes ?? 1;
    if (nodes > 1 && target.adapter === undefined) issue(`${nodes} nodes need an adapter between them: set adapter to one of ${REFERENCE_ADAPTERS.join(', ')}`, 'adapter');
    if (nodes === 1 && target.adapter !== undefined) issue(`adapter ${target.adapter} is between nodes: set nodes (e.g. nodes: 3)`, 'adapter');
    if (target.adapter === 'cluster' && target.store === 'postgres') issue(CLUSTER_NEEDS_SQLITE, 'store');
    if (nodes === 1 && target.balancer !== undefined) issue(`balancer ${target.balancer} spreads clients over nodes: set nodes (e.g. nodes: 3)`, 'balancer');
  });

/** The placeholders a command target with `nodes` may use (any other is a mistake). */
export const NODE_PLACEHOLDERS = [
  'port', 'ports', 'host', 'dataDir', 'db', 'databaseUrl', 'node', 'redisUrl', 'redisPrefix', 'adapterUrl', 'databaseUrls', 'redisUrls', 'adapterUrls',
] as const;

/** With `{ports}`: one URL per node, comma-separated, each through a proxy of that node's own (instead of one URL the workers share). */
const NODE_URL_LISTS = ['databaseUrls', 'redisUrls', 'adapterUrls'] as const;

/** A server the harness starts from a command line. */
export const commandTargetSchema = z
  .object({
    kind: z.literal('command'),
    command: z.array(z.string()).min(1).meta({ ...ex(['node', 'server.js', '--port', '{port}']), description: placeholders }),
    cwd: z.string().optional().meta(ex('./examples/chat')),
    env: z.record(z.string(), z.string()).optional().meta(ex({ PORT: '{port}', DB_FILE: '{db}' })),
    /** Ready when this regular expression matches a line of its output; else when the port accepts connections. */
    readyLog: z.string().optional().meta(ex('listening on')),
    startTimeout: duration.optional(),
    /**
     * How many nodes: with `{ports}`, one command opening that many ports (node:cluster); else that many commands, each
     * with its own {node}, {port}, {redisUrl}, {redisPrefix}, {adapterUrl} and {databaseUrl}.
     */
    nodes: z.number().int().min(1).max(16).optional().meta(ex(3)),
    /** The Socket.IO adapter between the nodes, for adapter faults (`cluster` needs `{ports}`). */
    adapter: z.enum(['redis', 'redis-streams', 'postgres', 'cluster']).optional().meta(ex('redis-streams')),
    /** How clients are spread over the nodes: `sticky` (default) or `roaming` (websocket only). */
    balancer: z.enum(BALANCER_MODES).optional().meta(ex('sticky')),
  })
  .superRefine((target, context) => {
    const used = [...target.command, ...Object.values(target.env ?? {})].flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!));
    const issue = (message: string, path: string) => context.addIssue({ code: 'custom', message, path: [path] });
    if (used.includes('ports') && target.nodes === undefined) issue('{ports} opens one port per node: set nodes (e.g. nodes: 3)', 'nodes');
    if (target.adapter !== undefined && target.nodes === undefined) issue(`adapter ${target.adapter} is between nodes: set nodes (e.g. nodes: 2)`, 'adapter');
    if (target.balancer !== undefined && (target.nodes ?? 1) < 2) issue(`balancer ${target.balancer} spreads clients over nodes: set nodes (e.g. nodes: 3)`, 'balancer');
    if (target.nodes === undefined) return;
    const unknown = [...new Set(used.filter((name) => !(NODE_PLACEHOLDERS as readonly string[]).includes(name)))];
    if (unknown.length) issue(`unknown placeholder ${unknown.map((n) => `{${n}}`).join(', ')}: use ${NODE_PLACEHOLDERS.map((n) => `{${n}}`).join(', ')}`, 'command');
    const cluster = used.includes('ports');
    if (!cluster && target.nodes > 1 && !used.includes('port'))
      issue(`${target.nodes} commands cannot all listen on one port: give each its {port} (or one command {ports})`, 'nodes');
    if (cluster && target.nodes < 2) issue('{ports} is for one command opening several ports: set nodes to 2 or more', 'nodes');
    for (const list of NODE_URL_LISTS) {
      const one = list.slice(0, -1);
      if (used.includes(list) && !cluster) issue(`{${list}} gives one command every node's URL: it goes with {ports}; N commands each take their {${one}}`, 'command');
      if (used.includes(list) && used.includes(one)) issue(`{${one}} and {${list}} both: give the workers their own URLs ({${list}}) or one they share ({${one}})`, 'command');
    }
    // A Redis adapter's URL is the Redis URL: one proxy pool for both.
    const redisPair = target.adapter !== 'postgres' && ((used.includes('adapterUrls') && used.includes('redisUrl')) || (used.includes('redisUrls') && used.includes('adapterUrl')));
    if (redisPair) issue('with a Redis adapter, {adapterUrl} is {redisUrl}: use {redisUrls} and {adapterUrls} together, or neither', 'command');
    if (target.adapter === 'cluster' && !cluster) issue('the cluster adapter runs between node:cluster workers of one command: open the ports with {ports}', 'adapter');
  });

/** A server already running on this machine: process faults are unavailable. */
export const urlTargetSchema = z.object({
  kind: z.literal('url'),
  url: z
    .string()
    .regex(/^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\]):\d+\/?$/, 'must be a loopback http URL with a port')
    .meta(ex('http://127.0.0.1:3000')),
});

export const targetSchema = z.discriminatedUnion('kind', [referenceTargetSchema, commandTargetSchema, urlTargetSchema]);

/** Maps the target's own stored fields to what the checker needs. */
export const fieldsSchema = z
  .object({
    offset: z.string().optional().meta(ex('id')),
    msg: z.string().optional().meta(ex('client_offset')),
    client: z.string().optional().meta(ex('client_id')),
    seq: z.string().optional().meta(ex('seq')),
    content: z.string().optional().meta(ex('content')),
  })
  .meta(ex({ offset: 'id', msg: 'client_offset', content: 'content' }));

export const storeSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('sqlite'),
    file: z.string().meta(ex('{dataDir}/chat.sqlite')),
    query: z.string().meta(ex('SELECT id, client_offset, content FROM messages ORDER BY id')),
    reset: z.string().optional().meta(ex('DELETE FROM messages')),
    fields: fieldsSchema.optional(),
  }),
  z.object({
    kind: z.literal('postgres'),
    url: z.string().meta(ex('postgres://postgres@127.0.0.1:5432/test')),
    query: z.string().meta(ex('SELECT id, client_offset, content FROM messages ORDER BY id')),
    reset: z.string().optional().meta(ex('TRUNCATE messages RESTART IDENTITY')),
    fields: fieldsSchema.optional(),
  }),
  z.object({
    kind: z.literal('http'),
    url: httpUrlWithPlaceholders.meta(ex('http://127.0.0.1:{port}/messages')),
    fields: fieldsSchema.optional(),
  }),
  z.object({ kind: z.literal('none') }),
]);

/** The target's database, so the harness can put it behind its own proxy or stall it. */
export const databaseSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('postgres'),
    url: z.string().meta(ex('postgres://postgres@127.0.0.1:5432/test')),
    /** The target gets the proxied URL through this environment variable (and the {databaseUrl} placeholder). */
    env: z.string().optional().meta(ex('DATABASE_URL')),
  }),
  z.object({ kind: z.literal('sqlite'), file: z.string().meta(ex('{dataDir}/chat.sqlite')) }),
]);

/** How a target speaks, when it is not the tutorial's protocol. */
export const protocolSchema = z.object({
  sendEvent: z.string().optional().meta(ex('chat message')),
  broadcastEvent: z.string().optional().meta(ex('chat message')),
  /** `positional`: emit(content, clientOffset); `object`: emit({ clientId, seq, text }). */
  payload: z.enum(['positional', 'object']).optional().meta(ex('positional')),
  /** Field names of an object payload and of an object broadcast. */
  objectFields: z
    .object({ clientId: z.string(), seq: z.string(), content: z.string(), offset: z.string() })
    .partial()
    .optional()
    .meta(ex({ clientId: 'clientId', seq: 'seq', content: 'text', offset: 'id' })),
  /** An ack is positive unless it has this field set (tutorial: `error`), or when this field is true (`ok`). */
  ackOkField: z.string().optional().meta(ex('ok')),
  /** The auth key a reconnecting client sends its last server offset in. */
  authOffsetKey: z.string().optional().meta(ex('serverOffset')),
  /** A module whose default export implements the Protocol contract, instead of the fields above. */
  module: z.string().optional().meta(ex('./my-protocol.ts')),
});

/** Which message texts scenarios draw. */
export const textsSchema = z
  .object({
    /** Draw the empty string as a message text too (default false: many servers refuse it). */
    empty: z.boolean().optional().meta(ex(true)),
  })
  .strict();

/** Browser clients: the target's own page in headless Chromium. */
export const browserSchema = z.object({
  /** How many of the clients are browsers. */
  clients: z.number().int().min(0).meta(ex(1)),
  /** The page's path on the target. */
  path: z.string().optional().meta(ex('/')),
  input: z.string().meta(ex('#input')),
  send: z.string().optional().meta(ex('#form button')),
  messages: z.string().meta(ex('#messages li')),
});

export const configSchema = z
  .object({
    /** Where editors find this file's JSON Schema (harness/schema/config.schema.json, generated from this definition). */
    $schema: z.string().optional().meta(ex('./node_modules/siochaos/harness/schema/config.schema.json')),
    name: z.string().regex(/^[\w.-]+$/).optional().meta(ex('nightly')),
    seed: z.number().int().optional().meta(ex(42)),
    runs: z.number().int().positive().optional().meta(ex(100)),
    time: duration.optional(),
    clients: z.number().int().min(1).max(200).optional().meta(ex(3)),
    strategy: z.string().optional().meta(ex('queued-retry')),
    retries: z.number().int().min(-1).optional().meta(ex(3)),
    ackTimeout: duration.optional(),
    transport: z.enum(['websocket', 'polling', 'upgrade', 'any']).optional().meta(ex('any')),
    maxCommands: z.number().int().min(1).max(200).optional().meta(ex(15)),
    scenario: z.string().optional().meta(ex('everything')),
    target: targetSchema.optional().meta(ex({ kind: 'command', command: ['node', 'server.js'] })),
    protocol: protocolSchema.optional(),
    store: storeSchema.optional().meta(ex({ kind: 'sqlite', file: '{db}', query: 'SELECT id, client_offset, content FROM messages' })),
    database: databaseSchema.optional(),
    browser: browserSchema.optional(),
    texts: textsSchema.optional().meta(ex({ empty: true })),
    reporters: z.array(z.string()).optional().meta(ex(['console', 'json', 'html'])),
    /** Shrinking: a candidate counts as failing when it fails in `failures` of `tries` runs; `time` is its budget (as `--shrink-time`, default 90s). */
    shrink: z
      .object({ tries: z.number().int().min(1).max(20).optional(), failures: z.number().int().min(1).max(20).optional(), time: duration.optional() })
      .strict()
      .optional()
      .meta(ex({ tries: 3, failures: 1, time: '30s' })),
    reportsDir: z.string().optional().meta(ex('reports')),
    /** How many scenarios run at once, each with its own target and proxies (default: half the cores, at least 1, against the reference server; 1 against your own). */
    workers: z.number().int().min(1).optional().meta(ex(2)),
    /** Run only part i of n of the campaign (the scenarios at indices k with k mod n == i-1), as `--shard i/n`. */
    shard: z
      .string()
      .regex(/^\d+\/\d+$/)
      .optional()
      .meta(ex('2/4')),
  })
  .strict();

/** What `siochaos.config.*` may contain. */
export type SiochaosConfig = z.infer<typeof configSchema>;
export type TargetFileConfig = z.infer<typeof targetSchema>;
export type StoreConfig = z.infer<typeof storeSchema>;
export type DatabaseConfig = z.infer<typeof databaseSchema>;
export type ProtocolConfig = z.infer<typeof protocolSchema>;
export type BrowserConfig = z.infer<typeof browserSchema>;
export type FieldsConfig = z.infer<typeof fieldsSchema>;
export type TextsConfig = z.infer<typeof textsSchema>;

/** The reference server as the target, optionally with planted bugs. */
export type ReferenceTargetConfig = Extract<TargetFileConfig, { kind: 'reference' }>;
/** A server the harness starts from a command line. */
export type CommandTargetConfig = Extract<TargetFileConfig, { kind: 'command' }>;
/** A server already running, reached by URL. */
export type UrlTargetConfig = Extract<TargetFileConfig, { kind: 'url' }>;
