import { z } from 'zod';
import { ANOMALIES, ANOMALY_KINDS, GUARANTEES } from './anomalies.js';
import { browserSchema, databaseSchema, protocolSchema, storeSchema, targetSchema, textsSchema } from './config.js';
import { checkValue, InvalidFileError, parseJsonText } from './validateFile.js';
import { transportModeSchema } from './transport.js';
import { faultKindSchema } from './faultKind.js';

/**
 * results.json, format version 1: what a campaign concluded, written to
 * `reports/<campaign>/<timestamp>/results.json`. This file is its one
 * definition: core/CampaignResult.ts infers its types from it, `npm run
 * schemas` writes harness/schema/results.schema.json from it, and
 * `siochaos replay` and `report` read results.json through it.
 *
 * Objects made with `z.strictObject` are closed (a new field needs a new
 * schema); those made with `z.object` may carry fields later versions add
 * (a read drops them). A field older files lack is optional or has a default.
 */

/** The version of the results.json format. */
export const RESULTS_VERSION = 1;

const count = z.number().int().min(0).meta({ id: 'count' });
const millis = z.number().min(0);

export const verdictSchema = z.enum(['valid', 'invalid', 'unknown']).meta({ id: 'verdict', description: 'Exit codes 0, 1 and 2.' });
/** The three-valued outcome of a check or a campaign: exit codes 0, 1 and 2. */
export type Verdict = z.infer<typeof verdictSchema>;

export const anomalyKindSchema = z.enum(ANOMALY_KINDS).meta({
  id: 'anomalyKind',
  // The contract table's words for each kind.
  description: ANOMALY_KINDS.map((kind) => `${kind}: ${ANOMALIES[kind].words.meaning}`).join('; '),
});
export const guaranteeSchema = z.enum(GUARANTEES).meta({ id: 'guarantee' });

export const anomalySchema = z
  .strictObject({
    kind: anomalyKindSchema,
    guarantee: guaranteeSchema,
    /** The client whose message (send side) or whose receipts (receive side) are wrong. */
    client: z.string().optional(),
    msgs: z.array(z.string()).meta({ description: 'Client offsets of the messages involved.' }),
    offsets: z.array(z.number().int()).meta({ description: 'Server offsets (stored rows) involved.' }),
    /** Indices into the history of the events that show the anomaly. */
    events: z.array(z.number().int().min(0)).meta({ description: 'Indices into the history of the events that show it.' }),
    description: z.string(),
    /** The server's own reason, for `rejected`: what its negative ack said. */
    reason: z.string().optional().meta({ description: "The server's own reason, for rejected: what its negative ack said." }),
    /** The payload that caused it, as sent (event and arguments), when one did (`target-crashed`, `bad-row-stored`). */
    payload: z
      .string()
      .optional()
      .meta({ description: 'The payload that caused it (event, arguments, with or without an ack function), for target-crashed and bad-row-stored.' }),
  })
  .meta({ id: 'anomaly' });
/**
 * One thing that went wrong, with what it takes to show it: the messages (client
 * offsets) and server offsets involved, and the indices of the history events
 * that prove it.
 *
 * @example
 * const a: Anomaly = {
 *   kind: 'lost', guarantee: 'stored-at-least-once', client: 'c0', msgs: ['c0-3'],
 *   offsets: [], events: [12, 15], description: 'c0-3 was acknowledged but never stored',
 * };
 */
export type Anomaly = z.infer<typeof anomalySchema>;

export const anomalySketchSchema = z.strictObject({ kind: z.string(), msgs: z.array(z.string()) }).meta({ id: 'anomalySketch' });
/** An anomaly as a replay compares it: its kind and its messages. */
export type AnomalySketch = z.infer<typeof anomalySketchSchema>;

const quantilesSchema = z.object({ p50: z.number(), p95: z.number(), p99: z.number(), max: z.number() }).meta({ id: 'quantiles' });
/** Latency quantiles in ms. */
export type Quantiles = z.infer<typeof quantilesSchema>;

export const nodeFiguresSchema = z
  .object({
    connections: count.meta({ description: 'Connections it served (`connect` events naming it).' }),
    handled: count.meta({ description: 'Messages acknowledged while their client was connected to it.' }),
    recoveries: count.meta({ description: 'Connections to it that recovered their session (connection state recovery).' }),
  })
  .meta({ id: 'nodeFigures' });
