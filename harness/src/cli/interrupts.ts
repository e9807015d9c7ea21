/** The command line's interrupt, shared by every campaign of this process. */
let controller: AbortController | undefined;
let signals = 0;

function onSignal(signal: NodeJS.Signals): void {
  signals++;
  if (signals === 1) {
    console.error(`\n${signal}: stopping now and writing the report (again to stop at once)`);
    controller?.abort();
  } else {
    process.exit(2);
  }
}

/**
 * Listens for Ctrl-C (SIGINT) and SIGTERM for the rest of the process: the
 * first aborts the returned signal (campaigns stop and still write their
 * report, verdict `unknown`), a second exits at once with code 2. Signals
 * that came before (e.g. while the sources were loading) count as if they
 * came now. The processes siochaos starts live in process groups of their
 * own: the terminal's Ctrl-C reaches only siochaos, which stops them.
 *
 * @example
 * const signal = listenForInterrupts(earlySignals);
 * process.exitCode = await campaignCommand(options, signal);
 */
export function listenForInterrupts(earlier: readonly NodeJS.Signals[] = []): AbortSignal {
  if (!controller) {
    controller = new AbortController();
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  for (const signal of earlier) onSignal(signal);
  return controller.signal;
}

/**
 * Whether Ctrl-C (or SIGTERM) came during this process's campaigns.
 *
 * @example
 * if (wasInterrupted()) break; // no further scenario file
 */
export function wasInterrupted(): boolean {
  return controller?.signal.aborted ?? false;
}
