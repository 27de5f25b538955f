import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { stageConfig } from '../../infra/config/stages.ts';
import { defineStack } from '../../infra/define-app.ts';

describe('docs/runbook.md', () => {
  it('has a section for each alarm of the stack, and none for an alarm that does not exist', () => {
    // Prepare: the prod stack's constructs (no synthesis: the alarms exist once constructed)
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = defineStack(app, stageConfig('prod', {}), { portalAssets: null });
    const runbook = readFileSync('docs/runbook.md', 'utf8');

    // Act: numbered alarms (FunctionFailures1, 2, …) share one section
    const alarms = new Set(stack.monitoring.alarms.map((a) => a.node.id.replace(/\d+$/, '')));
    const sections = new Set(
      [...runbook.matchAll(/^## (\w+)/gm)].map((m) => (m[1] as string).replace(/\d+$/, '')),
    );

    // Assess
    expect([...sections].sort()).toEqual([...alarms].sort());
  });
});
