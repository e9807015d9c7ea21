import type { History } from '../history/events.js';
import { storedMsgOf } from './sendIndex.js';

/**
 * The indices of every event that concerns the given messages: their invokes,
 * oks, fails, rejects, infos and stored rows, in history order. One linear pass, run
 * only for the few messages an anomaly names.
 *
 * @example
 * collectMessageEvents(history, new Set(['c0-3'])).get('c0-3'); // [4, 9, 31]
 */
export function collectMessageEvents(history: History, msgs: ReadonlySet<string>): Map<string, number[]> {
  const found = new Map<string, number[]>();
  if (msgs.size === 0) return found;
  for (let i = 0; i < history.length; i++) {
    const e = history[i]!;
    switch (e.type) {
      case 'invoke':
      case 'ok':
      case 'fail':
      case 'reject':
      case 'info':
      case 'final-read': {
        const msg = e.type === 'final-read' ? storedMsgOf(history, i) : e.msg;
        if (msg === null || !msgs.has(msg)) break;
        const list = found.get(msg);
        if (list === undefined) found.set(msg, [i]);
        else list.push(i);
        break;
      }
      default:
        break;
    }
  }
  return found;
}

/**
 * The sorted, de-duplicated union of several lists of event indices.
 *
 * @example
 * mergeEventIndices([3, 9], [1, 9], [12]); // [1, 3, 9, 12]
 */
export function mergeEventIndices(...lists: readonly (readonly number[] | undefined)[]): number[] {
  const all = new Set<number>();
  for (const list of lists) if (list !== undefined) for (const i of list) all.add(i);
  return [...all].sort((a, b) => a - b);
}
