import createDebug from 'debug';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SetupError } from '../../errors/SetupError.js';
import type { HistoryRecorder, UnstampedEvent } from '../../history/recorder.js';
import { waitFor } from '../../net/waitFor.js';
import type { Protocol } from '../../protocol/Protocol.js';
import type { ClientRouting } from '../ChaosClient.js';
import type { ScenarioClient } from '../ScenarioClient.js';
import type { UniqueTexts } from '../uniqueTexts.js';
import { PageTraffic, type TrafficChannel } from './PageTraffic.js';
import { readShown } from './readShown.js';
import { engineIoRequest } from './socketIoPackets.js';

const debug = createDebug('siochaos:browser');

/** How the page is operated: CSS selectors of its message input, its send button and its message list. */
export interface PageSelectors {
  input: string;
  /** Without one, Enter is pressed in the input. */
  send?: string;
  messages: string;
}

/** How a {@link BrowserClient} reaches and operates the target's page. */
export interface BrowserClientOptions {
  /** The client's name in the history, e.g. `c2`. */
  name: string;
  /** The page, through the client's own Toxiproxy proxy, e.g. `http://127.0.0.1:41234/`. */
  url: string;
  /** A running Chromium; the client opens a context of its own in it. */
  browser: Browser;
  selectors: PageSelectors;
  protocol: Protocol;
  recorder: HistoryRecorder;
  /** How long page actions (typing, clicking) may take, in ms. */
  actionTimeoutMs?: number;
  /**
   * Another client's browser context to open the page in: a second tab of
   * the same user (same storage, same cookies). Without it the client opens
   * a context of its own.
   */
  context?: BrowserContext;
  /** Makes every text unique within the scenario (a store whose rows are matched to messages by content). */
  texts?: UniqueTexts;
  /** The load balancer, for a multi-node target: the page's connects then name their node. */
  routing?: ClientRouting;
}

/** The client offsets the pages of one scenario (one history) have put on the wire, shared by its browser clients. */
const offsetsInUseOf = new WeakMap<HistoryRecorder, Map<string, number>>();

function offsetsInUse(recorder: HistoryRecorder): Map<string, number> {
  let offsets = offsetsInUseOf.get(recorder);
  if (!offsets) offsetsInUseOf.set(recorder, (offsets = new Map()));
  return offsets;
}

/** A page's connect with the node it reached; a lost connection told to the balancer (a roaming one moves it). */
function routed(event: UnstampedEvent, client: string, routing: ClientRouting): UnstampedEvent {
  if (event.type === 'connect') {
    const node = routing.connected(client);
    return node === undefined ? event : { ...event, node };
  }
  if (event.type === 'disconnect') routing.disconnected(client);
  return event;
}

/** How long a polling response body may take to arrive before it is given up. */
const BODY_TIMEOUT_MS = 5000;

/** The first line of an error's message (Playwright's go on with a call log). */
function firstLine(err: unknown): string {
  return (err as Error).message.split('\n')[0]!;
}

/**
 * A client that is the target's own web page in headless Chromium, loaded
 * through the client's Toxiproxy proxy, so faults hit its real connection. It
 * types messages into the page and clicks send; the page's own code delivers
 * them (its offsets, its retries, its catch-up). Its history comes from the
 * page's real Socket.IO traffic, WebSocket frames and long-polling bodies
 * alike (see {@link PageTraffic}), and from what the page shows: its
 * `messages` list as `page-view` events, at every change and at the end
 * ({@link recordShown}), on which its receive side is judged.
 *
 * @example
 * const client = new BrowserClient({ name: 'c1', url: `http://${proxy.listen}/`, browser, protocol: tutorialProtocol,
 *   recorder, selectors: { input: '#input', send: '#form button', messages: '#messages li' } });
 * await client.connect();
 * const msg = await client.send('hello'); // the page's client offset
 * await client.drain(10_000);
 * await client.shownMessages(); // ['hello']
 * await client.close();
 */
export class BrowserClient implements ScenarioClient {
  readonly name: string;
  private readonly traffic: PageTraffic;
  private context: BrowserContext | undefined;
  private page: Page | undefined;
  private chain: Promise<void> = Promise.resolve();
  private typing: Promise<void> = Promise.resolve();
  private queued = 0;
  private closed = false;

  constructor(private readonly options: BrowserClientOptions) {
    this.name = options.name;
    this.traffic = new PageTraffic({
      client: options.name,
      protocol: options.protocol,
      record: (event) => options.recorder.record(options.routing ? routed(event, options.name, options.routing) : event),
      offsetsInUse: offsetsInUse(options.recorder),
    });
  }

  get connected(): boolean {
    return this.traffic.connected;
  }

  get highestOffset(): number {
    return this.traffic.highestOffset;
  }

  get pending(): number {
    return this.queued + this.traffic.pending;
  }

