/** The benchmark's command line. */

/** What `bench:zoo` was asked to do. */
export interface ZooArgs {
  /** Seeds per bug and strategy (1..seeds). */
  seeds: number;
  /** Time limit of one seed's search, per strategy, in seconds. */
  timeLimitS: number;
  /** Time limit of one seed's shrinking, in seconds. */
  shrinkLimitS: number;
  /** Length of one baseline round, in seconds. */
  roundS: number;
  /** The bugs to run (default: the whole zoo). */
  bugs: string[] | null;
  /** Where the figures are written as JSON. */
  json: string;
  /** Seconds each throughput window lasts. */
  throughputS: number;
  /** Windows per client count and path (direct, proxied); the medians are reported. */
  throughputRepeats: number;
  /** What to measure: detection (siochaos and baseline), throughput, or both. */
  part: 'all' | 'detection' | 'throughput' | 'shrink';
  /** How shrinking judges a candidate (campaign `shrink`), when given: fails in `failures` of `tries` runs. */
  shrink: { tries?: number; failures?: number };
  quick: boolean;
  /** Worker counts to search with (`--workers 1,2`): each bug's seeds run with each; the first fills the detection table. */
  workers: number[];
}

const USAGE =
  'usage: npm run bench:zoo -- [--seeds K] [--time-limit S] [--shrink-limit S] [--round S] [--bugs a,b] [--part all|detection|throughput|shrink] [--shrink-tries N] [--shrink-failures K] [--workers 1,2] [--json PATH] [--quick]';

/** The flags that take seconds, and the field each sets. */
const SECONDS_FLAGS = { '--time-limit': 'timeLimitS', '--shrink-limit': 'shrinkLimitS', '--round': 'roundS' } as const;

function positive(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} needs a positive number, got ${JSON.stringify(value)}: ${USAGE}`);
  return n;
}

/**
 * Parses the flags. `--quick` is 2 seeds, 20 s limits, 10 s of shrinking,
 * 5-s rounds and one 1-s throughput window per figure (instead of the median
 * of three 3-s windows), unless those flags are given too.
 *
 * @throws Error naming the bad flag, with the usage line.
 * @example
 * parseZooArgs(['--seeds', '3', '--bugs', 'no-unique,catchup-gte']);
 */
export function parseZooArgs(argv: readonly string[]): ZooArgs {
  const given: Partial<ZooArgs> = {};
  let quick = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    switch (flag) {
      case '--seeds':
        given.seeds = Math.round(positive(flag, value));
        i++;
        break;
      case '--time-limit':
      case '--shrink-limit':
      case '--round':
        given[SECONDS_FLAGS[flag]] = positive(flag, value);
        i++;
        break;
      case '--bugs':
        if (!value) throw new Error(`--bugs needs names separated by commas: ${USAGE}`);
        given.bugs = value.split(',').map((b) => b.trim()).filter(Boolean);
        i++;
        break;
      case '--json':
        if (!value) throw new Error(`--json needs a path: ${USAGE}`);
        given.json = value;
        i++;
        break;
      case '--part':
        if (value !== 'all' && value !== 'detection' && value !== 'throughput' && value !== 'shrink') {
          throw new Error(`--part must be all, detection, throughput or shrink, got ${JSON.stringify(value)}: ${USAGE}`);
        }
        given.part = value;
        i++;
        break;
      case '--shrink-tries':
        given.shrink = { ...given.shrink, tries: Math.round(positive(flag, value)) };
        i++;
        break;
      case '--shrink-failures':
        given.shrink = { ...given.shrink, failures: Math.round(positive(flag, value)) };
        i++;
        break;
      case '--workers':
        given.workers = (value ?? '').split(',').map((w) => {
          const n = Number(w);
          if (!Number.isInteger(n) || n < 1) throw new Error(`--workers needs whole numbers of at least 1 separated by commas, got ${JSON.stringify(value)}: ${USAGE}`);
          return n;
        });
        i++;
        break;
      case '--quick':
        quick = true;
        break;
      default:
        throw new Error(`unknown flag ${flag}: ${USAGE}`);
    }
  }
  return {
    seeds: given.seeds ?? (quick ? 2 : 10),
    timeLimitS: given.timeLimitS ?? (quick ? 20 : 60),
    shrinkLimitS: given.shrinkLimitS ?? (quick ? 10 : 30),
    roundS: given.roundS ?? (quick ? 5 : 10),
    bugs: given.bugs ?? null,
    json: given.json ?? 'reports/bench/zoo.json',
    throughputS: quick ? 1 : 3,
    throughputRepeats: quick ? 1 : 3,
    part: given.part ?? 'all',
    shrink: given.shrink ?? {},
    quick,
    workers: given.workers ?? [1],
  };
}
