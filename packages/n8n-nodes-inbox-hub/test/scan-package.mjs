// Runs n8n's community package scanner lint on one directory and prints its result as JSON. A child
// process of its own: eslint-plugin-n8n-nodes-base treats NODE_ENV=test (which Vitest sets) as its own test
// run and then checks every file as if it were named Test.node.ts.
import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const [dir, which] = process.argv.slice(2);
const patterns = which === 'source' ? SOURCE_FILE_PATTERNS : ['**/*.js', 'package.json'];
const result = await analyzePackage(dir, patterns);
process.stdout.write(
  JSON.stringify({ passed: result.passed, message: result.message, details: result.details }),
);
