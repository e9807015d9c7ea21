// A reporter module for tests (siochaos run --reporter <this file>): at the campaign's end, when siochaos
// should have stopped everything it started, it writes `campaign-ended` into the report folder and waits
// (at most 15 s) for the test to write `looked` there, so that the test sees which processes still run
// before siochaos exits and their parent-death signal kills them.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

export const ENDED = 'campaign-ended';
export const LOOKED = 'looked';

export default {
  name: 'hold-at-campaign-end',
  async onCampaignEnd(result) {
    await writeFile(path.join(result.reportDir, ENDED), String(process.pid));
    const deadline = Date.now() + 15_000;
    while (!existsSync(path.join(result.reportDir, LOOKED)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  },
};
