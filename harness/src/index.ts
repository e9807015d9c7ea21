/**
 * siochaos: fault-injection tests of Socket.IO delivery guarantees.
 * The public API; every export is named.
 */
export type { CampaignOptions, CampaignConfig, TargetConfig, ReferenceTargetConfig, ReplayPoint, Shard } from './config/types.js';
export { resolveConfig } from './config/resolveConfig.js';
export { parseShard, inShard } from './config/shard.js';
export { configDigest } from './core/configDigest.js';
export { DEFAULTS } from './config/defaults.js';

export { runCampaign, type RunCampaignOptions } from './core/runCampaign.js';
export { runScenario, type ScenarioSetup, type ScenarioResult } from './core/runScenario.js';
export type { CampaignResult, ScenarioSummary, Counterexample, CampaignFigures } from './core/CampaignResult.js';
export { exitCodeOf } from './core/exitCode.js';
export { replayPlan, type ReplayPlan } from './core/replay.js';
export { repeatReplay, repeatedVerdict, reproducedLine, type RepeatedReplay } from './core/repeatReplay.js';
export { compareReplay, describeReplay, type ReplayOutcome, type AnomalySketch } from './core/compareReplay.js';
export type { World } from './generate/World.js';
export { scenarioFigures, quantiles, type ScenarioFigures, type Quantiles } from './core/figures.js';

export { defineScenario, defaultScenario, type ScenarioDefinition, type CommandKind } from './generate/ScenarioDefinition.js';
export { loadScenario, builtinScenarioNames, validateScenario } from './generate/loadScenario.js';
export { scenarioCommands, generatedScenario, messageText, LONG_TEXT } from './generate/arbitraries.js';
export type { TextOptions } from './generate/arbitraries.js';

export { checkHistory, combineResults, type HistoryCheck, type CheckerChoice } from './checkers/checkHistory.js';
export { checkerRegistry, builtinCheckerNames, type BuiltinCheckerName } from './checkers/registry.js';
export type { Anomaly, AnomalyKind, Checker, CheckResult, Guarantee, Verdict } from './checkers/Checker.js';
export { anomaly } from './checkers/Checker.js';
export { ANOMALIES, ANOMALY_KINDS, GUARANTEES, guaranteeOf, type AnomalyContract, type AnomalySide, type Blame, type Need } from './model/anomalies.js';
export { unjudgedKinds, type ClientPromises, type ProtocolPromises, type TargetPromises, type CampaignPromises, type Unjudged } from './model/promises.js';

export type { HistoryEvent, History } from './history/events.js';
export { HistoryRecorder } from './history/recorder.js';
export { historyToJsonl, parseJsonl, readHistory, writeHistory } from './history/jsonl.js';

export type { ClientStrategy, StrategyFactory, StrategyOptions, StrategyContext, OutgoingMessage } from './clients/Strategy.js';
export { strategies, strategyByName, strategyNames, type StrategyName } from './clients/strategies/registry.js';
export { ChaosClient, type ChaosClientOptions, type TransportMode } from './clients/ChaosClient.js';

export type { Fault, FaultContext, FaultParams, ParamSpec, ActiveFault } from './faults/Fault.js';
export { faults, faultByName, type FaultName } from './faults/registry.js';

export type { Protocol, BroadcastMessage } from './protocol/Protocol.js';
export { tutorialProtocol } from './protocol/tutorial.js';

export type { Target, TargetAddress, TargetProcess, StoredRow } from './target/Target.js';
export { rowIdentity, matchesByContent, rowMatchesByContent, type RowIdentity } from './stores/rowIdentity.js';
export { UniqueTexts } from './clients/uniqueTexts.js';
export type { Reporter, ScenarioStart, WorkerIdle } from './core/Reporter.js';
export { SetupError } from './errors/SetupError.js';
export { provideToxiproxy } from './toxiproxy/provide.js';
export { provideRedis, scenarioRedisPrefix, deleteRedisKeys, type RedisServer } from './provision/redis.js';
export { defineConfig } from './config/defineConfig.js';
export type { SiochaosConfig } from './model/config.js';
export { loadConfig, readConfigFile, configToOptions } from './config/loadConfigFile.js';
export { FAILPOINT_POINTS, ADAPTER_KINDS } from './target/Target.js';
export type { TargetNode, TargetAdapter, AdapterKind } from './target/Target.js';
export type { LoadBalancer } from './target/LoadBalancer.js';
export type { FailpointPoint, TargetFailpoints, TargetDatabase, SqliteDatabase, PostgresDatabase } from './target/Target.js';
export { referenceServerTarget, type ReferenceServerOptions } from './target/referenceServer.js';
export type { ReconnectableClient } from './faults/client/ReconnectableClient.js';
export { reporters, reporterNames, defaultReporterNames, reportersByName, resolveReporters } from './reporters/registry.js';
export { loadReporterModule } from './reporters/loadReporterModule.js';
export { consoleReporter } from './reporters/consoleReporter.js';
export { jsonReporter } from './reporters/jsonReporter.js';
export { htmlReporter } from './reporters/html/htmlReporter.js';
export { junitReporter } from './reporters/junit/junitReporter.js';
export { markdownReporter } from './reporters/markdown/markdownReporter.js';
export { renderReport } from './reporters/renderReport.js';
export { mergeReports, type MergeReportsOptions, type MergedReport } from './merge/mergeReports.js';
export { runDoctor, type DoctorCheck } from './core/doctor.js';
export type { ScenarioClient } from './clients/ScenarioClient.js';
export { BrowserClient, type BrowserClientOptions, type PageSelectors } from './clients/browser/BrowserClient.js';
export { withDatabaseProxy, type DatabaseProxyOptions } from './target/databaseProxy.js';
