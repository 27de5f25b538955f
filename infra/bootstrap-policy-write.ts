import { executionPolicyDocument } from './bootstrap-policy.ts';

// `npm run bootstrap-policy > execution-policy.json` (docs/deploy.md, step 1).
process.stdout.write(`${JSON.stringify(executionPolicyDocument(process.argv[2] ?? 'aws'), null, 2)}\n`);
