/**
 * A synthetic long campaign for the report benchmark: the history of a
 * 10-minute scenario with thousands of messages on several clients, faults of
 * every family (network and client faults on clients, crashes, pauses and
 * database stalls on the target), retries after ack timeouts, catch-up after
 * reconnects, and two planted anomalies (a lost and a duplicated message);
 * plus the results.json of the campaign around it (hundreds of scenarios,
 * a shrunk counterexample).
 */
import { checkHistory } from '../../harness/src/checkers/checkHistory.js';
import { resolveConfig } from '../../harness/src/config/resolveConfig.js';
import type { CampaignResult, ScenarioSummary } from '../../harness/src/core/CampaignResult.js';
import { buildView } from '../../harness/src/view/buildView.js';
import { scenarioFigures } from '../../harness/src/core/figures.js';
import type { HistoryEvent } from '../../harness/src/history/events.js';
import { toResultsFile, type ReportInput } from '../../harness/src/reporters/resultsFile.js';

/** What to generate. */
export interface SyntheticOptions {
  /** Messages sent over the whole scenario (default 4000: about 30k events with 4 clients). */
  messages?: number;
  clients?: number;
  /** The scenario's length in ms (default 10 minutes). */
  durationMs?: number;
  /** Scenarios the campaign ran (default 400). */
  scenarios?: number;
  seed?: number;
}

/** A generated report folder's content, and what was planted in it. */
export interface SyntheticCampaign {
  input: ReportInput;
  events: number;
  messages: number;
  faults: number;
  planted: string[];
}

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Fault {
  id: number;
  name: string;
  clients: string[];
  start: number;
  end: number;
  description: string;
}

const FAULT_CYCLE = ['limit-data', 'latency', 'crash', 'sqlite-stall', 'client-reconnect', 'pause', 'reset-peer', 'db-latency'] as const;

const ACK_TIMEOUT_MS = 1000;

function r1(x: number): number {
  return Math.round(x * 10) / 10;
}

/**
 * Generates the campaign. Deterministic for a seed.
 *
 * @example
 * const { input, events } = syntheticCampaign({ messages: 4000 });
 * await writeFile('report.html', renderHtmlReport(input));
 */
export function syntheticCampaign(options: SyntheticOptions = {}): SyntheticCampaign {
  const random = prng(options.seed ?? 7);
  const clients = Array.from({ length: options.clients ?? 4 }, (_, i) => `c${i}`);
  const messages = options.messages ?? 4000;
  const duration = options.durationMs ?? 600_000;
  const start = 500;
  const events: HistoryEvent[] = [];
  const push = (e: HistoryEvent) => events.push(e);

  push({ type: 'target-listening', t: 300, target: 'reference-server', host: '127.0.0.1', port: 40000 });
  for (const c of clients) push({ type: 'connect', t: 400, client: c, recovered: false, transport: 'websocket' });

  // A fault every 15 s, 1-6 s long, cycling through the families.
  const faults: Fault[] = [];
  for (let t = start + 5_000, k = 0; t < start + duration - 10_000; t += 15_000, k++) {
    const name = FAULT_CYCLE[k % FAULT_CYCLE.length]!;
    const onClient = name === 'limit-data' || name === 'latency' || name === 'client-reconnect' || name === 'reset-peer';
    const hit = onClient ? [clients[Math.floor(random() * clients.length)]!] : [];
    const length = 1_000 + random() * 5_000;
    const description = onClient ? `${name} on ${hit.join(', ')}` : name === 'crash' ? 'SIGKILL the server, start it again at the heal' : `${name} of the target`;
    faults.push({ id: k + 1, name, clients: hit, start: t, end: t + length, description });
    push({ type: 'command', t, text: `Inject(${name}${hit.length ? `, ${hit.join(', ')}` : ''})` });
    push({ type: 'fault-start', t, id: k + 1, fault: name, params: {}, clients: hit, description });
    push({ type: 'fault-end', t: t + length, id: k + 1, fault: name });
    if (name === 'crash') {
      for (const c of clients) {
        push({ type: 'disconnect', t: t + 2, client: c, reason: 'transport close' });
        push({ type: 'connect', t: t + length + 80, client: c, recovered: false, transport: 'websocket' });
      }
    } else if (onClient && name !== 'latency') {
      push({ type: 'disconnect', t: t + 5, client: hit[0]!, reason: 'transport close' });
      push({ type: 'connect', t: t + length + 60, client: hit[0]!, recovered: name === 'client-reconnect', transport: 'websocket' });
    }
  }
  /** The fault that holds a message of `client` sent at `t` back, if one does: when it lets go. */
  const heldUntil = (client: string, t: number): number | undefined => {
    for (const f of faults) {
      if (t < f.start || t >= f.end) continue;
      if (f.name === 'latency') continue;
      if (f.clients.length === 0 || f.clients.includes(client)) return f.end + 60 + random() * 40;
    }
    return undefined;
  };

  // Messages, sent one after the other per client (an ordered strategy), spread over the scenario.
  const seqs = new Map<string, number>();
  const lastStored = new Map<string, number>();
  const stored: { msg: string; client: string; content: string; at: number }[] = [];
  const lostAt = Math.floor(messages * 0.37);
  const duplicatedAt = Math.floor(messages * 0.71);
  const planted: string[] = [];
  for (let i = 0; i < messages; i++) {
    const client = clients[i % clients.length]!;
    const seq = (seqs.get(client) ?? 0) + 1;
    seqs.set(client, seq);
    const msg = `${client}-${seq}`;
    const content = `message ${i} <b>${'x'.repeat(i % 17)}</b>`;
    const t = start + (i / messages) * (duration - 15_000) + random() * 20;
    push({ type: 'invoke', t: r1(t), client, msg, seq, content, attempt: 1 });
    if (i % 100 === 0) push({ type: 'command', t: r1(t - 0.1), text: `EmitBurst(${client}, 100)` });
    const slow = faults.some((f) => f.name === 'latency' && f.clients.includes(client) && t >= f.start && t < f.end) ? 200 : 0;
    const held = heldUntil(client, t);
    let at = t + 4 + random() * 30 + slow;
    let attempt = 1;
    if (held !== undefined) {
      push({ type: 'info', t: r1(Math.min(held - 50, t + ACK_TIMEOUT_MS)), client, msg, attempt: 1, reason: 'no ack yet: socket.io-client re-sends it' });
      attempt = 2;
      push({ type: 'invoke', t: r1(held), client, msg, seq, content, attempt });
      at = held + 5 + random() * 20;
    }
    at = Math.max(at, (lastStored.get(client) ?? 0) + 0.2);
    lastStored.set(client, at);
    push({ type: 'ok', t: r1(at + 1), client, msg, attempt, ack: 'server' });
    if (i === lostAt) {
      planted.push(`lost ${msg}`);
      continue;
    }
    stored.push({ msg, client, content, at });
    if (i === duplicatedAt) {
      planted.push(`duplicated ${msg}`);
      stored.push({ msg, client, content, at: at + 0.1 });
    }
  }

  // Offsets in store order; every client receives every row in order (late ones on reconnect).
  stored.sort((a, b) => a.at - b.at);
  const lastReceive = new Map<string, number>();
  const end = start + duration;
  stored.forEach((row, k) => {
    for (const c of clients) {
      const held = heldUntil(c, row.at);
      const t = Math.max(held ?? row.at + 0.5 + random() * 3, (lastReceive.get(c) ?? 0) + 0.01);
      lastReceive.set(c, t);
      push({ type: 'receive', t: r1(t), client: c, offset: k + 1, content: row.content });
    }
  });
  push({ type: 'final-phase', t: end - 3_000 });
  stored.forEach((row, k) => push({ type: 'final-read', t: end, offset: k + 1, msg: row.msg, content: row.content }));
  const history = events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.t - b.e.t || a.i - b.i)
    .map(({ e }) => e);
  return { input: campaignAround(history, options.scenarios ?? 400, random), events: history.length, messages, faults: faults.length, planted };
}

