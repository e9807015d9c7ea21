import type { ClientStrategy } from '../clients/Strategy.js';
import { PROMISES_EVERYTHING, unjudgedKinds, type CampaignPromises, type Unjudged } from '../model/promises.js';
import type { Protocol } from '../protocol/Protocol.js';
import { targetPromises, type Target } from '../target/Target.js';

/** The parts of a campaign whose promises decide what it judges. */
export interface PromisingParts {
  /** The Node clients' strategy (an instance: its promises may depend on its options); none when every client is a page. */
  strategy?: ClientStrategy;
  /** Browser pages among the clients: their own code, which promises what siochaos cannot know. */
  pages?: boolean;
  protocol: Protocol;
  target: Target;
  /** Whether the campaign reads the target's store (false for `store: { kind: 'none' }`). */
  storeRead: boolean;
}

/**
 * What a campaign's parts promise, each with who promised it: a strategy or
 * protocol that declares nothing is taken to promise everything (as pages are).
 *
 * @example
 * campaignPromises({ strategy: ackRetry({ ackTimeoutMs: 1000, retries: Infinity }), protocol: tutorialProtocol, target, storeRead: true });
 */
export function campaignPromises(parts: PromisingParts): CampaignPromises {
  const clients = [
    ...(parts.strategy ? [{ by: `the ${parts.strategy.name} strategy`, promises: parts.strategy.promises ?? PROMISES_EVERYTHING }] : []),
    ...(parts.pages ? [{ by: 'the pages', promises: PROMISES_EVERYTHING }] : []),
  ];
  return {
    clients,
    protocol: { by: `the ${parts.protocol.name} protocol`, promises: parts.protocol.promises ?? { refusals: true } },
    target: { by: parts.storeRead ? `the ${parts.target.name} target` : 'a campaign with store kind none', promises: targetPromises(parts.target, parts.storeRead) },
  };
}

/**
 * The anomaly kinds a campaign does not judge, and why: see `unjudgedKinds`.
 *
 * @example
 * unjudgedIn({ strategy: ackRetry(options), protocol, target, storeRead: true }).map((u) => u.kind); // ['reordered']
 */
export function unjudgedIn(parts: PromisingParts): Unjudged[] {
  return unjudgedKinds(campaignPromises(parts));
}
