/**
 * The words of the what-breaks-first load marker (src/client/load-marker.ts) and of the figure's table: the
 * marker's value in words, the sentence under the chart, the table at the marker's multiple. Apart from the
 * other figures' words (figure-words.ts) because the marker is eager: the page ships these before any edit,
 * and those only with the live figures. The build (BreaksFirst.astro, src/charts/breaks-first.ts) and the
 * browser call the same functions.
 */
import { formatValue } from './format.ts';
import type { BreaksData } from './live-figures.ts';

const times = (m: number) => `${formatValue(m, { format: 'decimal' })}×`;

/** The step of the marker at 1× (today). */
export function todayStep(d: BreaksData): number {
  const i = d.steps.findIndex((s) => s.multiple === 1);
  return i < 0 ? 0 : i;
}

function utilText(u: number | null | undefined): string {
  return u === null || u === undefined ? 'no steady state' : formatValue(u, { format: 'percent' });
}

/** "2.5× today’s load: the payment provider at 120 %, the hot row at 41 %": the marker's value in words. */
export function markerText(d: BreaksData, step: number): string {
  const s = d.steps[step];
  if (!s) return '';
  const byUse = d.checks
    .map((c, i) => ({ name: c.name, u: s.utilizations[i] }))
    .sort((a, b) => (b.u ?? Infinity) - (a.u ?? Infinity));
  return `${times(s.multiple)} today’s ${d.load}: ${byUse.map((c) => `${c.name} at ${utilText(c.u)}`).join(', ')}`;
}

/** The sentence under the marker: what saturates at this multiple, and the first to saturate (which stays). */
export function markerSentence(d: BreaksData, step: number): string {
  const s = d.steps[step];
  if (!s) return '';
  const over = d.checks.filter((_, i) => {
    const u = s.utilizations[i];
    return u === null || u === undefined || u >= 1;
  });
  const verdict =
    over.length === 0
      ? 'nothing is saturated.'
      : `${over.map((c) => c.name).join(' and ')} ${over.length > 1 ? 'are' : 'is'} saturated.`;
  return `At ${markerText(d, step)}; ${verdict}`;
}

export function breaksColumns(d: BreaksData, step: number): string[] {
  const m = d.steps[step]?.multiple ?? 1;
  return ['Component', 'Utilisation today', `At the marker (${times(m)})`, 'Saturates at', 'Order'];
}

export function breaksRows(d: BreaksData, step: number): string[][] {
  const at = d.steps[step];
  return d.order.map((o, i) => {
    const k = d.checks.findIndex((c) => c.id === o.id);
    return [
      o.name,
      o.today === null ? 'no steady state' : formatValue(o.today, { format: 'percent' }),
      utilText(at?.utilizations[k]),
      o.multiple === null ? `not below ${times(d.upTo)} today’s ${d.load}` : `${times(o.multiple)} today’s ${d.load}`,
      o.multiple === null ? '—' : String(i + 1),
    ];
  });
}
