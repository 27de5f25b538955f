import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { synthesizeStage } from './synth.ts';

describe('docs/runbook.md', () => {
  it('has a section for each alarm of the stack, and none for an alarm that does not exist', () => {
    // Prepare
    const { stack } = synthesizeStage('prod', { bundle: false });
    const runbook = readFileSync('docs/runbook.md', 'utf8');

    // Act
    const alarms = new Set(stack.monitoring.alarms.map((a) => a.node.id.replace(/\d+$/, '')));
    const sections = new Set(
      [...runbook.matchAll(/^## (\w+)/gm)].map((m) => (m[1] as string).replace(/\d+$/, '')),
    );

    // Assess
    expect([...sections].sort()).toEqual([...alarms].sort());
  });
});
