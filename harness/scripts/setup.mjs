// `npm run setup` (run before npm start and npm test): everything this repository's
// commands and tests need. First `siochaos setup` (Toxiproxy, Chromium, redis-server or REDIS_URL; exits 2 with one
// line saying how when one cannot be had), then PostgreSQL for the tests of postgres
// stores and faults: machines of this kind start it before the session, so it is only
// started here when it is installed and stopped (never installed).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const say = (line) => console.log(`siochaos setup: ${line}`);
const cli = fileURLToPath(new URL('../bin/siochaos.mjs', import.meta.url));
const setup = spawnSync(process.execPath, [cli, 'setup'], { stdio: 'inherit' });
if (setup.status !== 0) process.exit(setup.status ?? 2);

const PG = ['-h', '127.0.0.1', '-p', '5432'];
const ready = () => spawnSync('pg_isready', ['-q', ...PG]);
const first = ready();
if (first.error) {
  say('pg_isready not found: the PostgreSQL tests need PostgreSQL at 127.0.0.1:5432 (trust auth, database test)');
} else if (first.status !== 0) {
  // pg_lsclusters --no-header: "15 main 5432 down postgres /var/lib/... /var/log/...".
  const clusters = spawnSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' });
  const stopped = (clusters.stdout ?? '')
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, , port, status]) => port === '5432' && status === 'down');
  for (const [version, name] of stopped) {
    say(`starting PostgreSQL ${version}/${name}`);
    spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, name, 'start'], { stdio: 'inherit' });
  }
  if (ready().status !== 0) say('PostgreSQL is not answering at 127.0.0.1:5432: the PostgreSQL tests will fail until it does');
}
