// Units the reader chooses, sliders, and what a link changed (issue 13), in real headless Chromium against
// the built site (dist/): choose a unit and type, reload from the link and get the same numbers (and the
// same numbers from a link written in the page's own unit); a slider moved by keyboard sets its field as
// typing would, in one history step; a link's changed fields are marked in words, and the way back works.
// Run after `astro build`. Assertions use the DOM contract of Panel.astro and field-controls.ts, not prose.
import { describe, expect, it } from 'vitest';
import { formatOptionsOf, formatWithUnits, parseOutputUnits } from '../../src/lib/output-units.ts';
import { builtSite, showIntent } from './built-site.ts';
import type { OpenedPage } from './chromium.ts';

const CASE_STUDY = '/case-studies/rate-limiting/';
const SCENARIO = 'limiter';
const RATE = 'peakRequestsPerSecond';
const SETTLE = { timeout: 15_000, interval: 50 } as const;
const panel = `lb-scenario.lb-panel[data-lb-scenario="${SCENARIO}"]`;

const site = builtSite();

/** Open the page and show intent on the panel (a pointer over it), as a reader does before using a menu. */
async function visit(query = ''): Promise<OpenedPage> {
  const o = await site.visit(CASE_STUDY, query);
  await showIntent(o, panel);
  return o;
}

const control = (o: OpenedPage, name: string) => o.page.locator(`${panel} form [name="${name}"]`);
const hint = (o: OpenedPage, field: string) => o.page.locator(`${panel} #lb-${SCENARIO}-${field}-hint`);

/** The scenario's bound numbers, in document order. */
const numbers = (o: OpenedPage) =>
  o.page.locator(`.lb-value[data-lb-scenario="${SCENARIO}"]`).evaluateAll((ns) => ns.map((n) => n.textContent ?? ''));

interface FieldConfig {
  name: string;
  value: string;
  unitLabel: string;
}
async function fields(o: OpenedPage): Promise<FieldConfig[]> {
  const json = await o.page.locator(`${panel} > script[type="application/json"]`).textContent();
  return (JSON.parse(json ?? '{}') as { fields: FieldConfig[] }).fields;
}

function noErrors(o: OpenedPage): void {
  expect(o.errors.all(), 'console errors and page errors').toEqual([]);
}

describe('units the reader chooses', () => {
  it('converts the value and its range, records the unit in the link, and a reload shows the same numbers', async () => {
    const o = await visit();
    const own = (await fields(o)).find((f) => f.name === RATE);
    expect(own?.unitLabel).toBe('/s');
    const perSecond = Number(own?.value);
    await control(o, `${RATE}.unit`).selectOption('/min');
    await expect.poll(() => control(o, RATE).inputValue(), SETTLE).toBe(String(perSecond * 60));
    await expect.poll(() => hint(o, RATE).textContent(), SETTLE).toMatch(/\/min$/);
    // a unit change alone changes no number and no link
    expect(new URL(o.page.url()).searchParams.get(`${SCENARIO}.${RATE}`)).toBeNull();

    const typed = perSecond * 2 * 60; // twice the page's rate, typed per minute
    await control(o, RATE).fill(String(typed));
    await control(o, RATE).press('Enter');
    await expect.poll(() => new URL(o.page.url()).searchParams.get(`${SCENARIO}.${RATE}`), SETTLE).toBe(`${typed}/min`);
    await expect.poll(async () => (await numbers(o)).join('|'), SETTLE).not.toBe('');
    const shown = await numbers(o);
    noErrors(o);

    // the link, opened afresh: the field in /min, the same numbers
    const again = await visit(new URL(o.page.url()).search);
    await expect.poll(() => control(again, `${RATE}.unit`).inputValue(), SETTLE).toBe('/min');
    await expect.poll(() => control(again, RATE).inputValue(), SETTLE).toBe(String(typed));
    await expect.poll(() => numbers(again), SETTLE).toEqual(shown);

    // the same rate written in the page's own unit (per second) means the same thing
    const plain = await visit(`?${SCENARIO}.${RATE}=${perSecond * 2}`);
    await expect.poll(() => control(plain, RATE).inputValue(), SETTLE).toBe(String(perSecond * 2));
    await expect.poll(() => numbers(plain), SETTLE).toEqual(shown);
    noErrors(again);
    noErrors(plain);
  });

  it('restates a bad value’s message in the unit chosen', async () => {
    const o = await visit();
    await control(o, `${RATE}.unit`).selectOption('/day');
    await control(o, RATE).fill('-5');
    await control(o, RATE).press('Enter');
    const error = o.page.locator(`${panel} #lb-${SCENARIO}-${RATE}-error`);
    await expect.poll(() => error.textContent(), SETTLE).toMatch(/\/day \(got "-5"\)\.$/);
  });
});

