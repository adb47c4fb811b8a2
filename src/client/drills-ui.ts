/**
 * The drills' interface, loaded by <lb-drills> (./drills-element.ts) when the drills come near the viewport, the
 * reader acts on them, or a link names a drill: it draws a drill's inputs (seeded, src/lib/estimation-draw.ts),
 * writes the question, reads and grades the answer, and keeps progress in localStorage. The model that computes the
 * answer loads when the reader focuses the answer field or answers (./drills-runtime.ts, the panels' loader).
 *
 * A link `?drill=<id>&seed=<n>` opens that drill with those inputs. Keyboard: Enter checks the answer, focus moves
 * to the result, whose first control is "Next drill"; the grade is announced (role=status).
 */
import { gradeEstimate, gradeWords, ratioWords, type Graded } from '../lib/estimate-grade.ts';
import { answerLabel, parseEstimate } from '../lib/estimate-parse.ts';
import { drawInputs, fillTemplate, freshSeed, parseSeed, type DrillConfig } from '../lib/estimation-draw.ts';
import { emptyProgress, parseProgress, progressWords, PROGRESS_KEY, recordGrade, type Progress } from '../lib/drill-progress.ts';
import { formatValue } from '../lib/format.ts';

type Runtime = typeof import('./drills-runtime.ts');
let runtime: Promise<Runtime> | undefined;

function loadRuntime(): Promise<Runtime> {
  runtime ??= import('./drills-runtime.ts');
  runtime.catch(() => {
    runtime = undefined;
  });
  return runtime;
}

function readProgress(): Progress {
  try {
    return parseProgress(localStorage.getItem(PROGRESS_KEY));
  } catch {
    return emptyProgress; // storage blocked: progress lives for this page only
  }
}

function writeProgress(p: Progress): void {
  try {
    localStorage.setItem(PROGRESS_KEY, JSON.stringify(p));
  } catch {
    /* storage blocked or full: the page still works */
  }
}

/** Bytes in SI units (how disks are sold) beside the binary ones the site writes: "399 MB". */
function siBytes(bytes: number): string {
  const steps = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < steps.length - 1) {
    v /= 1000;
    i++;
  }
  return `${Number(v.toPrecision(3)).toLocaleString('en-US')}\u00a0${steps[i]}`;
}

function show(value: number, c: DrillConfig): string {
  if (c.answer.kind === 'bytes') return `${siBytes(value)} (${formatValue(value, { format: 'bytes' })})`;
  const text = formatValue(value, { format: c.answer.format === 'integer' && value < 1 ? 'decimal' : c.answer.format });
  return c.answer.format === 'usd' ? text : `${text} ${c.answer.unit}`;
}

/** One <lb-drills> element's drills. */
export class DrillsUi {
  readonly #el: HTMLElement;
  #drills: DrillConfig[] = [];
  #current: { config: DrillConfig; seed: number } | undefined;
  #answered = false;
  #progress: Progress = emptyProgress;

