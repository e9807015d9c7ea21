import { ClientChanges } from './clientChanges.js';
import createDebug from 'debug';
import { io, type Socket } from 'socket.io-client';
import type { HistoryRecorder } from '../history/recorder.js';
import { waitFor } from '../net/waitFor.js';
import type { Protocol } from '../protocol/Protocol.js';
import type { ProbeKind } from '../history/events.js';
import { describeArgs, probePayload } from './probePayload.js';
import type { ScenarioClient } from './ScenarioClient.js';
import { dropStaleReceiveBuffer } from './dropStaleReceiveBuffer.js';
import { reconnectAtOnce } from './reconnectAtOnce.js';
import type { ClientStrategy, StrategyContext } from './Strategy.js';
import type { UniqueTexts } from './uniqueTexts.js';
import type { TransportMode } from '../model/transport.js';

const debug = createDebug('siochaos:clients');

export type { TransportMode } from '../model/transport.js';

/**
 * The load balancer in front of a multi-node target, as a client sees it:
 * asked at each connect which node its connection reached (recorded on the
 * `connect` event), told of each connection lost (a roaming balancer sends the
 * reconnect elsewhere). `LoadBalancer` implements it.
 *
 * @example
 * const routing: ClientRouting = { connected: () => 'n1', disconnected: () => {} };
 */
export interface ClientRouting {
  /** The node client `client`'s proxy points at now: the one its new connection reached. */
  connected(client: string): string | undefined;
  /** Client `client` lost its connection (not closed on purpose). */
  disconnected(client: string): void;
}

/** How a {@link ChaosClient} connects. */
export interface ChaosClientOptions {
  /** The client's name in the history, e.g. `c0`. */
  name: string;
  /** Where to connect: the client's own Toxiproxy proxy. */
  url: string;
  strategy: ClientStrategy;
  protocol: Protocol;
  recorder: HistoryRecorder;
  transport?: TransportMode;
  /** Put before every client offset (to keep scenarios apart in a shared store). */
  msgPrefix?: string;
  /** Makes every text unique within the scenario (a store whose rows are matched to messages by content). */
  texts?: UniqueTexts;
  /** Reconnection delay bounds in ms (kept short so scenarios stay fast). */
  reconnectDelayMs?: [number, number];
  /** The campaign's interrupt: its waits end at once (as timed out) when it is aborted. */
  signal?: AbortSignal;
  /** The load balancer, for a multi-node target: connects then name their node. */
  routing?: ClientRouting;
}

/** socket.io-parser's EVENT packet type. */
const EVENT_PACKET = 2;
/** Ack ids of probes: far above the ids the socket gives its own emits. */
const PROBE_ACK_IDS = 1_000_000_000;

const TRANSPORTS: Record<TransportMode, { transports: ('websocket' | 'polling')[]; upgrade: boolean }> = {
  websocket: { transports: ['websocket'], upgrade: false },
  polling: { transports: ['polling'], upgrade: false },
  upgrade: { transports: ['polling', 'websocket'], upgrade: true },
};

/**
 * One real socket.io client under test: it sends through its strategy and
 * records its connection life and every broadcast it receives.
 *
 * @example
 * const client = new ChaosClient({ name: 'c0', url, strategy, protocol: tutorialProtocol, recorder });
 * client.connect();
 * client.send('hello');
 * await client.drain(10_000);
 * client.close();
 */
export class ChaosClient implements ScenarioClient {
  readonly name: string;
  private socket: Socket | undefined;
  private context: StrategyContext | undefined;
  private seq = 0;
  private probes = 0;
  private readonly outstanding = new Set<Promise<void>>();
  /** Wakes the waits below when the connection, the offset received or the messages outstanding change. */
  private readonly changes = new ClientChanges();
  private lastOffset = 0;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  /** Counts of what this client saw, for tests and progress. */
  readonly stats = { connects: 0, disconnects: 0, receives: 0 };

  constructor(private readonly options: ChaosClientOptions) {
    this.name = options.name;
  }

