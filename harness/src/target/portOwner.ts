import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { groupMembers, processRuns, statFields } from '../../../shared/process/liveness.js';

/** TCP state `LISTEN` in /proc/net/tcp{,6}. */
const LISTEN = '0A';

/**
 * The inodes of the sockets listening on each of `ports` (IPv4 and IPv6),
 * from one read of /proc/net/tcp and /proc/net/tcp6 (a read that costs tens of
 * ms on a busy machine: read them once for every port).
 *
 * @example
 * listeningInodes([3000, 3001]); // [['184467'], []]
 */
export function listeningInodes(ports: readonly number[]): string[][] {
  const byPort = new Map(ports.map((port) => [port.toString(16).toUpperCase().padStart(4, '0'), [] as string[]]));
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10 || fields[3] !== LISTEN || fields[9] === '0') continue;
      byPort.get(fields[1]!.split(':')[1]!)?.push(fields[9]!);
    }
  }
  return ports.map((port) => byPort.get(port.toString(16).toUpperCase().padStart(4, '0'))!);
}

/**
 * Whether process `pid` holds socket `inode` open (a look at its fds alone).
 *
 * @example
 * holdsSocket(worker, '184467'); // true while the worker listens
 */
export function holdsSocket(pid: number, inode: string): boolean {
  const wanted = `socket:[${inode}]`;
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false;
  }
  return fds.some((fd) => {
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`) === wanted;
    } catch {
      return false;
    }
  });
}

/** The parent PID of `pid`, or undefined when it is gone. */
function parentOf(pid: number): number | undefined {
  const fields = statFields(`/proc/${pid}/stat`);
  return fields ? Number(fields[1]) : undefined;
}

/**
 * Whether `pid` is alive: it exists and is not a zombie (a killed child its
 * parent has not reaped yet is gone for every purpose here), or it is a zombie
 * whose other threads still end (and still hold its sockets): see
 * {@link processRuns}.
 *
 * @example
 * processAlive(process.pid); // true
 */
export const processAlive = processRuns;

export { groupMembers };

/** For each socket inode wanted, the PIDs (among `pids`, else every process this user may look into) holding it open. */
function holdersByInode(inodes: ReadonlySet<string>, pids?: readonly number[]): Map<string, number[]> {
  const found = new Map<string, number[]>();
  if (inodes.size === 0) return found;
  for (const pid of pids ?? readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).map(Number)) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // another user's process, or gone
    }
    for (const fd of fds) {
      let link: string;
      try {
        link = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
      if (inode === undefined || !inodes.has(inode)) continue;
      const pids = found.get(inode) ?? [];
      if (!pids.includes(pid)) pids.push(pid);
      found.set(inode, pids);
    }
  }
  return found;
}

/** The process behind a port, and the inode of the listening socket it holds (to check cheaply that it still does: {@link holdsSocket}). */
export type PortOwner = { pid: number; inode: string } | undefined;

/**
 * The process behind each of `ports` (one scan of /proc): the process holding
 * that port's listening socket (found through /proc/net/tcp{,6}, the socket's
 * inode, and /proc/PID/fd), and no other port of the list. With node:cluster
 * the primary holds the handle it hands each worker (and, in round-robin
 * mode, every port alone): a process holding several of the ports, or an
 * ancestor of another holder, is not one node's process. Undefined for a
 * port nothing listens on, or that only such a process holds. `among`
 * limits the search to these processes (a command's process group: much
 * less to read than every process's fds).
 *
 * @example
 * const [n0, n1] = portOwners([3000, 3001]); // the node:cluster workers listening on 3000 and 3001
 * if (n1) process.kill(n1.pid, 'SIGKILL');
 */
export function portOwners(ports: readonly number[], among?: readonly number[]): PortOwner[] {
  const inodesOf = listeningInodes(ports);
  const byInode = holdersByInode(new Set(inodesOf.flat()), among);
  const holdersOf = inodesOf.map((inodes) => [...new Set(inodes.flatMap((inode) => byInode.get(inode) ?? []))].filter(processAlive));
  const portsHeld = new Map<number, number>();
  for (const holders of holdersOf) for (const pid of holders) portsHeld.set(pid, (portsHeld.get(pid) ?? 0) + 1);
  const ancestors = new Set<number>();
  for (const pid of portsHeld.keys()) {
    for (let parent = parentOf(pid); parent && parent > 1 && !ancestors.has(parent); parent = parentOf(parent)) ancestors.add(parent);
  }
  return holdersOf.map((holders, i) => {
    const pid = holders.find((p) => portsHeld.get(p) === 1 && !ancestors.has(p));
    const inode = pid === undefined ? undefined : inodesOf[i]!.find((n) => byInode.get(n)?.includes(pid));
    return pid === undefined || inode === undefined ? undefined : { pid, inode };
  });
}

/**
 * The process behind one listening port (see {@link portOwners}).
 *
 * @example
 * const pid = portOwner(3000);
 */
export function portOwner(port: number): number | undefined {
  return portOwners([port])[0]?.pid;
}
