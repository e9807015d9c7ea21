import type { History, InvokeEvent, ProbeEvent, TargetExitEvent } from '../history/events.js';
import type { HistoryView } from '../view/HistoryView.js';
import { anomaly, type Anomaly, type CheckResult, type Checker } from './Checker.js';
import { formatTime, quote } from './describe.js';
import { verdictOf } from './verdict.js';
import { howItEnded } from '../history/howItEnded.js';

/**
 * The line of a stderr tail that says why a process died: the last line that
 * names an error, else the last line.
 *
 * @example
 * errorLine('at x (file.js:1)\nTypeError: callback is not a function\n    at y'); // 'TypeError: callback is not a function'
 */
export function errorLine(stderr: string): string | undefined {
  const lines = stderr.split('\n').map((line) => line.trim()).filter(Boolean);
  const named = lines.filter((line) => !line.startsWith('at ') && /error|exception|fatal|panic|abort/i.test(line));
  return named.at(-1) ?? lines.at(-1);
}

/**
 * A probe's payload as an anomaly names it: the event, its arguments, and
 * whether an ack function went with them.
 *
 * @example
 * probePayload(probe); // 'chat message ["hi","c0probe-1"] without an ack function'
 */
export function probePayload(probe: Pick<ProbeEvent, 'event' | 'payload' | 'ack'>): string {
  return `${probe.event} ${probe.payload} ${probe.ack ? 'with' : 'without'} an ack function`;
}

/**
 * How far before its exit event a send is taken as what the server died of:
 * the exit is recorded once its stderr is in, and other clients may have sent
 * in between.
 */
export const CRASH_CAUSE_WINDOW_MS = 1000;

/**
 * What the server most likely died of: the last robustness probe sent within
 * {@link CRASH_CAUSE_WINDOW_MS} before the exit, else the last send (a probe or
 * a message's attempt) before it, with its index.
 */
function likelyCause(history: History, end: number): { index: number; event: InvokeEvent | ProbeEvent } | undefined {
  const exitAt = history[end]!.t;
  let last: { index: number; event: InvokeEvent | ProbeEvent } | undefined;
  for (let i = end - 1; i >= 0; i--) {
    const e = history[i]!;
    if (e.type !== 'probe' && e.type !== 'invoke') continue;
    last ??= { index: i, event: e };
    if (e.type === 'probe') return { index: i, event: e };
    if (exitAt - e.t > CRASH_CAUSE_WINDOW_MS) break;
  }
  return last;
}

/** Whether the client of `msg` only ever knew it delivered locally: a plain emit, no ack function. */
function plainEmit(view: HistoryView, msg: string): boolean {
  return (view.messages.get(msg)?.events ?? []).some((i) => {
    const e = view.history[i]!;
    return e.type === 'ok' && e.ack === 'local';
  });
}

function crashAnomaly(view: HistoryView, index: number, exit: TargetExitEvent): Anomaly {
  const { history } = view;
  const why = errorLine(exit.stderr);
  const who = exit.node ? `node ${exit.node} of the target` : 'the target';
  const before = likelyCause(history, index);
  let sent = '';
  let payload: string | undefined;
  const msgs: string[] = [];
  if (before?.event.type === 'probe') {
    payload = probePayload(before.event);
    sent = `; just before, at ${formatTime(before.event.t)}, ${before.event.client} sent a ${before.event.probe} probe: ${payload}`;
  } else if (before?.event.type === 'invoke') {
    const e = before.event;
    const plain = plainEmit(view, e.msg);
    payload = `${e.msg} ${quote(e.content)}${plain ? ' without an ack function' : ''}`;
    sent = `; just before, at ${formatTime(e.t)}, ${e.client} sent ${e.msg} ${quote(e.content)}${plain ? ' (a plain emit, no ack function)' : ''}`;
    msgs.push(e.msg);
  }
  return anomaly('target-crashed', {
    msgs,
    offsets: [],
    events: before ? [before.index, index] : [index],
    description: `${who} ${howItEnded(exit)} at ${formatTime(exit.t)} and siochaos did not stop it${why ? `: ${why}` : ' (it wrote nothing to stderr)'}${sent}`,
    ...(payload ? { payload } : {}),
  });
}

/**
 * The target stays up: every exit of its process that siochaos did not cause
 * (a `target-exit` event) is a `target-crashed` anomaly, blamed on the server,
 * with its exit code or signal, the error its stderr ended with, and the
 * payload it most likely died of (see {@link CRASH_CAUSE_WINDOW_MS}). Kept
 * whatever else went wrong: messages lost because the server was down are
 * reported by the delivery checker beside it.
 *
 * Counts: `targetExits`.
 *
 * @example
 * checkTargetCrash(buildView(history)).anomalies[0]?.description; // 'the target exited with code 1 at 1.2 s and siochaos did not stop it: TypeError: ...'
 */
export function checkTargetCrash(view: HistoryView): CheckResult {
  const anomalies = view.targetExits.map((i) => crashAnomaly(view, i, view.history[i] as TargetExitEvent));
  return { checker: 'crash', verdict: verdictOf(anomalies, 0), anomalies, counts: { targetExits: anomalies.length }, notes: [] };
}

/** {@link checkTargetCrash} as a {@link Checker}. */
export const crashChecker: Checker = { name: 'crash', check: checkTargetCrash };
