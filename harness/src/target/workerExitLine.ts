/**
 * A `worker-exit` line, as a node:cluster primary prints it when a worker
 * ends: `{"event":"worker-exit","pid":1234,"code":null,"signal":"SIGKILL"}`
 * (the reference server's primary does; `node` is optional).
 */
export interface WorkerExitLine {
  pid: number;
  code: number | null;
  signal: string | null;
}

/**
 * Reads a `worker-exit` line; undefined for any other line.
 *
 * @example
 * workerExitLine('{"event":"worker-exit","node":"n1","pid":42,"code":1,"signal":null}'); // { pid: 42, code: 1, signal: null }
 */
export function workerExitLine(line: string): WorkerExitLine | undefined {
  if (!line.includes('"worker-exit"')) return undefined;
  try {
    const value = JSON.parse(line) as { event?: unknown; pid?: unknown; code?: unknown; signal?: unknown };
    if (value.event !== 'worker-exit' || typeof value.pid !== 'number') return undefined;
    const code = typeof value.code === 'number' ? value.code : null;
    const signal = typeof value.signal === 'string' ? value.signal : null;
    return { pid: value.pid, code, signal };
  } catch {
    return undefined;
  }
}