  /** Opens the socket; it keeps reconnecting on its own until {@link close}. */
  connect(): void {
    const { url, strategy, protocol, recorder } = this.options;
    const [delay, delayMax] = this.options.reconnectDelayMs ?? [100, 500];
    const socket = io(url, {
      ...TRANSPORTS[this.options.transport ?? 'websocket'],
      forceNew: true,
      reconnectionDelay: delay,
      reconnectionDelayMax: delayMax,
      timeout: 3000,
      auth: protocol.auth(0),
      ...strategy.socketOptions,
    });
    this.socket = socket;
    this.context = { client: this.name, socket, protocol, record: (event) => recorder.record(event) };
    strategy.attach?.(this.context);

    socket.on('connect', () => {
      this.stats.connects++;
      const node = this.options.routing?.connected(this.name);
      recorder.record({
        type: 'connect',
        client: this.name,
        recovered: socket.recovered,
        transport: socket.io.engine?.transport?.name ?? 'unknown',
        ...(node !== undefined ? { node } : {}),
      });
      debug('%s connected (recovered=%s)', this.name, socket.recovered);
      this.changes.tell();
    });
    socket.on('disconnect', (reason) => {
      this.stats.disconnects++;
      recorder.record({ type: 'disconnect', client: this.name, reason });
      debug('%s disconnected: %s', this.name, reason);
      if (reason !== 'io client disconnect') this.options.routing?.disconnected(this.name);
      this.changes.tell();
      const dropped = dropStaleReceiveBuffer(socket);
      if (dropped > 0) {
        recorder.record({ type: 'receive-buffer-dropped', client: this.name, packets: dropped });
        debug('%s dropped %d packets received before a CONNECT ack that never came', this.name, dropped);
      }
      // A server-side disconnect (e.g. a graceful restart) is not retried by socket.io-client itself.
      if (reason === 'io server disconnect' && !this.closed) {
        this.reconnectTimer = setTimeout(() => {
          this.reconnectTimer = undefined;
          socket.connect();
        }, delay);
      }
    });
    socket.on(protocol.broadcastEvent, (...args: unknown[]) => {
      const message = protocol.decodeBroadcast(args);
      if (!message) {
        recorder.record({ type: 'bad-broadcast', client: this.name, args: JSON.stringify(args).slice(0, 200) });
        return;
      }
      this.stats.receives++;
      recorder.record({ type: 'receive', client: this.name, offset: message.offset, content: message.content });
      if (message.offset > this.lastOffset) {
        this.lastOffset = message.offset;
        socket.auth = protocol.auth(this.lastOffset);
        this.changes.tell();
      }
    });
  }

  /** Whether the socket is connected right now. */
  get connected(): boolean {
    return this.socket?.connected ?? false;
  }

  /** The highest server offset this client has received. */
  get highestOffset(): number {
    return this.lastOffset;
  }

  /** Messages sent whose strategy has not finished with them. */
  get pending(): number {
    return this.outstanding.size;
  }

  /**
   * Sends one message through the strategy without waiting for it.
   *
   * @returns the message's client offset.
   */
  send(drawn: string): string {
    const context = this.requireContext();
    const content = this.options.texts?.next(drawn) ?? drawn;
    const seq = ++this.seq;
    const msg = `${this.options.msgPrefix ?? ''}${this.name}-${seq}`;
    context.record({ type: 'invoke', client: this.name, msg, seq, content, attempt: 1 });
    const delivery = this.options.strategy
      .send(context, { msg, seq, content })
      .catch((err: unknown) => {
        context.record({ type: 'strategy-error', msg, error: String(err) });
      })
      .finally(() => {
        this.outstanding.delete(delivery);
        this.changes.tell();
      });
    this.outstanding.add(delivery);
    return msg;
  }

