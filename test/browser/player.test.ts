// The played simulations (src/components/Player.astro, src/client/player-runtime.ts) in real headless Chromium
// against the built site (dist/): nothing plays until the reader starts it; Space and k play and pause; the
// scrubber moves the playhead and says the frame; with reduced motion nothing advances without a key press and
// Play steps through the key moments; after an edit of the panel the player plays the new run; the player's
// code is not in the page's eager JavaScript. Expectations are computed here by the same models and the same
// frame functions (src/lib/player.ts). Run after `astro build`.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../../models/evaluate.ts';
import { rateLimitCompare } from '../../models/rate-limiting/compare.ts';
import * as rateLimiting from '../../case-studies/rate-limiting.ts';
import * as notifications from '../../case-studies/notifications.ts';
import { rateLimitPlayer, stormPlayer } from '../../src/lib/player.ts';
import { launchChromium, type Chromium, type OpenedPage } from './chromium.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

const DIST = resolve('dist');
const SETTLE = { timeout: 15_000, interval: 50 } as const;
const RATE = '/case-studies/rate-limiting/';
const PLAYER = 'lb-player[data-lb-chart="rate-limit-timeline"]';

let server: StaticServer;
let chrome: Chromium;
const opened: OpenedPage[] = [];

beforeAll(async () => {
  server = await serveStatic(DIST);
  chrome = await launchChromium();
});

afterAll(async () => {
  for (const o of opened) await o.close().catch(() => {});
  await chrome?.close();
  await server?.close();
});

/** A page in a fresh context; `motion` false keeps the context's reduced motion (chromium.ts emulates it). */
async function visit(path: string, motion: boolean): Promise<OpenedPage> {
  const o = await chrome.open();
  opened.push(o);
  if (motion) await o.page.emulateMedia({ reducedMotion: 'no-preference' });
  const response = await o.page.goto(server.url + path, { waitUntil: 'load' });
  expect(response?.status()).toBe(200);
  return o;
}

const value = (o: OpenedPage, sel = PLAYER) => o.page.locator(`${sel} input[type="range"]`).inputValue().then(Number);
const says = (o: OpenedPage, sel = PLAYER) => o.page.locator(`${sel} .lb-player-says`).textContent();
const runtimeLoaded = (o: OpenedPage) => o.requests.urls.some((u) => /player-runtime[^/]*\.js/.test(u));

function expectClean(o: OpenedPage): void {
  expect(o.errors.console, 'console errors').toEqual([]);
  expect(o.errors.page, 'page errors').toEqual([]);
  expect(o.requests.offsite(server.url), 'off-site requests').toEqual([]);
}