/** Figures of one node of a multi-node target, in one scenario. */
export type NodeFigures = z.infer<typeof nodeFiguresSchema>;

export const scenarioPhasesSchema = z
  .object({
    target: millis.meta({ description: 'Waiting for its target: its start, or what was left of the start of a target started ahead.' }),
    proxies: millis.meta({ description: "Getting the clients' Toxiproxy proxies (created, or re-pointed from the scenario before)." }),
    connect: millis.meta({ description: 'Connecting the clients (and a browser for page clients).' }),
    commands: millis.meta({ description: "The scenario's own commands and waits: its sends, faults and pauses." }),
    heal: millis.meta({ description: 'Final phase: healing every fault and restarting a target that is down.' }),
    drain: millis.meta({ description: 'Final phase: clients reconnecting and finishing with every message (bounded by finalPhase.connectMs and drainMs).' }),
    catchUp: millis.meta({ description: 'Final phase: the store going quiet and connected clients receiving all it holds (bounded by finalPhase.catchUpMs).' }),
    storeRead: millis.meta({ description: 'Final phase: the final read of the store.' }),
    check: millis.meta({ description: 'Running the checkers on the history.' }),
    teardown: millis.meta({ description: 'Closing the clients, releasing the proxies, stopping the target and removing its folder.' }),
  })
  .meta({ id: 'scenarioPhases', description: 'Where a scenario\'s time went, in ms per phase; the phases run one after the other and add up to its durationMs.' });
/** Where a scenario's time went, in ms per phase (they add up to its duration). */
export type ScenarioPhases = z.infer<typeof scenarioPhasesSchema>;

export const scenarioFiguresSchema = z
  .object({
    sent: count,
    attempts: count,
    retries: count,
    acked: count,
    gaveUp: count,
    stored: count,
    receives: count,
    faults: count,
    disconnects: count,
    /** From the first attempt of a message to its ok, acknowledged messages only. */
    ackLatencyMs: quantilesSchema,
    /** Per fault: from its heal to the first ok after it, when there was one. */
    recoveryMs: z.array(z.number()),
    /** Per node of a multi-node target (absent for one node), by name. */
    nodes: z.record(z.string(), nodeFiguresSchema).optional(),
    /** Where the scenario's time went (older files lack it). */
    phasesMs: scenarioPhasesSchema.optional(),
  })
  .meta({ id: 'scenarioFigures' });
/** Figures of one scenario (or, summed, of a campaign). */
export type ScenarioFigures = z.infer<typeof scenarioFiguresSchema>;

export const campaignFiguresSchema = z
  .object({
    scenarios: count,
    valid: count,
    invalid: count,
    unknown: count,
    shrinkRuns: count,
    messagesSent: count,
    messagesAcked: count,
    messagesStored: count,
    retries: count,
    faultsInjected: z.record(z.string(), count).meta({ description: 'Faults injected, by fault name.' }),
    phasesMs: z
      .object({
        total: scenarioPhasesSchema,
        median: scenarioPhasesSchema,
        overheadTotal: millis.meta({ description: "Everything but the scenarios' own commands and waits, summed over the scenarios." }),
        overheadMedian: millis.meta({ description: "The median scenario's overhead (everything but its commands and waits)." }),
      })
      .optional()
      .meta({ description: 'Where the scenarios\' time went: per phase summed over every scenario run, and the median scenario\'s. Older files lack it.' }),
  })
  .meta({ id: 'campaignFigures' });
/** Campaign-wide figures. */
export type CampaignFigures = z.infer<typeof campaignFiguresSchema>;

const checkResultSchema = z
  .object({
    checker: z.string(),
    verdict: verdictSchema,
    anomalies: z.array(anomalySchema),
    counts: z.record(z.string(), z.number()),
    /** Why a verdict is `unknown`, what was not an error (`recovered`), and the like. */
    notes: z.array(z.string()),
  })
  .meta({ id: 'checkResult' });
/**
 * What one checker concluded about one history.
 *
 * @example
 * const r: CheckResult = { checker: 'delivery', verdict: 'valid', anomalies: [], counts: { sent: 3 }, notes: [] };
 */
export type CheckResult = z.infer<typeof checkResultSchema>;

