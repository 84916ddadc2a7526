import { Catalog, readGeneratedIr } from '../src/catalog';
import { compileJobFiles } from '../src/compile-job';
import { HttpError, parseBins, parseView } from '../src/view';

const catalog = new Catalog([...readGeneratedIr(), ...compileJobFiles(['difftest/jobs/keyed_by_others.ts'])]);
const meetings = catalog.get('meeting_metrics_30s')!;
const orgs = catalog.get('org_activity_30s')!;
const users = catalog.get('user_trends_60s')!;
const NOW = Date.parse('2026-11-25T12:00:00Z');

function rejected(query: Record<string, unknown>, metric = meetings): HttpError {
  try {
    parseView(metric, query, NOW);
  } catch (error) {
    expect(error).toBeInstanceOf(HttpError);
    return error as HttpError;
  }
  throw new Error(`accepted ${JSON.stringify(query)}`);
}

describe('view parameters', () => {
  it('resolves the relative ranges against the clock it is given', () => {
    const view = parseView(meetings, { range: '15m', measure: 'engagement_score' }, NOW);
    expect([view.from, view.to]).toEqual([NOW - 15 * 60_000, NOW + 1]);
    expect(parseView(meetings, { range: '7d' }, NOW).from).toBe(NOW - 7 * 86_400_000);
    expect(parseView(meetings, {}, NOW).range).toBe('1h');
  });

  it('takes a custom range as ISO-8601 or epoch millis', () => {
    const view = parseView(meetings, { range: 'custom', from: '2026-11-25T10:00:00Z', to: String(NOW) }, NOW);
    expect([view.from, view.to]).toEqual([Date.parse('2026-11-25T10:00:00Z'), NOW]);
  });

  it.each([
    [{ range: '2h' }, "parameter 'range'"],
    [{ range: 'custom', from: '2026-11-25T10:00:00Z' }, "needs 'to'"],
    [{ range: 'custom', from: 'yesterday', to: '2026-11-25T10:00:00Z' }, "parameter 'from'"],
    [{ range: 'custom', from: '2026-11-25T10:00:00Z', to: '2026-11-25T09:00:00Z' }, 'before'],
    [{ range: 'custom', from: '2026-01-01T00:00:00Z', to: '2026-11-25T09:00:00Z' }, 'at most 31 days'],
    [{ range: '1h', from: '2026-11-25T10:00:00Z' }, 'range=custom only'],
  ])('rejects the malformed time range %j', (query, message) => {
    const error = rejected(query);
    expect(error.status).toBe(400);
    expect(error.message).toContain(message);
  });

  it.each([
    ["m1' OR '1'='1", 'keys'],
    ['m1;DROP TABLE x', 'keys'],
    ['m1--', 'org'],
    ['/* c */m1', 'tier'],
    ['m1"', 'keys'],
    ['', 'measure'],
  ])('rejects the injection attempt %j in %s before anything runs', (value, name) => {
    const error = rejected({ [name]: value === '' ? 'active_users; DROP TABLE t' : value });
    expect(error.status).toBe(400);
    expect(error.message).toContain(`'${name}'`);
  });

  it('rejects unknown parameters, repeated ones, a non-numeric measure and an unknown health level', () => {
    expect(rejected({ sql: 'SELECT 1' }).message).toContain('unknown parameter');
    expect(rejected({ keys: ['a', 'b'] }).message).toContain('more than once');
    expect(rejected({ measure: 'meeting_health' }).message).toContain('not a numeric column');
    expect(rejected({ health: 'fine' }).message).toContain("'health'");
    expect(() => parseBins({ bins: '0' })).toThrow(HttpError);
  });

  it('applies the organisation filters by the key, and refuses them where the key has no organisation', () => {
    expect(parseView(orgs, { org: 'org-001', tier: 'pro' }, NOW).filters).toMatchObject({
      orgs: ['org-001'],
    });
    expect(rejected({ org: 'org-001' }, users).message).toContain('keyed by user_id');
    expect(rejected({ health: 'critical' }, orgs).message).toContain('no health column');
  });
});