  /**
   * Sends a robustness probe without waiting for anything: the send event (or
   * an unknown one) with arguments a handler must survive, identified by a
   * client offset (`<prefix><name>probe-<n>`) and a content
   * (`<prefix>siochaos probe <name>#<n>`) no message has. The scenario's prefix
   * (in a shared store) on the content too keeps a row stored for a probe
   * without a client offset among the scenario's own rows.
   *
   * @example
   * client.probe('missing-offset'); // emits ['siochaos probe c0#1'] with an ack function (no prefix: a store of its own)
   */
  probe(kind: ProbeKind): void {
    const context = this.requireContext();
    if (!context.socket.connected) {
      context.record({ type: 'probe-skipped', client: this.name, probe: kind, reason: 'not-connected' });
      return;
    }
    const n = ++this.probes;
    const prefix = this.options.msgPrefix ?? '';
    const ids = { msg: `${prefix}${this.name}probe-${n}`, content: `${prefix}siochaos probe ${this.name}#${n}` };
    const probe = probePayload(this.options.protocol, kind, ids);
    context.record({
      type: 'probe',
      client: this.name,
      probe: kind,
      event: probe.event,
      payload: describeArgs(probe.args),
      ack: probe.ack,
      ...(probe.msg !== undefined ? { msg: probe.msg } : {}),
      ...(probe.content !== undefined ? { content: probe.content } : {}),
      malformed: probe.malformed,
    });
    // Straight onto the wire, as the packet a client sends: socket.emit() would put it in
    // socket.io-client's retry queue (with `retries` set), which adds an ack function and
    // re-sends a probe nobody answers for ever. With an ack, the packet carries an ack id
    // (the server's handler then gets a callback); the answer, if any, is ignored.
    const wire = context.socket as unknown as { packet(packet: { type: number; data: unknown[]; id?: number }): void };
    wire.packet({ type: EVENT_PACKET, data: [probe.event, ...probe.args], ...(probe.ack ? { id: PROBE_ACK_IDS + n } : {}) });
  }

  /** Waits until the socket is connected; false on timeout. */
  async waitConnected(timeoutMs: number): Promise<boolean> {
    return (await this.changes.until(() => (this.connected ? true : undefined), timeoutMs, this.options.signal)) ?? false;
  }

  /** Waits until the socket is disconnected; false on timeout. */
  async waitDisconnected(timeoutMs: number): Promise<boolean> {
    return (await waitFor(() => (this.connected ? undefined : true), timeoutMs, 5, this.options.signal)) ?? false;
  }

  /** Waits until the strategy is done with every message sent; false on timeout. */
  async drain(timeoutMs: number): Promise<boolean> {
    return (await this.changes.until(() => (this.outstanding.size === 0 ? true : undefined), timeoutMs, this.options.signal)) ?? false;
  }

  /** Waits until this client has received a broadcast with at least `offset`; false on timeout. */
  async waitForOffset(offset: number, timeoutMs: number): Promise<boolean> {
    return (await this.changes.until(() => (this.lastOffset >= offset ? true : undefined), timeoutMs, this.options.signal)) ?? false;
  }

  /**
   * Tries to reconnect at once when the connection was lost and the client
   * waits out a reconnection delay (socket.io-client's, or its own after a
   * server-side disconnect); see {@link ScenarioClient.reconnectNow}.
   */
  reconnectNow(): void {
    const socket = this.socket;
    // After disconnect() on purpose, socket.io-client schedules no attempt: reconnectAtOnce leaves it away.
    if (!socket || this.closed || socket.connected) return;
    if (this.reconnectTimer !== undefined) {
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = undefined;
      socket.connect();
      debug('%s reconnects now, not after its delay (server-side disconnect)', this.name);
      return;
    }
    if (reconnectAtOnce(socket)) debug('%s reconnects now, not after its reconnection delay', this.name);
  }

  /** Disconnects on purpose (`socket.disconnect()`) without closing for good: no automatic reconnection until {@link reconnect}. */
  disconnect(): void {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.socket?.disconnect();
  }

  /** Connects again after {@link disconnect}; does nothing while connected or after {@link close}. */
  reconnect(): void {
    if (!this.closed && this.socket && !this.socket.connected) this.socket.connect();
  }

  /** Disconnects on purpose and stops reconnecting. */
  close(): void {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    this.socket?.disconnect();
    this.socket?.io.engine?.close();
  }

  private requireContext(): StrategyContext {
    if (!this.context) throw new Error(`client ${this.name} is not connected yet: call connect() first`);
    return this.context;
  }
}