export const scenarioResultFileSchema = z
  .strictObject({
    verdict: verdictSchema,
    check: z.object({
      verdict: verdictSchema,
      anomalies: z.array(anomalySchema),
      counts: z.record(z.string(), z.number()),
      notes: z.array(z.string()),
      results: z.array(checkResultSchema),
    }),
    figures: scenarioFiguresSchema,
    durationMs: millis,
    faults: z.record(z.string(), count),
    error: z.string().optional(),
    events: count.meta({ description: 'How many events its history (in historyFile) has.' }),
  })
  .meta({ id: 'scenarioResult', description: "A scenario's outcome; its history is not here but in historyFile (events says how many it has)." });
/** A scenario result as results.json stores it: its history is in history.jsonl, `events` says how long it is. */
export type ScenarioResultFile = z.infer<typeof scenarioResultFileSchema>;

export const reproductionSchema = z
  .strictObject({ failures: count, tries: z.number().int().min(1) })
  .meta({
    description:
      'How often the counterexample failed when run again: its runs while shrinking, topped up to config.shrink.tries (a race fails in some runs only). Older files lack it.',
  });

export const counterexampleFileSchema = z
  .strictObject({
    commands: z.array(z.string()).meta({ description: 'The commands of the shrunk scenario, in order.' }),
    seed: z.number().int(),
    path: z.string().meta({ description: "fast-check's path to the shrunk counterexample." }),
    commandsPath: z.string().meta({ description: "fast-check's record of which commands ran." }),
    replayCommand: z.string().meta({ description: 'A command line that replays it.' }),
    reproduction: reproductionSchema.optional(),
    result: scenarioResultFileSchema,
  })
  .meta({ id: 'counterexample', description: 'The smallest failing scenario found, and what replays it.' });
/** The counterexample as results.json stores it. */
export type CounterexampleFile = z.infer<typeof counterexampleFileSchema>;

export const scenarioSummarySchema = z
  .object({
    index: z.number().int().min(1).meta({
      description:
        "Which scenario of the seeded campaign: while searching, scenario N is the one at fast-check path N - 1, whatever the workers or shard that ran it; shrink runs are numbered after the search's.",
    }),
    phase: z.enum(['search', 'shrink']).meta({ description: '`search` while looking for a failure, `shrink` while shrinking one.' }),
    worker: z.number().int().min(1).optional().meta({ description: 'Which of the campaign\'s workers ran it (1 to config.workers). Older files lack it.' }),
    transport: transportModeSchema.optional(),
    verdict: verdictSchema,
    durationMs: millis,
    commands: z.array(z.string()),
    anomalies: count,
    figures: scenarioFiguresSchema,
    error: z.string().optional(),
    shard: z.number().int().min(1).optional().meta({ description: 'In a merged report: the shard that ran it (its index in that shard\'s own report).' }),
  })
  .meta({ id: 'scenarioSummary' });

const positiveMs = z.number().positive();

export const shardSchema = z
  .strictObject({ index: z.number().int().min(1), count: z.number().int().min(1) })
  .meta({
    id: 'shard',
    description: 'Part index of count of a campaign (--shard index/count): it ran the scenarios at fast-check paths k with k mod count == index - 1.',
  });

/** The finalPhase bounds as results.json stores them. */
const finalPhaseFileSchema = z
  .object({
    connectMs: millis.meta({ description: 'how long clients get to reconnect after the heal' }),
    drainMs: millis.meta({ description: 'how long strategies get to finish with every message' }),
    catchUpMs: millis.meta({ description: 'how long connected clients get to receive everything stored' }),
    quietMs: millis.meta({ description: 'how long the store must stay unchanged to count as quiet' }),
  })
  .meta({
    description:
      "The final phase's bounds used, in ms: drainMs derives from ackTimeoutMs and retries (one ack timeout, then until a stuck message counts as unanswered, max(2 s, 2 ack timeouts), or until its retries run out, plus a 15 s margin); connectMs, catchUpMs and quietMs are fixed; a user's finalPhase settings override any.",
  });

/**
 * The resolved campaign config as results.json stores it: what a replay hands
 * on to the campaign. The target, store, protocol, database, browser and texts
 * are as the config file has them (model/config.ts); the scenario and fields
 * later versions add are kept as written.
 */
