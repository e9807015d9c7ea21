import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger, errorMessage } from '../log.js';
import type { Failpoints } from './Failpoints.js';
import {
  ERROR_POINTS,
  FAILPOINT_ACTIONS,
  FAILPOINT_NAMES,
  isFailpointAction,
  isFailpointName,
  type FailpointName,
} from './points.js';

const log = createLogger('admin');
const MAX_BODY_BYTES = 64 * 1024;

/** What the admin server needs from the chat server. */
export interface AdminServerOptions {
  /** Port on 127.0.0.1; 0 for any free port. */
  port: number;
  failpoints: Failpoints;
  /**
   * Why `point` is never reached by this server's message handler (its bugs
   * decide the order of ack and broadcast), or undefined when it is reached.
   */
  unreachable(point: FailpointName): string | undefined;
}

/** A running admin endpoint. */
export interface AdminServer {
  readonly port: number;
  close(): Promise<void>;
}

class BadRequest extends Error {}

/**
 * Starts the admin endpoint on 127.0.0.1 that arms failpoints:
 * `POST /failpoints` (content-type application/json) with
 * `{ "point", "action": "crash" | "error", "times"? }`,
 * `DELETE /failpoints` disarms all, `GET /failpoints` lists what is armed and
 * every point. Bad requests get 400 with `{ "error": "<what was wrong>" }`.
 *
 * @example
 * const admin = await startAdminServer({ port: 0, failpoints, unreachable: () => undefined });
 * // curl -X POST localhost:$PORT/failpoints -d '{"point":"before-insert","action":"crash","times":1}'
 */
export function startAdminServer(options: AdminServerOptions): Promise<AdminServer> {
  const server = http.createServer((req, res) => {
    handle(options, req)
      .then(({ status, body }) => reply(res, status, body))
      .catch((err: unknown) => {
        const status = err instanceof BadRequest ? 400 : 500;
        if (status === 500) log.warn('admin request failed: %s', errorMessage(err));
        reply(res, status, { error: errorMessage(err) });
      });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port, host: '127.0.0.1', exclusive: true }, () => {
      server.off('error', reject);
      server.on('error', (err) => log.warn('admin server error: %s', errorMessage(err)));
      const { port } = server.address() as AddressInfo;
      log.debug('admin endpoint on 127.0.0.1:%d', port);
      resolve({
        port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

async function handle(
  options: AdminServerOptions,
  req: http.IncomingMessage,
): Promise<{ status: number; body: unknown }> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path !== '/failpoints') {
    return { status: 404, body: { error: `no such path ${path}: the admin endpoint serves /failpoints only` } };
  }
  switch (req.method) {
    case 'GET':
      return { status: 200, body: describe(options) };
    case 'DELETE':
      return { status: 200, body: { disarmed: options.failpoints.disarmAll() } };
    case 'POST': {
      // A browser page may not arm failpoints: a JSON content type forces a CORS preflight we never answer.
      if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
        return { status: 415, body: { error: 'POST /failpoints needs content-type: application/json' } };
      }
      const request = parseArmRequest(await readBody(req));
      const reason = options.unreachable(request.point);
      if (reason) throw new BadRequest(reason);
      return { status: 200, body: { armed: options.failpoints.arm(request.point, request.action, request.times) } };
    }
    default:
      return { status: 405, body: { error: `method ${req.method} not allowed on /failpoints: use GET, POST or DELETE` } };
  }
}

function describe(options: AdminServerOptions): unknown {
  return {
    armed: options.failpoints.list(),
    points: FAILPOINT_NAMES.map((point) => {
      const reason = options.unreachable(point);
      return { point, reachable: reason === undefined, ...(reason ? { reason } : {}) };
    }),
    actions: FAILPOINT_ACTIONS,
  };
}

/**
 * Validates the body of `POST /failpoints`.
 *
 * @example
 * parseArmRequest('{"point":"before-insert","action":"crash"}'); // { point: 'before-insert', action: 'crash', times: 1 }
 */
export function parseArmRequest(text: string): { point: FailpointName; action: 'crash' | 'error'; times: number } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new BadRequest('body is not JSON: send {"point": "<point>", "action": "crash", "times": 1}');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequest('body must be a JSON object like {"point": "<point>", "action": "crash", "times": 1}');
  }
  const { point, action, times = 1 } = body as Record<string, unknown>;
  if (!isFailpointName(point)) {
    throw new BadRequest(`point ${JSON.stringify(point)} is not a failpoint: use one of ${FAILPOINT_NAMES.join(', ')}`);
  }
  if (!isFailpointAction(action)) {
    throw new BadRequest(`action ${JSON.stringify(action)} is not a failpoint action: use one of ${FAILPOINT_ACTIONS.join(', ')}`);
  }
  if (action === 'error' && !ERROR_POINTS.includes(point)) {
    throw new BadRequest(`action error only applies at ${ERROR_POINTS.join(' and ')}, not at ${point}: use crash there`);
  }
  if (typeof times !== 'number' || !Number.isSafeInteger(times) || times < 1) {
    throw new BadRequest(`times ${JSON.stringify(times)} must be a positive integer (default 1)`);
  }
  return { point, action, times };
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BadRequest(`body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
