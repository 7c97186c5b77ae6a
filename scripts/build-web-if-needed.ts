// Builds the web app when apps/web/dist is missing or older than its sources (part of `npm start`).
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const web = path.join(root, 'apps/web');
const marker = path.join(web, 'dist/index.html');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const sources = Math.max(newest(path.join(web, 'src')), newest(path.join(root, 'packages/contracts/src')), statSync(path.join(web, 'index.html')).mtimeMs);
if (existsSync(marker) && statSync(marker).mtimeMs >= sources) {
  console.log('web: build is current');
} else {
  console.log('web: building the web application (once; about a minute)…');
  execSync('npx vite build --logLevel warn', { cwd: web, stdio: 'inherit' });
}