export const configFileSchema = z
  .looseObject({
    name: z.string().regex(/^[\w.-]+$/),
    seed: z.number().int(),
    runs: z.number().int().min(1),
    timeLimitMs: positiveMs,
    shrinkTimeLimitMs: positiveMs,
    clients: z.number().int().min(1),
    strategy: z.string(),
    ackTimeoutMs: positiveMs,
    retries: z
      .number()
      .int()
      .min(0)
      .nullable()
      .meta({ description: 'Retries after the first attempt; null when unlimited (Infinity in the config).' }),
    maxCommands: z.number().int().min(1),
    transport: z.enum([...transportModeSchema.options, 'any']),
    target: targetSchema,
    protocol: protocolSchema.optional(),
    store: storeSchema.optional(),
    database: databaseSchema.optional(),
    browser: browserSchema.optional(),
    texts: textsSchema.optional(),
    reportsDir: z.string(),
    keepAllHistories: z.boolean(),
    replay: z
      .object({
        path: z.string(),
        commandsPath: z.string(),
        expected: z.array(anomalySketchSchema).optional().meta({ description: 'The anomalies of the report replayed.' }),
      })
      .optional(),
    finalPhase: finalPhaseFileSchema.optional(),
    shrink: z.object({ tries: z.number().int().min(1).optional(), failures: z.number().int().min(1).optional() }).optional(),
    reporters: z.array(z.string()).nullable().optional(),
    workers: z.number().int().min(1).optional().meta({ description: 'How many scenarios ran at once. Older files lack it.' }),
    shard: shardSchema.optional(),
  })
  .meta({ id: 'config', description: 'The resolved campaign config. Fields besides the required ones may be added by later versions of siochaos.' });

export { faultKindSchema, type FaultKind } from './faultKind.js';

export const faultFamilyPlanSchema = z.strictObject({
  family: faultKindSchema,
  /** The faults of this family the scenarios draw. */
  drawn: z.array(z.string()),
  /** The faults of this family the target cannot take, each with why. */
  skipped: z.array(z.strictObject({ fault: z.string(), reason: z.string() })),
});
/** One fault family of a scenario, as chosen for a target: what its scenarios draw and what they skip. */
export type FaultFamilyPlan = z.infer<typeof faultFamilyPlanSchema>;

export const rowIdentitySchema = z
  .enum(['client-offset', 'content', 'none'])
  .meta({
    description:
      'How stored rows were matched to the messages sent: by client offset, by content (the store keeps no client identity), or not at all.',
  });

/**
 * How stored rows are matched to the messages clients sent: by the client
 * offset the store keeps, by content (the store keeps no client identity;
 * texts were unique within each scenario), or `none` (no store).
 */
export type RowIdentity = z.infer<typeof rowIdentitySchema>;

export const storeScopeSchema = z.enum(['whole', 'own-messages']).meta({
  description:
    "What the final reads judged: the whole store (siochaos's alone), or only each scenario's own rows of a store shared with other runs (rows with no client offset or text of this run were not judged).",
});
/** What a campaign's final reads judged: the whole store, or only each scenario's own rows. */
export type StoreScope = z.infer<typeof storeScopeSchema>;

export const replayOutcomeSchema = z.strictObject({
  /** The verdict of the replayed scenario. */
  verdict: verdictSchema,
  /** Every anomaly kind of the report came back (the counterexample still fails the same way). */
  reproduced: z.boolean().meta({ description: 'Every anomaly kind of the report came back.' }),
  /** And each of the report's anomalies came back on the same messages (offsets compared without their run prefix). */
  sameMessages: z.boolean().meta({ description: 'And on the same messages (client offsets without their run prefix).' }),
  /** The report's anomalies. */
  expected: z.array(anomalySketchSchema),
  /** The replay's anomalies. */
  found: z.array(anomalySketchSchema),
  /** Kinds of the report that the replay did not find. */
  missing: z.array(z.string()),
  /** Kinds the replay found that the report did not name. */
  extra: z.array(z.string()),
});
/**
 * What a replay found against what its report said: whether the same
 * anomalies came back.
 *
 * @example
 * const outcome: ReplayOutcome = {
 *   verdict: 'invalid', reproduced: true, sameMessages: true, missing: [], extra: [],
 *   expected: [{ kind: 'duplicated', msgs: ['c0-1'] }], found: [{ kind: 'duplicated', msgs: ['c0-1'] }],
 * };
 */
