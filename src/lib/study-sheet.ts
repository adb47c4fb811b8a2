/**
 * A case study's study sheet, declared in its module (case-studies/<slug>.ts) as plain data: the
 * requirements, the capacity chain (headline values of its scenarios, in the order one derives them),
 * the decisions (each with the alternative rejected and why) and the interview questions' text. The page
 * renders the questions from it (<Question of={sheet} q="…">, so the question a reader sees on the page and
 * on the sheet is one string), and /case-studies/<slug>/sheet/ prints the whole sheet at the defaults.
 *
 *   export const sheet = studySheet({
 *     requirements: { functional: ['…'], nonFunctional: ['…'] },
 *     chain: [{ of: limiter, field: 'primaries', label: 'Redis primaries', format: 'integer' }],
 *     decisions: [{ choice: 'GCRA', over: 'a fixed window', because: 'no double burst at a boundary' }],
 *     questions: { replicas: 'Why can’t replicas serve rate-limit checks?' },
 *   });
 *
 * A chain step that names no number of its scenario, or one that is not a finite number at the defaults,
 * fails the build naming the step.
 */
import { formatValue, type Format } from './format.ts';
import type { DisplayUnit } from './display-units.ts';
import { valueAt, type Scenario } from './scenario.ts';

/** One number of the capacity chain: an output (field) or an input of a scenario, with its label. */
export interface ChainStep {
  readonly of: Scenario<unknown>;
  /** an output by path, or … */
  readonly field?: string;
  /** … an input by name (defaults included) */
  readonly input?: string;
  /** what the number is, in words that carry the unit when the format does not ("peak requests per second") */
  readonly label: string;
  readonly format?: Format;
  readonly unit?: DisplayUnit;
}

export interface Decision {
  /** what the design does */
  readonly choice: string;
  /** the alternative it rejects */
  readonly over: string;
  /** why, in one clause */
  readonly because: string;
}

export interface StudySheetInput {
  readonly requirements: { readonly functional: readonly string[]; readonly nonFunctional: readonly string[] };
  readonly chain: readonly ChainStep[];
  readonly decisions: readonly Decision[];
  /** question id (kebab-case, unique on the page) → the question as the interviewer asks it */
  readonly questions: Readonly<Record<string, string>>;
}

export interface StudySheet extends StudySheetInput {
  readonly kind: 'study-sheet';
}

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The value a chain step shows, in base units (throws, naming the step, when the scenario has no such value). */
export function stepValue(step: ChainStep): unknown {
  return step.input !== undefined ? valueAt(step.of, step.input, 'input') : valueAt(step.of, step.field ?? '', 'output');
}

/** The text a chain step shows at the defaults: the one formatter the pages use. */
export function stepText(step: ChainStep): string {
  return formatValue(stepValue(step), { format: step.format, unit: step.unit });
}

export function studySheet(input: StudySheetInput): StudySheet {
  for (const step of input.chain) {
    if ((step.field === undefined) === (step.input === undefined)) {
      throw new Error(`study sheet: chain step "${step.label}" needs exactly one of field or input`);
    }
    const v = stepValue(step);
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new Error(
        `study sheet: chain step "${step.label}" (scenario "${step.of.name}", ${step.field ?? step.input}) is ${String(v)} at the defaults, not a finite number`,
      );
    }
  }
  for (const [id, text] of Object.entries(input.questions)) {
    if (!KEBAB.test(id)) throw new Error(`study sheet: question id "${id}" must be kebab-case, e.g. "hot-key"`);
    if (!text.trim().endsWith('?') && !text.trim().endsWith('.'))
      throw new Error(`study sheet: question "${id}" must be a full sentence ending in "?" or "."`);
  }
  for (const d of input.decisions) {
    if (!d.choice || !d.over || !d.because) throw new Error(`study sheet: decision "${d.choice}" needs choice, over and because`);
  }
  return { kind: 'study-sheet', ...input };
}

export function isStudySheet(v: unknown): v is StudySheet {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'study-sheet';
}

/** The sheet a module declares, or undefined (a module declares at most one: two fail). */
export function sheetOf(slug: string, exports: Readonly<Record<string, unknown>>): StudySheet | undefined {
  const sheets = Object.values(exports).filter(isStudySheet);
  if (sheets.length > 1) throw new Error(`case study ${slug}: declares ${sheets.length} study sheets; declare one`);
  return sheets[0];
}

/** The question's text by id (throws naming the id and the ids declared, so a typo in a page fails the build). */
export function questionText(sheet: StudySheet, id: string): string {
  const text = sheet.questions[id];
  if (text === undefined)
    throw new Error(`study sheet: no question "${id}"; the module declares: ${Object.keys(sheet.questions).join(', ')}`);
  return text;
}
