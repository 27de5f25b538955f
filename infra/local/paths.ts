import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root; route handlers are module paths relative to it. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Where `npm start` keeps its state (git-ignored). */
export const localStatePaths = (stateDir = join(repoRoot, '.local')) => ({
  stateDir,
  /** The local bank back-office key (stands in for the bank's IAM identity). */
  bankKey: join(stateDir, 'bank-key'),
  /** Endpoints of the running stack, for `npm run bank`. */
  env: join(stateDir, 'env.json'),
  /** DynamoDB Local's files with `npm start -- --persist`. */
  dynamodb: join(stateDir, 'dynamodb'),
});