export type ReplayOutcome = z.infer<typeof replayOutcomeSchema>;

export const mergedShardSchema = z
  .strictObject({
    index: z.number().int().min(1).meta({ description: 'Which shard: i of --shard i/n.' }),
    count: z.number().int().min(1).meta({ description: 'Of how many: n of --shard i/n.' }),
    verdict: verdictSchema,
    interrupted: z.boolean(),
    error: z.string().optional(),
    startedAt: z.string(),
    durationMs: millis,
    figures: campaignFiguresSchema,
    folder: z.string().meta({ description: "The shard's report folder, copied into the merged one (relative to it)." }),
    source: z.string().meta({ description: 'The folder the shard was read from.' }),
    counterexample: counterexampleFileSchema.optional().meta({ description: "The shard's counterexample; its replayCommand replays it from the copied folder." }),
    anomalies: z.array(anomalySchema).meta({ description: "The shard's anomalies (their events index the copied folder's history)." }),
  })
  .meta({ id: 'mergedShard', description: 'One shard of a merged report, as its own report said.' });
/** One shard of a merged report (see {@link mergeSchema}). */
export type MergedShard = z.infer<typeof mergedShardSchema>;

export const mergeSchema = z
  .strictObject({
    count: z.number().int().min(1).meta({ description: 'How many shards the campaign was split into.' }),
    shards: z.array(mergedShardSchema).meta({ description: 'The shards merged, by index.' }),
    missing: z.array(z.number().int().min(1)).meta({ description: 'Shards of the campaign with no report among those merged: the verdict cannot be valid.' }),
    shown: z.number().int().min(1).optional().meta({ description: 'The shard whose counterexample, anomalies and history this file shows at its top level.' }),
  })
  .meta({ id: 'merge', description: 'What `siochaos merge` merged: each shard as its report said, and the shards missing.' });
/** How a merged report was made from its shards. */
export type MergeFile = z.infer<typeof mergeSchema>;

