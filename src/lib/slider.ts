/**
 * A panel's sliders: a span in base units (a declared range or the schema's natural bounds) walked in
 * SLIDER_STEPS positions, by equal steps or, when the span is wide (more than 20×), by equal factors.
 * Pure arithmetic, shared by the build (the slider's initial position) and the browser (a drag).
 */
import { displayUnits, type DisplayUnit } from './display-units.ts';

export interface SliderSpan {
  readonly low: number;
  readonly high: number;
  readonly scale: 'log' | 'linear';
  readonly integer: boolean;
}

/** Positions of a slider: 0…SLIDER_STEPS, mapped to low…high (linearly or by equal factors). */
export const SLIDER_STEPS = 1000;

/** Slider position (0…SLIDER_STEPS) of a base-unit value, clamped to the span. */
export function sliderPosition(s: SliderSpan, v: number): number {
  const t = s.scale === 'log' ? Math.log(v / s.low) / Math.log(s.high / s.low) : (v - s.low) / (s.high - s.low);
  return Math.round(Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * SLIDER_STEPS);
}

/**
 * Base-unit value at a slider position, rounded to three significant digits in the unit the reader sees
 * (a drag shows 1.25 ms, not 1.2473 ms) and to a whole number for an integer field; always within the span.
 */
export function sliderValue(s: SliderSpan, position: number, unit?: DisplayUnit): number {
  const t = Math.min(1, Math.max(0, position / SLIDER_STEPS));
  const raw = s.scale === 'log' ? s.low * (s.high / s.low) ** t : s.low + (s.high - s.low) * t;
  const f = unit ? displayUnits[unit].factor : 1;
  const shown = raw * f;
  const rounded = shown === 0 ? 0 : Number(shown.toPrecision(3)) / f;
  const v = s.integer ? Math.round(rounded) : rounded;
  return Math.min(s.high, Math.max(s.low, v));
}
