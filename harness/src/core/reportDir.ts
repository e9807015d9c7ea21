import { randomBytes } from 'node:crypto';
import { lstat, mkdir, rename, rm, symlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * Makes `reports/<campaign>/<timestamp>/` and points `reports/latest` at it.
 * Campaigns that start at once in one reports folder (shards, parallel CI
 * jobs on one runner) each get a folder of their own, and `latest` is
 * swapped atomically: it names one of them, never nothing.
 *
 * @returns the new folder's absolute path.
 * @example
 * const dir = await makeReportDir('reports', 'default'); // '/…/reports/default/2026-11-25T19-40-00-123Z'
 */
export async function makeReportDir(reportsDir: string, campaign: string, now = new Date()): Promise<string> {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  let dir = path.join(reportsDir, campaign, stamp);
  for (let n = 2; ; n++) {
    try {
      await mkdir(dir, { recursive: false });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        await mkdir(path.dirname(dir), { recursive: true });
        continue;
      }
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      dir = path.join(reportsDir, campaign, `${stamp}-${n}`);
    }
  }
  await pointLatestAt(reportsDir, dir);
  return dir;
}

/**
 * Points `reports/latest` at `dir`: a new symlink under a name of its own,
 * renamed over `latest` (rename replaces a symlink in one step, so two
 * campaigns starting at once cannot fail on each other's link). A `latest`
 * that is a real folder is removed first: rename cannot replace a folder.
 */
async function pointLatestAt(reportsDir: string, dir: string): Promise<void> {
  const latest = path.join(reportsDir, 'latest');
  const fresh = path.join(reportsDir, `.latest-${process.pid}-${randomBytes(4).toString('hex')}`);
  await symlink(path.relative(reportsDir, dir), fresh);
  try {
    const current = await lstat(latest).catch(() => undefined);
    if (current?.isDirectory()) await rm(latest, { recursive: true, force: true });
    await rename(fresh, latest);
  } catch (err) {
    await rm(fresh, { force: true });
    throw err;
  }
}
