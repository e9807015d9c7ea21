import net from 'node:net';

/** PostgreSQL's CommandComplete tag for a one-row INSERT: it travels after the commit. */
const INSERT_DONE = Buffer.from('INSERT 0 1\0');

/**
 * A TCP proxy in front of PostgreSQL that can lose the reply to a committed
 * INSERT: once armed, the first reply carrying `INSERT 0 1` is dropped and its
 * connection cut, so the server's insert fails although the row is stored.
 * It can also refuse every connection for a while (the database is down).
 *
 * @example
 * const cutter = await CommitReplyCutter.start('127.0.0.1', 5432);
 * cutter.armCut(); // the next INSERT commits, its reply never arrives
 * await cutter.close();
 */
export class CommitReplyCutter {
  /** Whether the next INSERT's reply is dropped. */
  #armed = false;
  /** Whether new connections (and live ones) are cut. */
  #down = false;
  /** Whether to go down when the reply is cut. */
  #downOnCut = false;
  /** How many replies were cut. */
  cuts = 0;
  readonly #sockets = new Set<net.Socket>();

  private constructor(
    readonly server: net.Server,
    readonly port: number,
  ) {}

  /** Listens on a free loopback port, forwarding to `host:port`. */
  static async start(host: string, port: number): Promise<CommitReplyCutter> {
    let cutter: CommitReplyCutter | undefined;
    const server = net.createServer((client) => cutter?.accept(client, host, port));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    cutter = new CommitReplyCutter(server, (server.address() as net.AddressInfo).port);
    return cutter;
  }

  /** Drops the next INSERT's reply and cuts its connection; with `thenDown`, the database stays down until `up()`. */
  armCut(thenDown = false): void {
    this.#armed = true;
    this.#downOnCut = thenDown;
  }

  /** Accepts connections again. */
  up(): void {
    this.#down = false;
  }

  /** Stops listening and cuts every connection. */
  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket, host: string, port: number): void {
    if (this.#down) {
      client.destroy();
      return;
    }
    const upstream = net.connect(port, host);
    this.#sockets.add(client).add(upstream);
    const cut = () => {
      client.destroy();
      upstream.destroy();
      this.#sockets.delete(client);
      this.#sockets.delete(upstream);
    };
    client.on('data', (chunk: Buffer) => upstream.write(chunk));
    upstream.on('data', (chunk: Buffer) => {
      if (this.#armed && chunk.includes(INSERT_DONE)) {
        this.#armed = false;
        this.cuts += 1;
        cut();
        if (this.#downOnCut) {
          this.#down = true;
          for (const socket of this.#sockets) socket.destroy();
          this.#sockets.clear();
        }
        return;
      }
      client.write(chunk);
    });
    client.on('error', cut).on('close', cut);
    upstream.on('error', cut).on('close', cut);
  }
}
