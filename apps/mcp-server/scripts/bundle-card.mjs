// Builds the connect card (src/ui/card) into one self-contained HTML file, dist/ui/connect-card.html:
// the script (the card plus ext-apps' App and the SDK pieces it needs) and the style are inlined, so the
// card loads nothing from anywhere and its CSP can forbid every origin.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const root = new URL('../', import.meta.url);
const card = new URL('src/ui/card/', root);

const script = await build({
  entryPoints: [new URL('main.ts', card).pathname],
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
const js = script.outputFiles[0].text
  // Inline, a literal "</script" in the code would end the element early.
  .replaceAll('</script', '<\\/script');
const css = readFileSync(new URL('card.css', card), 'utf8');
const html = readFileSync(new URL('card.html', card), 'utf8')
  .replace('/*STYLE*/', () => css)
  .replace('/*SCRIPT*/', () => js);

mkdirSync(new URL('dist/ui/', root), { recursive: true });
writeFileSync(new URL('dist/ui/connect-card.html', root), html);
console.log(`dist/ui/connect-card.html: ${(Buffer.byteLength(html) / 1000).toFixed(1)} kB`);
