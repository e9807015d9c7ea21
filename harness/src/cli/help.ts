
const EXIT_CODES = 'exit codes: 0 valid, 1 anomalies found (invalid), 2 could not decide (setup failed, bad input, interrupted)';

/**
 * The help text of each command, and of siochaos itself. Only `run`'s loads
 * the registries it lists (scenarios, strategies), so that the others print at once.
 */
export async function helpText(command?: string): Promise<string> {
  switch (command) {
    case 'run': {
      const [{ strategyNames }, { builtinScenarioNames }] = await Promise.all([import('../clients/strategies/registry.js'), import('../generate/loadScenario.js')]);
      return `siochaos run [scenario...] [options]: run a campaign per scenario

scenarios: ${builtinScenarioNames().join(', ')} (or the path of a scenario file);
none given: the default scenario (mid-emit cuts, lost acks, resets), or the config's

options:
  --config FILE     the config file (default: siochaos.config.{ts,js,mjs,json} in this folder)
  --seed N          fast-check seed (random and printed when not given)
  --runs N          the most scenarios to run (default 1000)
  --time D          time to search for a failure: 30s, 2m, 500ms (default 30s)
  --clients N       clients per scenario (default 3)
  --strategy S      ${strategyNames.join(' | ')} (default queued-retry)
  --retries N       retries of a message, -1 for unlimited (default -1)
  --ack-timeout D   how long to wait for an ack (default 1s)
  --transport T     websocket | polling | upgrade | any (default websocket, or the scenario's)
  --max-commands N  the longest scenario (default 15)
  --shrink-tries N  runs of each shrink candidate at most (default 3)
  --shrink-failures K  a candidate counts as failing when K of its tries fail (default 1)
  --shrink-time D   time to shrink a failure: 20s, 2m (default 90s); the smallest failing scenario so far is kept
  --bug NAME        switch on a planted bug of the reference server (repeatable)
  --nodes N         run the target as N nodes behind a load balancer (the reference server: 1 to 8; your command, with a config: 1 to 16) (default 1)
  --adapter A       the adapter between its nodes: redis | redis-streams | postgres | cluster (node:cluster workers of one process) (needed with --nodes 2 or more)
  --balancer B      sticky | roaming (each reconnect to another node; websocket only) (default sticky)
                    (with --config, these change the config's target; --bug is for the reference server only)
  --reporter NAME   a reporter to use (repeatable; default all), or the path of a reporter module
  --name NAME       the campaign's name, used for its report folder
  --reports DIR     where report folders go (default ./reports)
  --all-histories   keep the history of every scenario
  --workers N       scenarios at once, each with its own target and proxies (default: half the cores, at least 1,
                    against the reference server; 1 against your own)
  --shard i/n       run part i of n of the campaign: the scenarios k with k mod n = i-1 (same seed on every part)

${EXIT_CODES}`;
    }
    case 'replay':
      return `siochaos replay <report folder | results.json> [--repeat N]: run a report's shrunk counterexample again

It uses the report's config, seed and fast-check path, and runs that one
scenario and nothing else, then says whether the report's anomalies came back
(the same kinds; on the same messages or not).

options:
  --repeat N        replay it N times (default 1), each with its own report folder,
                    and print "reproduced k of N"

exit codes: 0 every replay valid, 1 a replay found anomalies (the report's or others),
2 a replay could not decide (setup failed, bad input, interrupted) and none found anomalies`;
    case 'report':
      return `siochaos report <report folder>: render report.html, junit.xml and summary.md again from results.json and history.jsonl`;
    case 'merge':
      return `siochaos merge <folders or globs...> [--out DIR]: merge the report folders of a sharded campaign into one report

Give the report folder of every shard (siochaos run --shard i/n wrote them; a
quoted glob such as 'shards/*' is expanded). Each is copied into
DIR/shards/shard-i-of-n/ and DIR gets one report of them all: results.json,
history.jsonl, report.html, junit.xml (one testsuite per shard) and summary.md.
Verdict: invalid if any shard is, else unknown if any shard is or a shard is
missing, else valid; figures are summed; every shard's counterexample is kept
with the command that replays it from its copy. No target, Toxiproxy or
network is needed.

It refuses, in one line and exit 2: a folder that is not a shard's report,
shards of different splits, seeds or configs, and a shard given twice. A
missing shard (1, 2 and 4 of 4) is merged, but the report and the console say
so and the verdict cannot be valid.

options:
  --out DIR         the merged report folder, new or empty (default reports/<campaign>-merged/<time>, and reports/latest)

${EXIT_CODES}`;
    case 'doctor':
      return `siochaos doctor [--config FILE]: check that a campaign can run, and say what to fix

Checks Toxiproxy, reports Chromium (a failure only when the config has browser
clients) and Redis (REDIS_URL or redis-server on PATH, and whether it answers;
a failure only when the target's nodes use Redis), checks that the target starts, that a client reaches it through a
proxy and gets an ack, and that the store can be read.

exit codes: 0 all checks passed, 2 a check failed`;
    case 'init':
      return `siochaos init [--force]: write a commented starter siochaos.config.ts in this folder`;
    case 'setup':
      return `siochaos setup: make sure toxiproxy-server (PATH, .tools/bin, or build it with Go), Chromium for browser clients (SIOCHAOS_CHROMIUM, PATH, Playwright's cache, or apt-get install chromium when root) and Redis (REDIS_URL, which must answer, or redis-server on PATH, or apt-get install redis-server when root) are there`;
    default:
      return `siochaos: fault-injection tests of Socket.IO delivery guarantees

usage:
  siochaos run [scenario...] [options]   run a campaign (default: the reference server, about 30 s)
  siochaos replay <report> [--repeat N]  run a report's shrunk counterexample again (N times)
  siochaos report <report folder>        render a report folder's HTML, JUnit and Markdown again
  siochaos merge <shard folders...>      merge the report folders of a sharded campaign into one report
  siochaos doctor                        check Toxiproxy, Chromium, Redis, the target and the store, and say what to fix
  siochaos init                          write a commented starter siochaos.config.ts
  siochaos setup                         make sure toxiproxy-server, Chromium and redis-server are there (builds or installs them if not)

siochaos <command> --help shows a command's options.
environment: TOXIPROXY_URL uses a running Toxiproxy; REDIS_URL a running Redis; DEBUG=siochaos:* logs what happens
${EXIT_CODES}`;
  }
}
