import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';

/**
 * The HTTP server of a chat node: the tutorial's page at `/`, 404 elsewhere.
 *
 * @example
 * const httpServer = await chatHttpServer();
 * const io = new Server(httpServer, { adapter: createAdapter() });
 */
export async function chatHttpServer() {
  const page = await readFile(new URL('../tutorial-chat/index.html', import.meta.url));
  return createServer((req, res) => {
    if (req.method === 'GET' && (req.url === '/' || req.url === '/index.html')) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
}

/**
 * Listens on 127.0.0.1:`port` and says so (`chat node n1 listening on ...`),
 * and on SIGTERM closes Socket.IO, the connections and then `close()` before
 * exiting 0. A second SIGTERM (the process group's and a node:cluster
 * primary's both come) does not cut the first short.
 *
 * @example
 * serveNode({ httpServer, io, chat, node: 'n0', port: 3000, about: 'table messages', fail, close: () => store.close() });
 */
export function serveNode({ httpServer, io, chat, node, port, about, fail, close }) {
  httpServer.once('error', (err) => {
    if (err.code === 'EADDRINUSE') fail(`port ${port} is already in use: set PORT to a free port (or 0 for any)`);
    fail(`node ${node} cannot listen on 127.0.0.1:${port}: ${err.message}`);
  });
  httpServer.listen(port, '127.0.0.1', () => console.log(`chat node ${node} listening on http://127.0.0.1:${httpServer.address().port} (${about})`));
  let closing = false;
  process.on('SIGTERM', () => {
    if (closing) return;
    closing = true;
    chat.close();
    io.close();
    httpServer.closeAllConnections();
    Promise.resolve(close()).then(() => process.exit(0), () => process.exit(0));
  });
}

/** Prints `message` and exits 1: what a node does with a setting it cannot use. */
export function fail(message) {
  console.error(message);
  process.exit(1);
}