  #q<T extends Element>(sel: string): T | null {
    return this.#el.querySelector<T>(sel);
  }

  constructor(el: HTMLElement) {
    this.#el = el;
    this.#drills = JSON.parse(this.#q('script[type="application/json"]')?.textContent ?? '[]') as DrillConfig[];
    if (this.#drills.length === 0) return;
    this.#progress = readProgress();
    this.#showProgress();

    this.#q('.lb-drill-answer')?.addEventListener('input', () => this.#error(''));
    // Another tab's answers: keep the counts in step.
    window.addEventListener('storage', (e) => {
      if (e.key === PROGRESS_KEY) {
        this.#progress = readProgress();
        this.#showProgress();
      }
    });

    const params = new URLSearchParams(location.search);
    const linked = this.#drills.find((d) => d.id === params.get('drill'));
    const seed = parseSeed(params.get('seed'));
    if (linked) {
      const filter = this.#q<HTMLSelectElement>('.lb-drill-filter');
      if (filter) filter.value = '';
      this.#show(linked, seed ?? 1, true);
    } else {
      // The page's own drill (seed 1, also what reads without JavaScript) the first time; fresh numbers
      // for a reader who has answered before.
      const first = this.#drills[0];
      if (first) this.#show(first, this.#progress.answered > 0 ? freshSeed() : Number(this.#el.dataset['seed'] ?? 1), true);
    }
  }

  /** The drills the filter allows (all of them without a filter). */
  #pool(): DrillConfig[] {
    const study = this.#q<HTMLSelectElement>('.lb-drill-filter')?.value ?? '';
    const pool = study ? this.#drills.filter((d) => d.study === study) : this.#drills;
    return pool.length ? pool : this.#drills;
  }

  /** Another drill (of the filter's pool); `focus` moves focus to its answer field. */
  next(focus: boolean): void {
    const pool = this.#pool();
    const at = this.#current ? pool.indexOf(this.#current.config) : -1;
    // In order within a case study; on the mixed page, any other drill of the pool.
    let next: DrillConfig | undefined;
    if (this.#el.dataset['order'] === 'random' && pool.length > 1) {
      const others = pool.filter((d) => d !== this.#current?.config);
      next = others[freshSeed() % others.length];
    } else {
      next = pool[(at + 1) % pool.length];
    }
    if (!next) return;
    this.#show(next, freshSeed());
    if (focus) this.#q<HTMLInputElement>('.lb-drill-answer')?.focus();
  }

  reset(): void {
    this.#progress = emptyProgress;
    writeProgress(this.#progress);
    this.#showProgress('Progress reset.');
    const status = this.#q<HTMLElement>('.lb-drill-status');
    if (status) status.textContent = 'Progress reset.';
  }

  /** Starts loading the current drill's model (the reader is about to answer). */
  preload(): void {
    const c = this.#current?.config;
    if (c)
      void loadRuntime().then(
        (r) => r.preload(c),
        () => undefined,
      );
  }

  /** Shows a drill; `keep` leaves what the reader may already have typed (the first show, as the interface loads). */
  #show(config: DrillConfig, seed: number, keep = false): void {
    this.#current = { config, seed };
    this.#answered = false;
    const drawn = drawInputs(config.draws, seed);
    const input = { ...config.base, ...drawn };
    const set = (sel: string, text: string) => {
      const el = this.#q<HTMLElement>(sel);
      if (el) el.textContent = text;
    };
    set('.lb-drill-title', config.title);
    set('.lb-drill-question', fillTemplate(config.question, input, {}));
    set('.lb-drill-unit', answerLabel(config.answer));
    const study = this.#q<HTMLAnchorElement>('.lb-drill-study');
    if (study) {
      study.textContent = config.studyTitle;
      study.href = config.href;
    }
    const link = this.#q<HTMLAnchorElement>('.lb-drill-link');
    if (link) {
      const url = new URL(location.href);
      url.search = '';
      url.searchParams.set('drill', config.id);
      url.searchParams.set('seed', String(seed));
      url.hash = this.#el.id;
      link.href = url.href;
    }
    const answer = this.#q<HTMLInputElement>('.lb-drill-answer');
    if (answer) {
      if (!keep) answer.value = '';
      answer.readOnly = false;
    }
    const submit = this.#q<HTMLButtonElement>('.lb-drill-check');
    if (submit) submit.disabled = false;
    this.#error('');
    const result = this.#q<HTMLElement>('.lb-drill-result');
    if (result) result.hidden = true;
    set('.lb-drill-status', '');
    this.#el.dataset['drill'] = config.id;
    this.#el.dataset['seedShown'] = String(seed);
  }

  #error(message: string): void {
    const box = this.#q<HTMLElement>('.lb-drill-error');
    const input = this.#q<HTMLInputElement>('.lb-drill-answer');
    if (box) {
      box.textContent = message;
      box.hidden = !message;
    }
    if (message) input?.setAttribute('aria-invalid', 'true');
    else input?.removeAttribute('aria-invalid');
  }

  /** Grades the answer typed (or explains why it cannot). */
  async check(): Promise<void> {
    const current = this.#current;
    const input = this.#q<HTMLInputElement>('.lb-drill-answer');
    if (!current || !input || this.#answered) return;
    const parsed = parseEstimate(input.value, current.config.answer.kind);
    if (!parsed.ok) {
      this.#error(parsed.message);
      input.focus();
      return;
    }
    let run: Awaited<ReturnType<Runtime['evaluateDrill']>>;
    try {
      run = await (await loadRuntime()).evaluateDrill(current.config, current.seed);
    } catch {
      this.#error('Could not load the model to grade this; check your connection and press Enter to try again.');
      return;
    }
    if (this.#current !== current) return; // the reader moved on while the model loaded
    this.#answered = true;
    input.readOnly = true;
    const submit = this.#q<HTMLButtonElement>('.lb-drill-check');
    if (submit) submit.disabled = true;
    const graded = gradeEstimate(parsed.value, run.answer);
    this.#progress = recordGrade(this.#progress, graded.grade);
    writeProgress(this.#progress);
    this.#showResult(current.config, parsed.value, run.answer, run.steps, graded);
    this.#showProgress();
  }

  #showResult(c: DrillConfig, estimate: number, answer: number, steps: readonly string[], g: Graded): void {
    const result = this.#q<HTMLElement>('.lb-drill-result');
    if (!result) return;
    const set = (sel: string, text: string) => {
      const el = result.querySelector<HTMLElement>(sel);
      if (el) el.textContent = text;
    };
    result.dataset['grade'] = g.grade;
    set('.lb-drill-grade', gradeWords[g.grade]);
    const vs = `You said ${show(estimate, c)}; the model says ${show(answer, c)}: ${ratioWords(g)}.`;
    set('.lb-drill-vs', vs);
    set('.lb-drill-rule-text', c.rule);
    result
      .querySelector('.lb-drill-steps')
      ?.replaceChildren(...steps.map((s) => Object.assign(document.createElement('li'), { textContent: s })));
    result.hidden = false;
    const status = this.#q<HTMLElement>('.lb-drill-status');
    if (status) status.textContent = `${gradeWords[g.grade]}. ${vs}`;
    result.focus();
  }

  #showProgress(note = ''): void {
    const box = this.#q<HTMLElement>('.lb-drill-progress');
    if (box) box.textContent = `${note ? `${note} ` : ''}${progressWords(this.#progress)}`;
    this.#el.dataset['answered'] = String(this.#progress.answered);
  }
}
