/**
 * Controls built when the reader first opens them. A panel's "range…" boxes (RangeControl.astro) and its
 * "Units of the results" menus (Panel.astro) sit in a closed disclosure and work only with the runtime;
 * the HTML carries them inside a `<template class="lb-later">`, so the page does not parse them into
 * live form controls at load. That matters on a phone: at DOMContentLoaded Chromium walks every form
 * control of the page with a forced style-and-layout check (about six per control: 1 190 on payments,
 * 50 ms of one task on this machine, 2026-12-07), and these were over half of the controls.
 * `openLater(details)` puts the template's content in its place, once; opening the disclosure
 * (click, Enter or Space on its summary, or code setting `open`) does it before the browser draws it open.
 */

/** Build the deferred controls of a disclosure (idempotent); returns it for chaining. */
export function openLater<T extends Element>(details: T): T {
  const template = details.querySelector<HTMLTemplateElement>(':scope > template.lb-later');
  if (template) template.replaceWith(template.content);
  return details;
}

/** Whether a disclosure still holds its deferred controls as a template. */
export function isLater(details: Element): boolean {
  return details.querySelector(':scope > template.lb-later') !== null;
}

/**
 * Build a disclosure's controls as the reader opens it: a click on its summary (also what Enter and Space
 * do) comes before the toggle, so the controls are there in the frame that shows it open; the toggle
 * (which does not bubble, hence the capture) catches an `open` set by code.
 */
export function buildOnOpen(root: HTMLElement, selector: string, built?: (details: HTMLDetailsElement) => void): void {
  const build = (target: EventTarget | null) => {
    const details = target instanceof Element ? target.closest<HTMLDetailsElement>(selector) : null;
    if (!details || !isLater(details)) return;
    openLater(details);
    built?.(details);
  };
  root.addEventListener('click', (e) => {
    const summary = (e.target as Element | null)?.closest('summary');
    if (summary) build(summary);
  });
  root.addEventListener('toggle', (e) => build(e.target), true);
}