  /**
   * Opens the page and checks that its input (and send button) are there.
   *
   * @throws SetupError when the page does not load or a selector matches nothing.
   */
  async connect(): Promise<void> {
    const { url, browser, selectors } = this.options;
    this.context = this.options.context ?? (await browser.newContext());
    const page = await this.context.newPage();
    this.page = page;
    page.setDefaultTimeout(this.options.actionTimeoutMs ?? 5000);
    this.watch(page);
    await this.observeList(page);
    let status: number | undefined;
    try {
      status = (await page.goto(url, { timeout: 15_000 }))?.status();
    } catch (err) {
      throw new SetupError(`browser client ${this.name} could not load ${url}: ${(err as Error).message.split('\n')[0]}: check that the target serves its page there (browser.path)`);
    }
    if (status !== undefined && status >= 400) {
      throw new SetupError(`browser client ${this.name}: ${url} answered HTTP ${status}: set browser.path to the path of the chat page`);
    }
    for (const [field, selector] of [['input', selectors.input], ['send', selectors.send]] as const) {
      if (selector !== undefined && (await page.locator(selector).count()) === 0) {
        throw new SetupError(`browser.${field} "${selector}" matches nothing on ${url}: check the selector against the page`);
      }
    }
    debug('%s opened %s', this.name, url);
  }

  /**
   * Types the message into the page's input and submits it. Empty messages are
   * skipped (an input cannot submit nothing).
   *
   * @returns the page's client offset for it, once the page has sent it ('' if it never was).
   */
  send(drawn: string): Promise<string> {
    const { recorder, selectors } = this.options;
    const content = drawn === '' ? drawn : (this.options.texts?.next(drawn) ?? drawn);
    if (content === '') {
      recorder.record({ type: 'page-step-failed', client: this.name, step: 'type', error: 'an empty message cannot be typed into the page: skipped' });
      return Promise.resolve('');
    }
    this.queued++;
    return new Promise<string>((resolve) => {
      this.typing = this.typing.then(async () => {
        this.queued--;
        const page = this.page;
        if (this.closed || !page) return resolve('');
        const typed = this.traffic.typed(content);
        void typed.msg.then(resolve);
        try {
          await page.fill(selectors.input, content);
          if (selectors.send) await page.click(selectors.send);
          else await page.press(selectors.input, 'Enter');
        } catch (err) {
          typed.cancel();
          if (!this.closed) recorder.record({ type: 'page-step-failed', client: this.name, step: 'type', error: firstLine(err) });
        }
      });
    });
  }

  async waitConnected(timeoutMs: number): Promise<boolean> {
    return (await waitFor(() => (this.connected ? true : undefined), timeoutMs, 20)) ?? false;
  }

  async waitDisconnected(timeoutMs: number): Promise<boolean> {
    return (await waitFor(() => (this.connected ? undefined : true), timeoutMs, 5)) ?? false;
  }

  async drain(timeoutMs: number): Promise<boolean> {
    return (await waitFor(() => (this.pending === 0 ? true : undefined), timeoutMs, 20)) ?? false;
  }

  async waitForOffset(offset: number, timeoutMs: number): Promise<boolean> {
    return (await waitFor(() => (this.highestOffset >= offset ? true : undefined), timeoutMs, 20)) ?? false;
  }

  /** The texts of the messages the page shows (the `messages` selector). */
  async shownMessages(): Promise<string[]> {
    if (!this.page) return [];
    return this.page.locator(this.options.selectors.messages).allTextContents();
  }

  /**
   * Records what the page shows at the end of the scenario, as a final
   * `page-view` event: the list read until it shows every stored row (of
   * `rows`) its current document received on the wire and two reads agree,
   * at most a bound (see {@link readShown}): a broadcast on the wire reaches
   * the list a moment later, longer on a loaded machine.
   *
   * @param rows what the target stored, read at the end.
   */
  async recordShown(rows: readonly { offset: number; content: string }[] = []): Promise<void> {
    if (!this.page || this.closed) return;
    try {
      const expected = rows.filter((row) => this.traffic.receivedNow(row.offset)).map((row) => row.content);
      const items = await readShown(() => this.shownMessages(), expected);
      this.options.recorder.record({ type: 'page-view', client: this.name, items, final: true });
    } catch (err) {
      this.options.recorder.record({ type: 'page-step-failed', client: this.name, step: 'read-list', error: firstLine(err) });
    }
  }

  /** Resolves once every message handed to {@link send} so far has been typed and submitted (not necessarily sent). */
  whenTyped(): Promise<void> {
    return this.typing;
  }

  /**
   * Reloads the page, as a person pressing F5: a new document and a new
   * Socket.IO session; what the page keeps in its own storage stays. What the
   * page had not had acknowledged is recorded as given up with it (see
   * `PageTraffic.reloading`).
   *
   * @returns how many messages the reload dropped.
   * @throws Error when the page does not load again.
   */
  async reload(): Promise<number> {
    const page = this.page;
    if (!page || this.closed) return 0;
    await this.typing;
    const dropped = this.traffic.reloading();
    this.options.recorder.record({ type: 'page-reload', client: this.name, dropped });
    await page.reload({ timeout: 15_000 });
    return dropped;
  }

