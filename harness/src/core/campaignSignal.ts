import { setMaxListeners } from 'node:events';

/**
 * How many waits may listen to a campaign's abort signal at once: every
 * client, message and final-phase wait adds one while it waits (and removes
 * it after), so a scenario with many pending messages passes Node's default
 * of 10 without any leak. A real leak still shows once past this.
 */
export const CAMPAIGN_SIGNAL_LISTENERS = 1000;

/**
 * The signal a campaign stops on: the caller's, or one that never aborts,
 * allowed {@link CAMPAIGN_SIGNAL_LISTENERS} listeners so that Node prints no
 * `MaxListenersExceededWarning` for waits that are all cleaned up.
 *
 * @example
 * const signal = campaignSignal(options.signal); // then sleep(ms, signal), waitFor(..., signal)
 */
export function campaignSignal(signal?: AbortSignal): AbortSignal {
  const campaign = signal ?? new AbortController().signal;
  setMaxListeners(CAMPAIGN_SIGNAL_LISTENERS, campaign);
  return campaign;
}
