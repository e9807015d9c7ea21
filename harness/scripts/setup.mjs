// `npm run setup` (run before npm start and npm test): makes sure toxiproxy-server is there.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../bin/siochaos.mjs', import.meta.url));
const result = spawnSync(process.execPath, [cli, 'setup'], { stdio: 'inherit' });
process.exit(result.status ?? 2);
