// A scenario that follows a panel without having a panel of its own, and refuses the value it follows, keeps its last
// valid numbers: the edited panel says so (review 13, A2: notifications' producer buffer kept "7,535 tasks a second"
// with no message). Notifications' gateway crash (`crash`, no panel) follows the fleet's connections per gateway; at
// 0 connections the fleet panel accepts the value and the crash's model refuses 0 clients ("from 1"). Run after
// `astro build`.
import { describe, expect, it } from 'vitest';
import { check } from '../../models/evaluate.ts';
import { crash, fleet } from '../../case-studies/notifications.ts';
import { linkedInputs } from '../../src/lib/scenario.ts';
import { builtSite } from './built-site.ts';

const SETTLE = { timeout: 15_000, interval: 50 } as const;
/** the words of scenario-runtime.ts (FOLLOWER_REFUSED), which runs only in a page */
const FOLLOWER_REFUSED = 'Some numbers further down the page cannot follow these values and still show the last valid ones.';
const site = builtSite();

describe('a follower without a panel that refuses the followed value', () => {
  it('is said in the edited panel, and the message goes once the value is one it follows', async () => {
    // the premise of the test, by the models: the fleet takes 0 connections, the crash refuses 0 clients
    const zero = check(fleet.model, { ...fleet.resolved, concurrentConnections: 0 });
    expect(zero.ok).toBe(true);
    if (!zero.ok) return;
    const followed = linkedInputs(crash.inputs, crash.links, (n) =>
      n === 'fleet' ? (zero.output as Record<string, unknown>) : undefined,
    );
    expect(followed['clients']).toBe(0);
    expect(check(crash.model, followed).ok).toBe(false);

    const o = await site.visit('/case-studies/notifications/');
    const panel = o.page.locator('lb-scenario.lb-panel[data-lb-scenario="fleet"]');
    const box = panel.locator('form [name="concurrentConnections"]');
    const status = panel.locator('.lb-status');
    await box.scrollIntoViewIfNeeded();
    await box.fill('0');
    await box.press('Tab');
    await expect.poll(() => status.textContent(), SETTLE).toBe(FOLLOWER_REFUSED);
    await expect.poll(() => box.getAttribute('aria-invalid'), SETTLE).toBeNull(); // the fleet's own value is good
    await box.fill('5000000');
    await box.press('Tab');
    await expect.poll(() => status.textContent(), SETTLE).toBe('');
    expect(o.errors.page).toEqual([]);
  });
});
