/**
 * A reader's progress at the estimation drills, kept in the browser (localStorage) across pages and
 * reloads: how many answered, how many within 2× and within 10×, the current streak of answers within 2×
 * and the best one. Pure functions here; the drills element reads and writes the storage.
 */
import type { Grade } from './estimate-grade.ts';

export interface Progress {
  readonly answered: number;
  readonly good: number;
  readonly order: number;
  readonly off: number;
  /** answers within 2× in a row, up to the latest */
  readonly streak: number;
  readonly best: number;
}

export const PROGRESS_KEY = 'loadbearing:drills:v1';

export const emptyProgress: Progress = { answered: 0, good: 0, order: 0, off: 0, streak: 0, best: 0 };

export function recordGrade(p: Progress, grade: Grade): Progress {
  const streak = grade === 'good' ? p.streak + 1 : 0;
  return {
    answered: p.answered + 1,
    good: p.good + (grade === 'good' ? 1 : 0),
    order: p.order + (grade === 'order' ? 1 : 0),
    off: p.off + (grade === 'off' ? 1 : 0),
    streak,
    best: Math.max(p.best, streak),
  };
}

/** Stored text → progress; anything unreadable (another version, a hand edit) counts as no progress. */
export function parseProgress(text: string | null): Progress {
  if (!text) return emptyProgress;
  try {
    const v = JSON.parse(text) as Record<string, unknown>;
    const n = (k: keyof Progress): number => {
      const x = v[k];
      return typeof x === 'number' && Number.isInteger(x) && x >= 0 ? x : Number.NaN;
    };
    const p: Progress = {
      answered: n('answered'),
      good: n('good'),
      order: n('order'),
      off: n('off'),
      streak: n('streak'),
      best: n('best'),
    };
    const ok =
      Object.values(p).every(Number.isFinite) &&
      p.good + p.order + p.off === p.answered &&
      p.streak <= p.best &&
      p.best <= p.good;
    return ok ? p : emptyProgress;
  } catch {
    return emptyProgress;
  }
}

/** "7 answered: 4 within 2×, 2 within 10×, 1 off. Streak 2 (best 3)." */
export function progressWords(p: Progress): string {
  if (p.answered === 0) return 'No drills answered yet in this browser.';
  return `${p.answered} answered: ${p.good} within 2×, ${p.order} within 10×, ${p.off} off. Streak ${p.streak} (best ${p.best}).`;
}