export const resultsFileSchema = z
  .strictObject({
    version: z.literal(RESULTS_VERSION).meta({ description: 'The format version; readers refuse versions they do not know.' }),
    verdict: verdictSchema,
    seed: z.number().int().meta({ description: 'The fast-check seed: the same seed and config run the same scenarios.' }),
    startedAt: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/)
      .meta({ description: 'ISO 8601, UTC.' }),
    durationMs: millis,
    interrupted: z
      .boolean()
      .meta({ description: 'Stopped by SIGINT/SIGTERM: the verdict is then unknown and the figures are what it found so far.' }),
    /** Why the campaign could not decide (setup failed), if it could not. */
    error: z.string().optional().meta({ description: 'Why the campaign could not decide (setup failed), when it could not.' }),
    config: configFileSchema,
    configDigest: z
      .string()
      .regex(/^[0-9a-f]{16}$/)
      .optional()
      .meta({
        description:
          'A digest of what makes the campaign the one it is: the seed, scenario, clients, strategy, ack timeout, retries, maxCommands, transport, texts, target, protocol, store, database, browser, final phase and shrink judgement (not its name, budgets, outputs, workers or shard). Shards of one campaign carry the same digest. Older files lack it.',
      }),
    shard: shardSchema
      .optional()
      .meta({ description: 'The part of the campaign this run was (--shard index/count); absent when it ran the whole campaign.' }),
    figures: campaignFiguresSchema,
    counterexample: counterexampleFileSchema.optional(),
    /** The anomalies of the counterexample. */
    anomalies: z
      .array(anomalySchema)
      .meta({ description: 'The anomalies of the counterexample, or of the last failing scenario when shrinking did not finish.' }),
    /** Scenarios whose verdict was `unknown`, and why. */
    unknowns: z
      .array(z.strictObject({ index: z.number().int().min(1), reason: z.string(), shard: z.number().int().min(1).optional() }))
      .default([])
      .meta({ description: 'Scenarios whose verdict was unknown, and why.' }),
    /** Faults that scenarios drew but this target cannot take, how often, and why. */
    skippedFaults: z
      .array(z.strictObject({ fault: z.string(), reason: z.string(), count: z.number().int().min(1) }))
      .default([])
      .meta({
        description:
          'Faults scenarios drew but could not inject into this target (a url target has no process to crash, say), how often, and why.',
      }),
    /** The fault families the scenario asked for, as chosen for this target before the first scenario: the faults drawn and those skipped, with why. */
    faultFamilies: z
      .array(faultFamilyPlanSchema)
      .default([])
      .meta({
        description:
          'The fault families the scenario asked for (by its families or by the faults it lists), as chosen for this target before the first scenario: the faults its scenarios drew, and those left out because the target cannot take them, with why. Older files lack it.',
      }),
    notJudged: z
      .array(z.strictObject({ kind: anomalyKindSchema, why: z.string() }))
      .optional()
      .meta({
        description:
          "Anomaly kinds the campaign did not judge, because its client strategy, protocol or target does not promise what the kind needs (ack-retry promises no send order: reordered), and why. Left out when every kind was judged.",
      }),
    rowsMatchedBy: rowIdentitySchema.optional(),
    /** What the final reads judged: `whole` (the store was siochaos's alone, every row counts) or `own-messages` (a store shared with other runs that cannot be reset: each scenario judged only the rows carrying its own prefix). */
    storeScope: storeScopeSchema.optional(),
    /** The folder the reports were written to. */
    reportDir: z.string().meta({ description: 'The folder the reports were written to, as it was when they were written.' }),
    /** The history file beside results.json (JSON Lines, one event a line). */
    historyFile: z.string().default('history.jsonl').meta({ description: 'The JSON Lines history beside this file, one event a line.' }),
    /** The index of the scenario whose history `historyFile` holds, when one ran. */
    historyScenario: z.number().int().min(1).optional().meta({ description: 'The scenario whose history historyFile holds.' }),
    /** Every scenario the campaign ran, in order (written since siochaos 0.1; older files lack it). */
    scenarios: z
      .array(scenarioSummarySchema)
      .optional()
      .meta({ description: 'Every scenario the campaign ran, in order, shrink runs included.' }),
    /** A report merged from shards by `siochaos merge`: each shard as its report said, and those missing. */
    merge: mergeSchema
      .optional()
      .meta({ description: 'Only in a report `siochaos merge` wrote: the shards merged (each with its verdict, figures, counterexample) and those missing.' }),
    /** A replay's comparison with the report it replays (only for a replay of a report with anomalies). */
    replay: replayOutcomeSchema
      .optional()
      .meta({ description: "A replay's comparison with the report it replays: whether the report's anomalies came back." }),
  })
  .meta({
    title: 'siochaos results.json, version 1',
    description:
      'What a siochaos campaign concluded, written to reports/<campaign>/<timestamp>/results.json. The history of the scenario the report shows is in the JSON Lines file named by historyFile (see history-event.schema.json). JSON has no Infinity: an unlimited config.retries is null.',
  });

/**
 * results.json as a read gives it back: the campaign result, with the history
 * moved out to `historyFile` and every scenario's summary listed.
 *
 * @example
 * const results = resultsFileSchema.parse(JSON.parse(await readFile('reports/latest/results.json', 'utf8')));
 * results.counterexample?.replayCommand;
 */
export type ResultsFile = z.output<typeof resultsFileSchema>;

/**
 * results.json's text, checked: what {@link resultsFileSchema} gives back.
 *
 * @throws InvalidFileError with one line naming `file` and the field: not JSON,
 *   not a results file (no `version`), a newer version, or a field missing or
 *   of the wrong type.
 * @example
 * const results = parseResultsFile(await readFile(file, 'utf8'), file);
 */
export function parseResultsFile(text: string, file: string): ResultsFile {
  const value = parseJsonText(text, file);
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const { version } = value as { version?: unknown };
    if (typeof version !== 'number') {
      const found = version === undefined ? 'missing' : `${JSON.stringify(version)}`;
      throw new InvalidFileError(`${file}: version: ${found}: it is not a results.json written by siochaos`);
    }
    if (version > RESULTS_VERSION) {
      throw new InvalidFileError(`${file}: version: ${version}, this siochaos reads version ${RESULTS_VERSION}: upgrade siochaos`);
    }
  }
  return checkValue(resultsFileSchema, value, file);
}
