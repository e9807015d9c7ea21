import net from 'node:net';

/** One relayed connection: the client's side and the server's. */
interface Pair {
  client: net.Socket;
  server: net.Socket;
  /** Stranded: the client's side is gone, the server's stays open and hears nothing. */
  stranded: boolean;
}

/**
 * A TCP relay in front of the reference server that can strand connections:
 * the client's side is cut (the client sees its transport close and
 * reconnects through the relay), while the server's side stays open and
 * silent, as after a blackholed network, so the server still holds the old
 * socket (a stale twin) until `releaseStranded()` closes it. It can also cut
 * both sides at once (the server sees the close at once).
 *
 * @example
 * const relay = await StrandingRelay.start(server.host, server.port);
 * const client = await bed.connect({ host: '127.0.0.1', port: relay.port });
 * relay.strand(); // the client reconnects; the server still has its old socket
 * relay.releaseStranded(); // now the server sees the old socket close
 * await relay.close();
 */
export class StrandingRelay {
  readonly #pairs = new Set<Pair>();

  private constructor(
    readonly server: net.Server,
    readonly port: number,
  ) {}

  /** Listens on a free loopback port, forwarding to `host:port`. */
  static async start(host: string, port: number): Promise<StrandingRelay> {
    let relay: StrandingRelay | undefined;
    const server = net.createServer((client) => relay?.accept(client, host, port));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    relay = new StrandingRelay(server, (server.address() as net.AddressInfo).port);
    return relay;
  }

  /** Where clients connect. */
  get address(): { host: string; port: number } {
    return { host: '127.0.0.1', port: this.port };
  }

  /** Cuts the client's side of every live connection and leaves the server's open, silent. Returns how many. */
  strand(): number {
    let count = 0;
    for (const pair of this.#pairs) {
      if (pair.stranded) continue;
      pair.stranded = true;
      pair.server.unpipe(pair.client);
      pair.client.unpipe(pair.server);
      // What the server still writes goes nowhere.
      pair.server.on('data', () => undefined);
      pair.client.destroy();
      count += 1;
    }
    return count;
  }

  /** Closes the server's side of every stranded connection: the server sees them close. */
  releaseStranded(): void {
    for (const pair of this.#pairs) if (pair.stranded) pair.server.destroy();
  }

  /** Cuts both sides of every live connection. */
  cutAll(): void {
    for (const pair of this.#pairs) {
      if (pair.stranded) continue;
      pair.client.destroy();
      pair.server.destroy();
    }
  }

  /** Stops listening and closes every connection. */
  async close(): Promise<void> {
    for (const pair of this.#pairs) {
      pair.client.destroy();
      pair.server.destroy();
    }
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket, host: string, port: number): void {
    const server = net.connect(port, host);
    const pair: Pair = { client, server, stranded: false };
    this.#pairs.add(pair);
    client.pipe(server);
    server.pipe(client);
    client.on('error', () => undefined);
    server.on('error', () => undefined);
    client.on('close', () => {
      if (!pair.stranded) server.destroy();
    });
    server.on('close', () => {
      client.destroy();
      this.#pairs.delete(pair);
    });
  }
}
