/** The soak's command line. */

/** What `bench:soak` was asked to do. */
export interface SoakArgs {
  /** Scenarios to run in all, spread evenly over the cells (target × scenario × strategy). */
  scenarios: number;
  /** Wall-clock budget of the soak part in seconds (no new campaign starts after it), or null for none. */
  timeS: number | null;
  /** Replays of each zoo bug's counterexample. */
  repeat: number;
  /** Zoo bugs to measure reproducibility on (default: all of them). */
  bugs: string[] | null;
  /** Targets to soak (default: all of them). */
  targets: string[] | null;
  part: 'all' | 'soak' | 'replay';
  /** How the campaign that finds a zoo bug judges a shrink candidate: failing in `failures` of `tries` runs (default: the campaign's). */
  shrink: { tries?: number; failures?: number };
  json: string;
  quick: boolean;
}

export const USAGE =
  'usage: npm run bench:soak -- [--scenarios N] [--time 20m] [--repeat N] [--bugs a,b] [--targets a,b] [--part all|soak|replay] [--shrink-tries N] [--shrink-failures K] [--json PATH] [--quick]';

function positive(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} needs a whole number above 0, got ${JSON.stringify(value)}: ${USAGE}`);
  return n;
}

/** Seconds from `90`, `90s`, `20m` or `1h`. */
function seconds(flag: string, value: string | undefined): number {
  const match = /^(\d+)(s|m|h)?$/.exec(value ?? '');
  if (!match) throw new Error(`${flag} takes a duration such as 90s, 20m or 1h, got ${JSON.stringify(value)}: ${USAGE}`);
  return Number(match[1]) * { s: 1, m: 60, h: 3600 }[(match[2] ?? 's') as 's' | 'm' | 'h'];
}

const list = (value: string | undefined): string[] => (value ?? '').split(',').filter(Boolean);

/**
 * Parses the flags. `--quick` is 40 scenarios, 3 replays of 3 bugs, unless
 * those flags are given too.
 *
 * @throws Error naming the bad flag, with the usage line.
 * @example
 * parseSoakArgs(['--scenarios', '300', '--repeat', '5']);
 */
export function parseSoakArgs(argv: readonly string[]): SoakArgs {
  const given: Partial<SoakArgs> = {};
  const shrink: SoakArgs['shrink'] = {};
  let quick = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    if (flag === '--quick') {
      quick = true;
      continue;
    }
    i++;
    if (flag === '--scenarios') given.scenarios = positive(flag, value);
    else if (flag === '--repeat') given.repeat = positive(flag, value);
    else if (flag === '--shrink-tries') shrink.tries = positive(flag, value);
    else if (flag === '--shrink-failures') shrink.failures = positive(flag, value);
    else if (flag === '--time') given.timeS = seconds(flag, value);
    else if (flag === '--bugs') given.bugs = list(value);
    else if (flag === '--targets') given.targets = list(value);
    else if (flag === '--json') given.json = value ?? '';
    else if (flag === '--part') {
      if (value !== 'all' && value !== 'soak' && value !== 'replay') throw new Error(`--part takes all, soak or replay, got ${JSON.stringify(value)}: ${USAGE}`);
      given.part = value;
    } else throw new Error(`unknown flag ${flag}: ${USAGE}`);
  }
  return {
    scenarios: given.scenarios ?? (quick ? 40 : 1000),
    timeS: given.timeS ?? null,
    repeat: given.repeat ?? (quick ? 3 : 10),
    bugs: given.bugs ?? (quick ? ['no-unique', 'ack-before-insert', 'catchup-gte'] : null),
    targets: given.targets ?? null,
    part: given.part ?? 'all',
    shrink,
    json: given.json || 'reports/bench/soak.json',
    quick,
  };
}