describe('sliders', () => {
  it('moves by keyboard, sets the field and the numbers like typing, says its value in words, in one history step', async () => {
    const o = await visit();
    const before = await numbers(o);
    const slider = control(o, `${RATE}.slider`);
    await expect.poll(() => slider.getAttribute('type')).toBe('range');
    expect(await slider.getAttribute('aria-label')).toMatch(/slider/);
    const field = await control(o, RATE).inputValue();
    const steps = await o.page.evaluate(() => history.length);
    await slider.focus();
    for (let i = 0; i < 5; i++) await slider.press('ArrowRight');
    await expect.poll(() => control(o, RATE).inputValue(), SETTLE).not.toBe(field);
    const now = Number(await control(o, RATE).inputValue());
    expect(now).toBeGreaterThan(Number(field));
    await expect.poll(() => numbers(o), SETTLE).not.toEqual(before);
    await expect.poll(() => slider.getAttribute('aria-valuetext'), SETTLE).toMatch(/\/s$/);
    await expect.poll(() => new URL(o.page.url()).searchParams.get(`${SCENARIO}.${RATE}`), SETTLE).toBe(String(now));
    expect(await o.page.evaluate(() => history.length)).toBe(steps + 1);
    // typing moves the slider back
    await control(o, RATE).fill(field);
    await control(o, RATE).press('Enter');
    await expect.poll(() => numbers(o), SETTLE).toEqual(before);
    noErrors(o);
  });
});

describe('a slider dragged', () => {
  it('updates the numbers while it moves and leaves one history step for the whole drag', async () => {
    const o = await visit();
    const before = await numbers(o);
    const slider = control(o, `${RATE}.slider`);
    await slider.scrollIntoViewIfNeeded();
    const box = await slider.boundingBox();
    if (!box) throw new Error('slider not laid out');
    const steps = await o.page.evaluate(() => history.length);
    const y = box.y + box.height / 2;
    await o.page.mouse.move(box.x + box.width * 0.3, y);
    await o.page.mouse.down();
    const seen = new Set<string>();
    for (let i = 1; i <= 8; i++) {
      await o.page.mouse.move(box.x + box.width * (0.3 + i * 0.05), y, { steps: 2 });
      seen.add(await control(o, RATE).inputValue());
    }
    await o.page.mouse.up();
    expect(seen.size, 'the field follows the drag, not only its end').toBeGreaterThan(3);
    await expect.poll(() => numbers(o), SETTLE).not.toEqual(before);
    const last = await control(o, RATE).inputValue();
    await expect.poll(() => new URL(o.page.url()).searchParams.get(`${SCENARIO}.${RATE}`), SETTLE).toBe(last);
    expect(await o.page.evaluate(() => history.length)).toBe(steps + 1);
    noErrors(o);
  });
});

describe('a link highlights what it changed', () => {
  it('marks the fields that differ from the page (in words), says how many, and goes back to the page’s values', async () => {
    const probe = await visit();
    const own = await fields(probe);
    const rate = Number(own.find((f) => f.name === RATE)?.value);
    const same = own.find((f) => f.name === 'availabilityZones')?.value;
    const o = await visit(`?${SCENARIO}.${RATE}=${rate * 3}&${SCENARIO}.availabilityZones=${same}&${SCENARIO}.bytesPerKey=2KiB`);
    const marked = o.page.locator(`${panel} .lb-field.lb-from-link`);
    await expect
      .poll(() => marked.evaluateAll((ns) => ns.map((n) => (n as HTMLElement).dataset['field'])), SETTLE)
      .toEqual([RATE, 'bytesPerKey']);
    expect(await marked.first().locator('label').first().textContent()).toMatch(/from the link$/);
    const note = o.page.locator(`${panel} .lb-link-note`);
    expect(await note.textContent()).toMatch(/^2 inputs from the link: /);
    // the marked field is set off by a border, not by colour alone
    expect(await marked.first().evaluate((n) => getComputedStyle(n).borderLeftStyle)).toBe('double');
    await note.getByRole('button').click();
    await expect.poll(() => marked.count(), SETTLE).toBe(0);
    await expect.poll(() => o.page.locator(`${panel} .lb-link-note`).count(), SETTLE).toBe(0);
    await expect.poll(() => new URL(o.page.url()).search, SETTLE).toBe('');
    expect(await control(o, RATE).inputValue()).toBe(String(rate));
    await expect.poll(() => numbers(o), SETTLE).toEqual(await numbers(probe));
    noErrors(o);
  });
});

