import { describe, expect, it } from 'vitest';
import { type LocalLoginResult, localLoginTable, summarizeLogins } from '../../bench/login-local.ts';

const machine = { cpu: 'Test CPU', cores: 2, memoryGiB: 4, node: 'v20.0.0', platform: 'linux x64' };

describe('login on the local stack: figures', () => {
  it('splits each request into hash and rest before taking percentiles', () => {
    // The slowest total has the slowest hash: rest's percentiles are not total's minus hash's.
    const summary = summarizeLogins([
      { totalMs: 100, hashMs: 90, roundTrips: 3, dynamoMs: 8 },
      { totalMs: 110, hashMs: 80, roundTrips: 3, dynamoMs: 27 },
      { totalMs: 200, hashMs: 195, roundTrips: 4, dynamoMs: 3 },
      { totalMs: 105, hashMs: 85, roundTrips: 3, dynamoMs: 18 },
    ]);
    expect(summary.logins).toBe(4);
    expect(summary.total).toEqual({ p50Ms: 105, p95Ms: 200, p99Ms: 200 });
    expect(summary.hash).toEqual({ p50Ms: 85, p95Ms: 195, p99Ms: 195 });
    expect(summary.rest).toEqual({ p50Ms: 10, p95Ms: 30, p99Ms: 30 });
    expect(summary.roundTrips).toEqual({ min: 3, max: 4 });
    expect(summary.ownCode).toEqual({ p50Ms: 2, p95Ms: 3, p99Ms: 3 });
  });

  it('prints the split, the round trips and the budget verdict', () => {
    const result: LocalLoginResult = {
      logins: 60,
      warmup: 20,
      total: { p50Ms: 100, p95Ms: 120, p99Ms: 130 },
      hash: { p50Ms: 88, p95Ms: 100, p99Ms: 105 },
      rest: { p50Ms: 12.04, p95Ms: 20, p99Ms: 25 },
      roundTrips: { min: 3, max: 3 },
      ownCode: { p50Ms: 1.5, p95Ms: 2, p99Ms: 2.25 },
      restBudgetMs: 15,
      machine,
    };
    const table = localLoginTable(result);
    expect(table).toContain('| rest (total − hash, per request) | 12.0 | 20.0 | 25.0 |');
    expect(table).toContain('| hash (password verification) | 88.0 | 100.0 | 105.0 |');
    expect(table).toContain('| rest without DynamoDB Local on the critical path | 1.5 | 2.0 | 2.3 |');
    expect(table).toContain('round trips per login: 3.');
    expect(table).toContain('met at p50, missed at p99');
    expect(table).toContain('Test CPU, 2 cores');
    expect(localLoginTable({ ...result, roundTrips: { min: 3, max: 4 } })).toContain('login: 3–4.');
  });

  it('says why it was skipped', () => {
    expect(localLoginTable({ skipped: 'Java 17+ is needed' })).toBe(
      'Login on the local stack: skipped (Java 17+ is needed).',
    );
  });
});