  /**
   * Opens the page in a second tab of this client's user (the same browser
   * context: storage and cookies shared, through the same proxy), as a client
   * of its own named `name`.
   *
   * @example
   * const tab = await page.openTab('c1-tab2');
   * tab.send('from the other tab');
   */
  async openTab(name: string): Promise<BrowserClient> {
    if (!this.context || this.closed) throw new Error(`${this.name} has no open page to open a second tab of: connect it first`);
    const tab = new BrowserClient({ ...this.options, name, context: this.context });
    await tab.connect();
    return tab;
  }

  /** Closes the page, and its browser context unless it is another client's (a tab). Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.options.context) await this.page?.close().catch(() => undefined);
    else await this.context?.close().catch(() => undefined);
  }

  /**
   * Records the page's list as `page-view` events each time it changes: a
   * MutationObserver in the page (installed before the page's own scripts,
   * again at every reload) calls back with the text of every item the
   * `messages` selector matches.
   */
  private async observeList(page: Page): Promise<void> {
    await page.exposeBinding(VIEW_BINDING, (_source, items: unknown) => {
      if (!Array.isArray(items) || !items.every((item) => typeof item === 'string')) return;
      this.options.recorder.record({ type: 'page-view', client: this.name, items });
    });
    await page.addInitScript({ content: observeListScript(VIEW_BINDING, this.options.selectors.messages) });
  }

  /** Feeds the page's Socket.IO traffic to {@link PageTraffic}, in the order Chromium reports it. */
  private watch(page: Page): void {
    const { recorder } = this.options;
    const later = (job: () => void | Promise<void>): void => {
      this.chain = this.chain.then(job).catch((err: unknown) => {
        recorder.record({ type: 'page-step-failed', client: this.name, step: 'read-traffic', error: String(err) });
      });
    };
    page.on('websocket', (ws) => {
      const request = engineIoRequest(ws.url());
      if (!request) return;
      const channel: TrafficChannel = { transport: 'websocket', sid: request.sid };
      ws.on('framesent', ({ payload }) => later(() => this.traffic.sent(channel, payload)));
      ws.on('framereceived', ({ payload }) => later(() => this.traffic.received(channel, payload)));
      ws.on('close', () => later(() => this.traffic.ended(channel, 'transport close')));
    });
    page.on('request', (request) => {
      const polling = engineIoRequest(request.url());
      const body = request.method() === 'POST' ? request.postData() : null;
      if (polling?.transport !== 'polling' || !body) return;
      later(() => this.traffic.sent({ transport: 'polling', sid: polling.sid }, body));
    });
    page.on('response', (response) => {
      const polling = engineIoRequest(response.url());
      if (polling?.transport !== 'polling' || response.request().method() !== 'GET') return;
      const body = withTimeout(response.text(), BODY_TIMEOUT_MS).catch(() => undefined);
      const channel: TrafficChannel = { transport: 'polling', sid: polling.sid };
      later(async () => {
        const text = await body;
        if (text === undefined) this.traffic.ended(channel, 'polling response cut off');
        else this.traffic.received(channel, text);
      });
    });
    page.on('requestfailed', (request) => {
      const polling = engineIoRequest(request.url());
      if (polling?.transport !== 'polling') return;
      later(() => this.traffic.ended({ transport: 'polling', sid: polling.sid }, `transport error (${request.failure()?.errorText ?? 'request failed'})`));
    });
    page.on('pageerror', (err) => recorder.record({ type: 'page-error', client: this.name, message: err.message }));
    page.on('crash', () => recorder.record({ type: 'page-error', client: this.name, message: 'the page crashed' }));
  }
}

/** The function the page calls with its list, one name per page. */
const VIEW_BINDING = '__siochaosPageView';
/**
 * The script that runs in the page: calls the binding with the texts of the
 * items the selector matches whenever they change. A selector the page
 * cannot run (not CSS) reports nothing. Plain JavaScript in a string, not a
 * function: a function's source as the TypeScript loader compiles it may
 * call helpers (`__name`) the page does not have.
 */
function observeListScript(binding: string, selector: string): string {
  return `(() => {
  const binding = ${JSON.stringify(binding)};
  const selector = ${JSON.stringify(selector)};
  let last;
  const report = () => {
    let items;
    try {
      items = Array.from(document.querySelectorAll(selector), (el) => el.textContent ?? '');
    } catch {
      return;
    }
    const key = JSON.stringify(items);
    if (key === last) return;
    last = key;
    const call = window[binding];
    if (typeof call === 'function') call(items).catch(() => undefined);
  };
  new MutationObserver(report).observe(document, { childList: true, subtree: true, characterData: true });
})();`;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}