describe('units of the results', () => {
  /** What every number that states its unit must read under a choice: the shared formatter on its value. */
  const rewritten = (o: OpenedPage) =>
    o.page.locator('.lb-value[data-lb-v]').evaluateAll((ns) =>
      ns.map((n) => {
        const d = (n as HTMLElement).dataset;
        return { v: Number(d['lbV']), data: { ...d }, text: n.textContent ?? '' };
      }),
    );
  const wrong = async (o: OpenedPage, choice: string) =>
    (await rewritten(o))
      .map((b) => ({
        b,
        want: formatWithUnits(b.v, formatOptionsOf(b.data), parseOutputUnits(choice)),
      }))
      .filter(({ b, want }) => b.text !== want)
      .map(({ b, want }) => `${b.text} (want ${want})`);

  it('rewrites every number that states its unit, follows edits, is recorded in the link and remembered', async () => {
    const o = await visit();
    const durations = o.page.locator('.lb-value[data-lb-v][data-lb-format="duration"]');
    const sizes = o.page.locator('.lb-value[data-lb-v][data-lb-format="bytes"]');
    expect(await durations.count()).toBeGreaterThan(0);
    expect(await sizes.count()).toBeGreaterThan(0);
    const prose = await o.page.locator('.lb-value:not([data-lb-v])').allTextContents();
    await o.page.locator(`${panel} .lb-out-units summary`).click();
    await o.page.locator(`${panel} .lb-out-units select[data-lb-out="duration"]`).selectOption('ms');
    await o.page.locator(`${panel} .lb-out-units select[data-lb-out="size"]`).selectOption('si');
    const choice = 'size:si,duration:ms';
    await expect.poll(() => new URL(o.page.url()).searchParams.get('units'), SETTLE).toBe(choice);
    await expect.poll(() => wrong(o, choice), SETTLE).toEqual([]);
    for (const t of await durations.allTextContents()) expect(t).toMatch(/(ms|—)$/);
    for (const t of await sizes.allTextContents()) expect(t).toMatch(/\d\u00a0(B|kB|MB|GB|TB|PB)$|—/);
    // numbers whose unit is in their sentence are left as they were
    expect(await o.page.locator('.lb-value:not([data-lb-v])').allTextContents()).toEqual(prose);
    // every panel's menus show the one choice: another panel's, built when the reader first opens them
    // (src/client/later.ts), too
    const other = o.page.locator(`lb-scenario.lb-panel:not([data-lb-scenario="${SCENARIO}"]) .lb-out-units`).first();
    expect(await other.locator('select').count()).toBe(0);
    await other.locator('summary').click();
    await expect.poll(() => other.locator('select[data-lb-out="duration"]').inputValue(), SETTLE).toBe('ms');
    const menus = o.page.locator('.lb-out-units select[data-lb-out="duration"]');
    expect(await menus.count()).toBe(2);
    expect(new Set(await menus.evaluateAll((ns) => ns.map((n) => (n as HTMLSelectElement).value)))).toEqual(new Set(['ms']));

    // an edit's new numbers are written in the chosen units too
    await control(o, 'networkRoundTrip').fill('2');
    await control(o, 'networkRoundTrip').press('Enter');
    await expect.poll(() => new URL(o.page.url()).searchParams.get(`${SCENARIO}.networkRoundTrip`), SETTLE).toBe('2ms');
    await expect.poll(() => wrong(o, choice), SETTLE).toEqual([]);
    const shown = await rewritten(o);

    // the link, opened afresh, shows the same
    const again = await visit(new URL(o.page.url()).search);
    await expect.poll(async () => (await rewritten(again)).map((b) => b.text), SETTLE).toEqual(shown.map((b) => b.text));

    // the same browser remembers the choice on a page opened without it in the link
    const later = await o.context.newPage();
    await later.goto(site.url + CASE_STUDY, { waitUntil: 'load' });
    await expect.poll(() => new URL(later.url()).searchParams.get('units'), SETTLE).toBe(choice);
    await later.close();
    noErrors(o);
    noErrors(again);
  });

  it('rewrites a prose rate and a monthly cost with their words, per minute and per year; the link gives the same page', async () => {
    const o = await visit();
    const rate = o.page
      .locator(`.lb-value[data-lb-scenario="${SCENARIO}"][data-lb-input="${RATE}"][data-lb-per="second"]`)
      .first();
    const cost = o.page
      .locator(`.lb-value[data-lb-scenario="${SCENARIO}"][data-lb-field="totalUsdPerMonth"][data-lb-per="month"]`)
      .first();
    const rateBefore = (await rate.textContent()) ?? '';
    const costBefore = (await cost.textContent()) ?? '';
    expect(rateBefore).toMatch(/ requests a second$/);
    expect(costBefore).toMatch(/^\$[\d,.]+(?: million)? a month$/);
    await o.page.locator(`${panel} .lb-out-units summary`).click();
    await o.page.locator(`${panel} .lb-out-units select[data-lb-out="rate"]`).selectOption('min');
    await o.page.locator(`${panel} .lb-out-units select[data-lb-out="money"]`).selectOption('year');
    const choice = 'rate:min,money:year';
    await expect.poll(() => new URL(o.page.url()).searchParams.get('units'), SETTLE).toBe(choice);
    await expect.poll(() => rate.textContent(), SETTLE).toMatch(/ requests a minute$/);
    await expect.poll(() => cost.textContent(), SETTLE).toMatch(/ a year$/);
    // the same quantities: 60 × the rate, 12 × the month (rounded as the page writes them)
    const v = Number(await rate.getAttribute('data-lb-v'));
    expect(await rate.textContent()).toBe(
      formatWithUnits(v, { format: 'compact', per: 'second', noun: 'requests' }, parseOutputUnits(choice)),
    );
    const usd = Number(await cost.getAttribute('data-lb-v'));
    expect(await cost.textContent()).toBe(formatWithUnits(usd, { format: 'usd', per: 'month' }, parseOutputUnits(choice)));
    await expect.poll(() => wrong(o, choice), SETTLE).toEqual([]);
    // the article reads: no NaN, no time said twice, no "$$"
    // (the prose and tables: the panels' forms, whose menus list "per second per minute", left out)
    const article = (
      await o.page.locator('main').evaluate((m) => {
        const copy = m.cloneNode(true) as HTMLElement;
        for (const n of copy.querySelectorAll('form, .lb-out-units, select')) n.remove();
        return copy.textContent ?? '';
      })
    ).replace(/\s+/g, ' ');
    expect(article).not.toMatch(/NaN|\$\$/);
    expect(article).not.toMatch(
      /(?:a|per) (?:second|minute|day|month|year) (?:a|per) (?:second|minute|day|month|year)\b|\/(?:s|min|day) (?:a|per) (?:second|minute|day)\b/,
    );
    // every number that says its time moved: rates to the minute, money to the year
    const timed = await o.page.locator('.lb-value[data-lb-per]').allTextContents();
    expect(timed.length).toBeGreaterThan(20);
    expect(timed.filter((t) => /(?:a (?:second|day|month)|\/(?:s|day|month))$/.test(t))).toEqual([]);
    const all = () => o.page.locator('.lb-value').allTextContents();
    const shown = await all();

    // a fresh page from the link is the same page
    const again = await visit(new URL(o.page.url()).search);
    await expect.poll(() => again.page.locator('.lb-value').allTextContents(), SETTLE).toEqual(shown);
    // and back to the page's own units, the build's text
    await o.page.locator(`${panel} .lb-out-units select[data-lb-out="rate"]`).selectOption('auto');
    await o.page.locator(`${panel} .lb-out-units select[data-lb-out="money"]`).selectOption('auto');
    await expect.poll(() => rate.textContent(), SETTLE).toBe(rateBefore);
    await expect.poll(() => cost.textContent(), SETTLE).toBe(costBefore);
    await expect.poll(() => new URL(o.page.url()).searchParams.get('units'), SETTLE).toBeNull();
    noErrors(o);
    noErrors(again);
  });
});
