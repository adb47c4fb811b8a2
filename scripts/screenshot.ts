// Full-page screenshots of built pages, to see what a reader sees. Builds nothing: run `npm run build`
// first. Serves dist/ on 127.0.0.1 with the browser tests' static server.
//
//   node scripts/screenshot.ts / /case-studies/rate-limiting/
//
// writes, for each path, into .tmp/screenshots/:
//   <slug>-light.png, <slug>-dark.png   1280 px wide, full page
//   <slug>-mobile-light.png             390 px wide, full page
// and prints the file paths. The slug of / is `home`. With --pieces, each shot is instead a series of
// viewport-sized screenshots down the page (<slug>-light-01.png, …), easier to read than one tall image.
// With --at '<css selector>', each shot is one viewport with the first matching element scrolled to its
// top (<slug>-light-at.png, …): the panel or chart you just changed, without paging through the rest.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, type OpenOptions } from '../test/browser/chromium.ts';
import { serveStatic } from '../test/browser/static-server.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, '.tmp', 'screenshots');

export function slugFor(path: string): string {
  const slug = path
    .replace(/^[a-z]+:\/\/[^/]+/i, '')
    .replace(/[?#].*$/, '')
    .replace(/\.html$/, '')
    .split('/')
    .filter((part) => part !== '' && part !== 'index')
    .join('-')
    .replace(/[^a-z0-9._-]+/gi, '_');
  return slug === '' ? 'home' : slug;
}

const SHOTS: readonly { suffix: string; options: OpenOptions }[] = [
  { suffix: 'light', options: { theme: 'light', viewport: { width: 1280, height: 800 } } },
  { suffix: 'dark', options: { theme: 'dark', viewport: { width: 1280, height: 800 } } },
  { suffix: 'mobile-light', options: { theme: 'light', viewport: { width: 390, height: 844 } } },
];

async function main(args: readonly string[]): Promise<number> {
  const pieces = args.includes('--pieces');
  const atIndex = args.indexOf('--at');
  const at = atIndex >= 0 ? args[atIndex + 1] : undefined;
  if (atIndex >= 0 && !at) {
    console.error('--at needs a CSS selector, e.g. --at \'lb-scenario[data-lb-scenario="failover"]\'');
    return 2;
  }
  const paths = args.filter((a, i) => a !== '--pieces' && (atIndex < 0 || (i !== atIndex && i !== atIndex + 1)));
  if (paths.length === 0) {
    console.error('usage: node scripts/screenshot.ts <path> [more paths]   e.g. / /case-studies/rate-limiting/');
    return 2;
  }
  mkdirSync(OUT, { recursive: true });
  const server = await serveStatic(join(ROOT, 'dist'));
  let failed = 0;
  try {
    const chrome = await launchChromium();
    try {
      for (const raw of paths) {
        const path = raw.startsWith('/') ? raw : `/${raw}`;
        for (const shot of SHOTS) {
          const o = await chrome.open(shot.options);
          try {
            const response = await o.page.goto(server.url + path, { waitUntil: 'networkidle' });
            const status = response?.status() ?? 0;
            await o.page.evaluate(() => document.fonts.ready.then(() => undefined));
            // Starlight's header and sidebars are fixed to the viewport: a plain full-page capture shows
            // them cut off at the first screen. Grow the viewport to the page's height instead.
            const viewport = shot.options.viewport ?? { width: 1280, height: 800 };
            const height = await o.page.evaluate(() => document.documentElement.scrollHeight);
            if (at) {
              const found = await o.page.evaluate((selector) => {
                const el = document.querySelector(selector);
                if (!el) return false;
                window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 72);
                return true;
              }, at);
              if (!found) {
                console.error(`${path}: nothing matches ${at}`);
                failed++;
                continue;
              }
              await o.page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
              const file = join(OUT, `${slugFor(path)}-${shot.suffix}-at.png`);
              await o.page.screenshot({ path: file, animations: 'disabled' });
              console.log(file);
              continue;
            }
            if (pieces) {
              for (let k = 0, y = 0; y < Math.min(height, 40_000); k++, y += viewport.height) {
                await o.page.evaluate((top) => window.scrollTo(0, top), y);
                await o.page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
                const file = join(OUT, `${slugFor(path)}-${shot.suffix}-${String(k + 1).padStart(2, '0')}.png`);
                await o.page.screenshot({ path: file, animations: 'disabled' });
                console.log(file);
              }
              continue;
            }
            if (height > viewport.height) {
              await o.page.setViewportSize({ width: viewport.width, height: Math.min(height, 16_000) });
              await o.page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
            }
            const file = join(OUT, `${slugFor(path)}-${shot.suffix}.png`);
            await o.page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
            console.log(status === 200 ? file : `${file}   (HTTP ${status})`);
            if (status !== 200) failed++;
            for (const e of o.errors.all()) console.error(`  ${path} (${shot.suffix}): ${e}`);
            for (const u of o.requests.offsite()) console.error(`  ${path} (${shot.suffix}): request left the site: ${u}`);
          } finally {
            await o.close();
          }
        }
      }
    } finally {
      await chrome.close();
    }
  } finally {
    await server.close();
  }
  return failed === 0 ? 0 : 1;
}

if (import.meta.main) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
