import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { ScenarioSummary } from '../../src/core/CampaignResult.js';
import { renderJunit } from '../../src/reporters/junit/renderJunit.js';
import { xmlAttr, xmlText } from '../../src/reporters/junit/xml.js';
import type { ReportInput } from '../../src/reporters/resultsFile.js';
import { resultsFor, validHistory, XSS, xssHistory } from './fixtures.js';

interface Parsed {
  testsuites: {
    '@tests': string;
    '@failures': string;
    '@errors': string;
    testsuite: {
      '@name': string;
      '@tests': string;
      '@failures': string;
      '@errors': string;
      '@time': string;
      testcase: { '@name': string; '@classname': string; '@time': string; failure?: Record<string, string>[]; error?: Record<string, string>[]; 'system-out'?: string }[];
    }[];
  };
}

function parse(xml: string): Parsed {
  expect(XMLValidator.validate(xml)).toBe(true);
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    isArray: (name) => ['testsuite', 'testcase', 'failure', 'error', 'property'].includes(name),
  }).parse(xml) as Parsed;
}

function withScenarios(input: ReportInput, scenarios: ScenarioSummary[]): ReportInput {
  return { ...input, results: { ...input.results, scenarios } };
}

describe('renderJunit', () => {
  it('puts the anomalies, the steps and the replay command in the failure of the failing scenario', () => {
    const input = resultsFor(xssHistory());
    const suites = parse(renderJunit(input)).testsuites;
    const suite = suites.testsuite[0]!;
    expect([suites['@tests'], suites['@failures'], suites['@errors']]).toEqual(['1', '1', '0']);
    expect(suite.testcase).toHaveLength(1);
    const failure = suite.testcase[0]!.failure![0]!;
    expect(failure['@type']).toBe('lost,duplicated');
    expect(failure['@message']).toBe(
      '2 anomalies; shrunk to 2 steps: 1 message was lost: acknowledged by the server but never stored; 1 message was stored more than once.',
    );
    // Markup in messages comes back as the same text, not as elements.
    expect(failure['#text']).toContain(XSS.img);
    expect(failure['#text']).toContain('Replay: npx siochaos replay reports/fixture/x');
    expect(suite.testcase[0]!['system-out']).toContain(`1. Emit(c0, ${JSON.stringify(XSS.img)})`);
  });

  it('has no failure for a valid campaign, one testcase per search scenario, shrink runs summed up', () => {
    const valid = resultsFor(validHistory());
    const base = valid.results.scenarios![0]!;
    const scenarios: ScenarioSummary[] = [
      { ...base, index: 1 },
      { ...base, index: 2, verdict: 'invalid', anomalies: 3 },
      { ...base, index: 3, phase: 'shrink', verdict: 'valid' },
      { ...base, index: 4, phase: 'shrink', verdict: 'invalid', anomalies: 1 },
    ];
    const input = withScenarios(resultsFor(xssHistory()), scenarios);
    const suite = parse(renderJunit(input)).testsuites.testsuite[0]!;
    expect(suite.testcase.map((t) => t['@name'])).toEqual(['scenario 1', 'scenario 2']);
    expect(suite['@failures']).toBe('1');
    expect(suite.testcase[0]!.failure).toBeUndefined();
    expect(suite.testcase[1]!['system-out']).toContain('shrinking: 2 runs (1 still failing), scenarios 3–4');

    const validSuite = parse(renderJunit(valid)).testsuites.testsuite[0]!;
    expect([validSuite['@tests'], validSuite['@failures'], validSuite['@errors']]).toEqual(['1', '0', '0']);
    expect(validSuite.testcase[0]!['@classname']).toBe('siochaos.fixture');
  });

  it('makes undecided scenarios, a failed setup and an interrupted campaign errors', () => {
    const valid = resultsFor(validHistory());
    const base = valid.results.scenarios![0]!;
    const undecided = withScenarios(
      { ...valid, results: { ...valid.results, verdict: 'unknown', unknowns: [{ index: 2, reason: 'a command failed: boom' }] } },
      [{ ...base, index: 1 }, { ...base, index: 2, verdict: 'unknown' }],
    );
    const suite = parse(renderJunit(undecided)).testsuites.testsuite[0]!;
    expect([suite['@tests'], suite['@failures'], suite['@errors']]).toEqual(['2', '0', '1']);
    expect(suite.testcase[1]!.error![0]!['@message']).toBe('could not decide: a command failed: boom');
    expect(suite.testcase[1]!.error![0]!['@type']).toBe('unknown');

    const setup = resultsFor(validHistory(), { verdict: 'unknown', error: 'toxiproxy-server not found: run `npm run setup` or set TOXIPROXY_URL' });
    const setupSuite = parse(renderJunit(withScenarios(setup, []))).testsuites.testsuite[0]!;
    expect(setupSuite.testcase.map((t) => t['@name'])).toEqual(['campaign']);
    expect(setupSuite.testcase[0]!.error![0]!['@type']).toBe('setup');
    expect(setupSuite['@errors']).toBe('1');

    const interrupted = resultsFor(validHistory(), { verdict: 'unknown', interrupted: true });
    const interruptedSuite = parse(renderJunit(interrupted)).testsuites.testsuite[0]!;
    expect(interruptedSuite.testcase.map((t) => t['@name'])).toEqual(['scenario 1', 'campaign']);
    expect(interruptedSuite.testcase[1]!.error![0]!['@message']).toBe('Could not decide: the campaign was interrupted after 1 scenario.');
  });

  it('reads an old results.json without scenario summaries as one testcase', () => {
    const input = resultsFor(xssHistory());
    delete input.results.scenarios;
    const suite = parse(renderJunit(input)).testsuites.testsuite[0]!;
    expect(suite.testcase.map((t) => t['@name'])).toEqual(['campaign']);
    expect(suite.testcase[0]!.failure![0]!['@type']).toBe('lost,duplicated');
  });
});

describe('xml escaping', () => {
  it('keeps any text well-formed', () => {
    const nasty = `a <b> & "c" 'd'\u0000\u0007\ud800 ]]> \n\tz`;
    const xml = `<r a="${xmlAttr(nasty)}">${xmlText(nasty)}</r>`;
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', processEntities: true, trimValues: false }).parse(xml);
    expect(parsed.r['#text']).toBe(`a <b> & "c" 'd'\uFFFD\uFFFD\uFFFD ]]> \n\tz`);
  });
});
