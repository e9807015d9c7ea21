/** What a run left behind: processes still running under this one, proxies still in Toxiproxy. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A process still running. */
export interface LeftProcess {
  pid: number;
  command: string;
}

/** esbuild's service process, which tsx and the reference server's bundler keep for this process's whole life. */
const ESBUILD_SERVICE = /\/esbuild --service=/;

/**
 * Every process descended from `root` (default: this one), except those in
 * `except` (e.g. the Toxiproxy the soak itself started), esbuild's service
 * (it lives as long as this process) and `ps` itself.
 *
 * @example
 * await descendants(process.pid, [toxiproxy.pid]); // [] when everything was stopped
 */
export async function descendants(root = process.pid, except: readonly (number | undefined)[] = []): Promise<LeftProcess[]> {
  const { stdout } = await run('ps', ['-e', '-o', 'pid=,ppid=,args=']);
  const rows = stdout
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), command: m[3]! }));
  const children = new Map<number, typeof rows>();
  for (const row of rows) children.set(row.ppid, [...(children.get(row.ppid) ?? []), row]);
  const found: LeftProcess[] = [];
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      if (except.includes(child.pid) || /^ps -e -o/.test(child.command) || ESBUILD_SERVICE.test(child.command)) continue;
      found.push({ pid: child.pid, command: child.command.slice(0, 160) });
      walk(child.pid);
    }
  };
  walk(root);
  return found;
}

/**
 * The proxies this process made that are still in Toxiproxy (siochaos names
 * them `siochaos-<pid>-…`).
 *
 * @example
 * await proxiesLeft(toxiproxy.url); // [] when every scenario removed its proxies
 */
export async function proxiesLeft(toxiproxyUrl: string, pid = process.pid): Promise<string[]> {
  const response = await fetch(`${toxiproxyUrl}/proxies`, { signal: AbortSignal.timeout(10_000) });
  const proxies = (await response.json()) as Record<string, unknown>;
  return Object.keys(proxies).filter((name) => name.startsWith(`siochaos-${pid}-`));
}
