/**
 * Server-start benchmark: what one single-node reference server (SQLite, no
 * adapter, as every default scenario starts) costs to start. Starts it N
 * times one after another through `launchReferenceServer` (the development
 * bundle, as tests and benches run it) and reads, once it printed its
 * `listening` line, its CPU time so far (utime + stime from /proc/PID/stat)
 * and the wall time from spawn to that line; prints the medians.
 *
 * With `--entry package`, through the compiled launcher in dist/ instead (what
 * `npx siochaos` and `npm start` run: the bundle `npm run build` makes,
 * main.bundle.mjs, else the compiled main.js).
 *
 * Usage: node --import tsx bench/server-start/run.ts [--runs 10] [--entry dev|package]
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as devLaunch from '../../reference-server/src/launch.js';
import { referenceServerBundle } from '../../reference-server/src/bundle.js';

/** Clock ticks per second of /proc/PID/stat's times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** utime + stime of `pid` in milliseconds (fields 14 and 15; the name in parentheses may hold spaces). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' }, entry: { type: 'string', default: 'dev' } } });
  const runs = Number(values.runs);
  if (values.entry !== 'dev' && values.entry !== 'package') throw new Error(`--entry ${values.entry}: use dev (the development bundle) or package (the compiled launcher in dist/)`);
  let launchReferenceServer = devLaunch.launchReferenceServer;
  let entry: string;
  if (values.entry === 'package') {
    const compiled = fileURLToPath(new URL('../../dist/reference-server/src/', import.meta.url));
    if (!existsSync(path.join(compiled, 'launch.js'))) throw new Error('dist/ is not built: run npm run build first');
    launchReferenceServer = ((await import(pathToFileURL(path.join(compiled, 'launch.js')).href)) as typeof devLaunch).launchReferenceServer;
    entry = existsSync(path.join(compiled, 'main.bundle.mjs')) ? path.join(compiled, 'main.bundle.mjs') : path.join(compiled, 'main.js');
  } else {
    // Built before the first timed start, as a campaign builds it once.
    entry = (await referenceServerBundle()) ?? 'main.ts through tsx';
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'siochaos-server-start-'));
  const cpu: number[] = [];
  const wall: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      const server = await launchReferenceServer({ db: path.join(dir, `chat-${run}.sqlite`) });
      wall.push(performance.now() - started);
      cpu.push(cpuMs(server.pid));
      await server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`entry: ${entry}`);
  console.log(`${runs} starts; load average ${os.loadavg().map((load) => load.toFixed(1)).join(' ')}`);
  console.log(`CPU to listening: median ${median(cpu)} ms (min ${Math.min(...cpu)}, max ${Math.max(...cpu)})`);
  console.log(`wall to listening: median ${median(wall).toFixed(0)} ms (min ${Math.min(...wall).toFixed(0)}, max ${Math.max(...wall).toFixed(0)})`);
}

await main();
