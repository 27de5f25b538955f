import { mkdirSync, writeFileSync } from 'node:fs';
import { buildOpenApiDocument } from './document.ts';

/** `npm run openapi`: writes docs/openapi.json from the route table. */
mkdirSync('docs', { recursive: true });
writeFileSync('docs/openapi.json', `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`);
console.log('docs/openapi.json written');