describe('player: rate-limit trace', () => {
  const s = rateLimiting.timeline.scenario;
  const timeline = rateLimitPlayer.timeline(s.resolved, s.output);

  it('loads its code only near the chart, never autoplays, plays and pauses with Space and k, and scrubs', async () => {
    const o = await visit(RATE, true);
    await o.page.waitForTimeout(500);
    expect(runtimeLoaded(o), 'player code at load, far from the chart').toBe(false);
    const player = o.page.locator(PLAYER);
    await player.scrollIntoViewIfNeeded();
    await expect.poll(() => runtimeLoaded(o), SETTLE).toBe(true);
    // no autoplay: the full run is shown and stays so
    expect(await value(o)).toBe(timeline.end);
    await o.page.waitForTimeout(400);
    expect(await value(o)).toBe(timeline.end);
    expect(await o.page.locator('.lb-player-curtain').count()).toBeGreaterThan(0);

    const play = player.locator('.lb-player-play');
    await play.focus();
    await o.page.keyboard.press('Space');
    await expect.poll(() => play.textContent(), SETTLE).toBe('Pause');
    // it restarts from the beginning and moves on by itself
    await expect.poll(() => value(o), SETTLE).toBeGreaterThan(timeline.start);
    const a = await value(o);
    await o.page.waitForTimeout(300);
    const b = await value(o);
    expect(b).toBeGreaterThan(a);
    expect(b).toBeLessThan(timeline.end);
    await o.page.keyboard.press('k');
    await expect.poll(() => play.textContent(), SETTLE).toBe('Play');
    const paused = await value(o);
    await o.page.waitForTimeout(300);
    expect(await value(o)).toBe(paused);
    // on pause the live region says the frame; the curtain covers what is after the playhead
    expect(await says(o)).toMatch(/^t = [\d.]+\ss: \d+ of 75 requests offered/);
    const width = await o.page
      .locator('.lb-player-curtain')
      .first()
      .evaluate((c) => c.getBoundingClientRect().width);
    expect(width).toBeGreaterThan(0);

    // scrub: Home, then one step right: the frame at the trace's first bucket end, said in words
    const range = player.locator('input[type="range"]');
    await range.focus();
    await o.page.keyboard.press('Home');
    await o.page.keyboard.press('ArrowRight');
    await expect.poll(() => value(o), SETTLE).toBe(timeline.step);
    const expected = rateLimitPlayer.frame(s.resolved, s.output, timeline.step).summary;
    await expect.poll(() => says(o), SETTLE).toBe(expected);
    expect(await range.getAttribute('aria-valuetext')).toBe(expected);
    // Space on the scrubber plays, k pauses
    await o.page.keyboard.press('Space');
    await expect.poll(() => play.textContent(), SETTLE).toBe('Pause');
    await o.page.keyboard.press('k');
    await expect.poll(() => play.textContent(), SETTLE).toBe('Play');
    expectClean(o);
  });

  it('with reduced motion, advances only on a key press, through the key moments, showing the boundary burst', async () => {
    const o = await visit(RATE, false);
    const player = o.page.locator(PLAYER);
    await player.scrollIntoViewIfNeeded();
    await expect.poll(() => runtimeLoaded(o), SETTLE).toBe(true);
    const play = player.locator('.lb-player-play');
    await expect.poll(() => play.textContent(), SETTLE).toMatch(/key moment/i);
    const frames = () => o.page.evaluate(() => performance.getEntriesByName('lb:player frame').length);
    await play.focus();
    await o.page.keyboard.press('Enter');
    const [first, second] = timeline.keys;
    await expect.poll(() => value(o), SETTLE).toBe(first?.time);
    // nothing advances by itself: no animation frames drawn, the playhead stays
    const drawn = await frames();
    await o.page.waitForTimeout(600);
    expect(await frames()).toBe(drawn);
    expect(await value(o)).toBe(first?.time);
    await o.page.keyboard.press('k');
    await expect.poll(() => value(o), SETTLE).toBe(second?.time);
    // the fixed window's burst across its boundary: its row flagged, its last window outlined in red
    expect(await says(o)).toContain(`Key moment 2 of ${timeline.keys.length}: ${second?.label}`);
    expect(await says(o)).toMatch(/Fixed window admitted 19 in the last 10\ss, over its limit of 10/);
    const alerted = await player.locator('tbody tr.lb-player-alert th').allTextContents();
    expect(alerted).toEqual(['Fixed window']);
    expect(await o.page.locator('.lb-player-window.lb-player-window-over').isVisible()).toBe(true);
    expectClean(o);
  });

  it('after an edit of the panel, plays the new run', async () => {
    const o = await visit(RATE, false);
    const field = o.page.locator('lb-scenario[data-lb-scenario="algos"] input[name="limit"]');
    await field.fill('20');
    await field.press('Enter');
    const out = evaluate(rateLimitCompare, { ...s.resolved, limit: 20 });
    const fixed = out.algorithms.find((a) => a.id === 'fixed-window');
    const player = o.page.locator(PLAYER);
    await player.scrollIntoViewIfNeeded();
    const row = player.locator('tbody tr').first();
    // the final tally is the new run's totals
    await expect
      .poll(() => row.locator('td').allTextContents(), SETTLE)
      .toEqual(rateLimitPlayer.frame({ ...s.resolved, limit: 20 }, out, out.duration).rows[0]?.cells);
    expect(await row.locator('td').first().textContent()).toBe(String(fixed?.admitted));
    // and its key moments are the new run's
    const keys = rateLimitPlayer.timeline({}, out).keys;
    await player.locator('.lb-player-play').click();
    await expect.poll(() => value(o), SETTLE).toBe(keys[0]?.time);
    await expect.poll(() => says(o), SETTLE).toContain(`Key moment 1 of ${keys.length}: ${keys[0]?.label}`);
    expectClean(o);
  });
});

describe('player: reconnect storm and queue', () => {
  it('steps the storm to the moment the jittered clients are all back', async () => {
    const s = notifications.stormChart.scenario;
    const t = stormPlayer.timeline(s.resolved, s.output);
    const o = await visit('/case-studies/notifications/', false);
    const sel = 'lb-player[data-lb-chart="notifications-reconnect"]';
    const player = o.page.locator(sel);
    await player.scrollIntoViewIfNeeded();
    const i = t.keys.findIndex((k) => k.label.startsWith('jittered: every client back'));
    expect(i).toBeGreaterThanOrEqual(0);
    for (let n = 0; n <= i; n++) await player.locator('.lb-player-play').click();
    // (the scrubber snaps to the data's 2 s step; the words give the key moment's own time, the model's allBack)
    await expect.poll(() => says(o, sel), SETTLE).toContain('jittered: every client back');
    // the model's allBack is 31 s; the key moment is the end of the 2 s sample holding it, when the tally is whole
    expect(t.keys[i]?.time).toBe(32);
    expect(await says(o, sel)).toMatch(/the last at 31\ss\)\. t = 32\ss after the drop/);
    expect(await says(o, sel)).toContain('100% back');
    expectClean(o);
  });

  it('plays the queue through its spike on the simulation model’s page', async () => {
    const o = await visit('/models/ggc-simulation/', false);
    const sel = 'lb-player[data-lb-chart="queue-backlog"]';
    const player = o.page.locator(sel);
    await player.scrollIntoViewIfNeeded();
    await player.locator('.lb-player-play').click();
    await player.locator('.lb-player-play').click();
    await expect
      .poll(() => says(o, sel), SETTLE)
      .toMatch(/Key moment 2 of \d+: spike ends\. t = 120\ss: [\d,]+ customers waiting/);
    expectClean(o);
  });
});
