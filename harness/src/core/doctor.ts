import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ChaosClient } from '../clients/ChaosClient.js';
import { strategyByName } from '../clients/strategies/registry.js';
import type { CampaignConfig } from '../config/types.js';
import { HistoryRecorder } from '../history/recorder.js';
import { loadProtocol } from '../protocol/configurable.js';
import { chromiumMissing } from '../provision/provideChromium.js';
import { locateChromium } from '../provision/locateChromium.js';
import { NoStoreError } from '../target/NoStoreError.js';
import type { Target } from '../target/Target.js';
import { ProxyPool } from '../toxiproxy/ProxyPool.js';
import { provideToxiproxy } from '../toxiproxy/provide.js';
import type { DoctorCheck } from './doctorCheck.js';
import { redisCheck, targetNeedsRedis } from './doctorRedis.js';
import { doctorSend, isDoctorRow } from './doctorSend.js';
import { makeTarget } from './makeTarget.js';
import { rowIdentity } from '../stores/rowIdentity.js';

export type { DoctorCheck } from './doctorCheck.js';

/**
 * Where Chromium is, for `siochaos doctor`: a failure only when the config
 * has browser clients; without them a missing Chromium is said, not fatal.
 *
 * @example
 * chromiumCheck(config); // { name: 'chromium', ok: true, detail: '/usr/bin/chromium (from PATH)' }
 */
export function chromiumCheck(config: Pick<CampaignConfig, 'browser'>, env: NodeJS.ProcessEnv = process.env): DoctorCheck {
  let found;
  try {
    found = locateChromium(env);
  } catch (err) {
    return { name: 'chromium', ok: false, detail: (err as Error).message };
  }
  if (found) return { name: 'chromium', ok: true, detail: `${found.path} (from ${found.from})` };
  if (config.browser && config.browser.clients > 0) return { name: 'chromium', ok: false, detail: `the config has browser clients: ${chromiumMissing()}` };
  return { name: 'chromium', ok: true, detail: `not found, and only browser clients need it: ${chromiumMissing()}` };
}

/**
 * Checks, in order, what a campaign needs and says what to fix: Toxiproxy is
 * there, Chromium is there (when browser clients need it), Redis answers
 * (when the target's nodes use it; see {@link redisCheck}), the target
 * starts, a client with the configured strategy reaches it through a proxy
 * and gets an ack (or, for a strategy promised no ack such as `at-most-once`,
 * sees its message broadcast or stored), and the store can be read and holds
 * that message. Stops at the first
 * failure (later checks depend on it). Everything it starts is stopped.
 *
 * @example
 * const checks = await runDoctor(resolveConfig(await loadConfig(undefined, process.cwd())));
 * for (const c of checks) console.log(`${c.ok ? 'ok' : 'FAIL'} ${c.name}: ${c.detail}`);
 */
export async function runDoctor(config: CampaignConfig, report: (check: DoctorCheck) => void = () => {}): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const add = (check: DoctorCheck) => {
    checks.push(check);
    report(check);
    return check.ok;
  };
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-doctor-'));
  let toxiproxy: Awaited<ReturnType<typeof provideToxiproxy>> | undefined;
  let target: Target | undefined;
  let pool: ProxyPool | undefined;
  let client: ChaosClient | undefined;
  const message = (err: unknown) => (err as Error).message;
  try {
    try {
      toxiproxy = await provideToxiproxy({ build: false });
      add({ name: 'toxiproxy', ok: true, detail: `answering at ${toxiproxy.url}` });
    } catch (err) {
      add({ name: 'toxiproxy', ok: false, detail: message(err) });
      return checks;
    }
    if (!add(chromiumCheck(config))) return checks;
    if (!add(await redisCheck(targetNeedsRedis(config.target)))) return checks;
    let address;
    try {
      target = makeTarget(config, { dataDir: workDir, logDir: workDir, toxiproxyUrl: toxiproxy.url });
      address = await target.start();
      add({ name: 'target', ok: true, detail: `${target.name} listening on ${address.host}:${address.port}` });
    } catch (err) {
      add({ name: 'target', ok: false, detail: message(err) });
      return checks;
    }
    const recorder = new HistoryRecorder();
    // Unique to this run: a store without client offsets is matched by it, and an old row never passes for it.
    const text = `siochaos doctor ${Date.now().toString(36)}`;
    try {
      pool = await ProxyPool.create(toxiproxy.url, `${address.host}:${address.port}`, 1, 'doctor');
      client = new ChaosClient({
        name: 'doctor',
        url: `http://${pool.entries[0]!.listen}`,
        strategy: strategyByName(config.strategy)({ ackTimeoutMs: Math.min(config.ackTimeoutMs, 2000), retries: 2 }),
        protocol: await loadProtocol(config.protocol),
        recorder,
      });
      client.connect();
      if (!(await client.waitConnected(5000))) throw new Error('no Socket.IO connection through the proxy within 5 s: is it a Socket.IO server, on that port?');
      const readStore = () => target!.readStore();
      const sent = await doctorSend({ client, events: () => recorder.events, text, strategy: config.strategy, listen: pool.entries[0]!.listen, readStore });
      if (!add({ name: 'through the proxy', ...sent })) return checks;
    } catch (err) {
      add({ name: 'through the proxy', ok: false, detail: message(err) });
      return checks;
    }
    try {
      const rows = await target.readStore();
      const found = rows.some((row) => isDoctorRow(row, 'doctor-1', text));
      add({
        name: 'store',
        ok: found,
        detail: found
          ? `read ${rows.length} row(s); the doctor's message is there`
          : `read ${rows.length} row(s) but not the doctor's message (${rowIdentity(config.store) === 'content' ? `text "${text}"` : 'client offset doctor-1'}): check the store's query and fields`,
      });
    } catch (err) {
      if (err instanceof NoStoreError) add({ name: 'store', ok: true, detail: 'none: the check will rest on what clients receive (weaker)' });
      else add({ name: 'store', ok: false, detail: message(err) });
    }
    return checks;
  } finally {
    client?.close();
    await pool?.destroy();
    await target?.stop().catch(() => {});
    await toxiproxy?.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}
