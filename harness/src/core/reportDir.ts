import { mkdir, rm, symlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * Makes `reports/<campaign>/<timestamp>/` and points `reports/latest` at it.
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
  const latest = path.join(reportsDir, 'latest');
  await rm(latest, { recursive: true, force: true });
  await symlink(path.relative(reportsDir, dir), latest);
  return dir;
}