function campaignAround(history: HistoryEvent[], scenarios: number, random: () => number): ReportInput {
  const check = checkHistory(history);
  const figures = scenarioFigures(buildView(history));
  const config = resolveConfig({ seed: 7, name: 'bench-report', reportsDir: '/tmp/siochaos-bench', clients: 4, timeLimitMs: 600_000 });
  const commands = history.flatMap((e) => (e.type === 'command' ? [e.text] : []));
  const summaries: ScenarioSummary[] = Array.from({ length: scenarios }, (_, k) => {
    const last = k === scenarios - 1;
    const shrinking = k >= scenarios - 40;
    const verdict = last || (shrinking && random() < 0.5) || k === scenarios - 41 ? 'invalid' : 'valid';
    return {
      index: k + 1, phase: shrinking ? 'shrink' : 'search', transport: 'websocket', verdict,
      durationMs: 800 + random() * 3000, commands: commands.slice(0, 3 + Math.floor(random() * 10)),
      anomalies: verdict === 'invalid' ? check.anomalies.length : 0, figures,
    };
  });
  const result: CampaignResult = {
    version: 1,
    verdict: check.verdict,
    seed: 7,
    startedAt: '2026-11-25T10:00:00.000Z',
    durationMs: 600_000 + 90_000,
    interrupted: false,
    config,
    figures: {
      scenarios, valid: summaries.filter((s) => s.verdict === 'valid').length, invalid: summaries.filter((s) => s.verdict === 'invalid').length,
      unknown: 0, shrinkRuns: 40, messagesSent: figures.sent * 3, messagesAcked: figures.acked * 3, messagesStored: figures.stored * 3,
      retries: figures.retries * 3, faultsInjected: { 'limit-data': 700, latency: 650, crash: 80, 'sqlite-stall': 75, pause: 60, 'reset-peer': 410 },
    },
    counterexample: {
      commands, seed: 7, path: '17:3:1:0', commandsPath: 'N', replayCommand: 'npx siochaos replay reports/bench-report/2026-11-25T10-00-00-000Z', reproduction: { failures: 3, tries: 3 },
      result: { verdict: check.verdict, check, history, figures, durationMs: 600_000, faults: {} },
    },
    anomalies: check.anomalies,
    unknowns: [],
    rowsMatchedBy: 'client-offset',
    skippedFaults: [],
    faultFamilies: [],
    reportDir: '/tmp/siochaos-bench/bench-report/2026-11-25T10-00-00-000Z',
  };
  const results = JSON.parse(JSON.stringify(toResultsFile(result, { scenarios: summaries, historyScenario: scenarios })));
  return { results, history };
}
