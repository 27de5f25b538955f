/** `npm run docs`: rewrites the generated parts of docs/api.md and docs/performance.md. */
import { apiPage } from './api.ts';
import { writeGenerated } from './generated.ts';
import { performancePage } from './performance.ts';

for (const page of [apiPage, performancePage])
  console.log(`${page.file}: ${writeGenerated(page) ? 'written' : 'already current'}`);
