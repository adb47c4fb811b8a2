/**
 * Reads a case study's MDX source without building the site: the scenarios it declares (as the
 * arguments of its `scenario(...)` calls) and the components that publish numbers and charts
 * (`<Value>`, `<Panel>`, `<Chart>`) with their attributes. Used by the chart snapshot test and by
 * `npm run capacity-diff`, which evaluate the scenarios with the site's own `scenario()` function.
 *
 * The page's ESM (its `export const x = scenario(...)` lines) runs in an empty `node:vm` context in
 * which `scenario` only records its arguments: imports are dropped and no Node globals are defined.
 * (A vm context is not a security boundary: this runs the repository's own pages, as the build does.)
 * Component attributes are
 * strings (`field="primaries"`) or expressions (`of={limiter}`, `fields={['limit']}`); expressions other
 * than a scenario's variable are evaluated the same way.
 */
import { createContext, runInContext } from 'node:vm';

export interface ScenarioCall {
  /** the variable the page binds it to: `of={limiter}` */
  readonly variable: string;
  /** the scenario's own name (its first argument), used in URLs and on the page */
  readonly name: string;
  readonly modelId: string;
  readonly inputs: Readonly<Record<string, unknown>>;
}

/** An attribute: a string literal, or the source text of a `{…}` expression. */
export type Attribute = string | { readonly expression: string };

export interface ComponentUse {
  readonly component: 'Value' | 'Panel' | 'Chart';
  readonly attributes: Readonly<Record<string, Attribute>>;
  /** 1-based line of the opening `<` in the MDX file */
  readonly line: number;
}

export interface CaseStudySource {
  readonly scenarios: readonly ScenarioCall[];
  readonly components: readonly ComponentUse[];
}

const COMPONENTS = new Set(['Value', 'Panel', 'Chart']);

/** The index just past the string literal or balanced bracket group that opens at `start`. */
function skipBalanced(text: string, start: number): number {
  const stack: string[] = [];
  const closing: Record<string, string> = { '{': '}', '[': ']', '(': ')' };
  let i = start;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '"' || c === "'" || c === '`') {
      i++;
      while (i < text.length && text[i] !== c) i += text[i] === '\\' ? 2 : 1;
      i++;
      if (stack.length === 0) return i;
      continue;
    }
    if (c in closing) stack.push(closing[c] as string);
    else if (c === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return i + 1;
    }
    i++;
  }
  throw new Error(`unbalanced brackets or quotes from offset ${start}`);
}

/** Splits the page into its ESM (top-level import/export blocks) and the rest, code fences blanked. */
function splitPage(text: string): { esm: string; body: string } {
  const lines = text.split('\n');
  const esm: string[] = [];
  const body: string[] = [];
  let i = 0;
  // frontmatter
  if (lines[0] === '---') {
    const end = lines.indexOf('---', 1);
    for (; i <= end; i++) body.push('');
  }
  let fence: string | null = null;
  let inEsm = false;
  for (; i < lines.length; i++) {
    const line = lines[i] as string;
    if (fence !== null) {
      if (line.trimStart().startsWith(fence)) fence = null;
      body.push('');
      continue;
    }
    const open = /^\s*(`{3,}|~{3,})/.exec(line);
    if (open) {
      fence = open[1] as string;
      body.push('');
      continue;
    }
    if (!inEsm && /^(export|import)\s/.test(line)) inEsm = true;
    if (inEsm) {
      if (line.trim() === '') inEsm = false;
      else {
        esm.push(line);
        body.push('');
        continue;
      }
    }
    body.push(line);
  }
  // MDX comments and inline code are prose about components, not components: blank them (keeping
  // line breaks, so line numbers stay right).
  const blank = (m: string) => m.replace(/[^\n]/g, ' ');
  const prose = body
    .join('\n')
    .replace(/\{\/\*[\s\S]*?\*\/\}/g, blank)
    .replace(/`[^`\n]*`/g, blank);
  return { esm: esm.join('\n'), body: prose };
}

/** Evaluates one attribute expression of the page (a literal: a list of fields, a number). */
export function evaluateExpression(expression: string): unknown {
  return structuredClone(runInContext(`(${expression})`, createContext({}), { timeout: 1000 }) as unknown);
}

function scenarioCalls(esm: string): ScenarioCall[] {
  const calls: { name: unknown; modelId: unknown; inputs: unknown }[] = [];
  const variables = [...esm.matchAll(/^\s*(?:export\s+)?const\s+([A-Za-z_$][\w$]*)\s*=\s*scenario\s*\(/gm)].map(
    (m) => m[1] as string,
  );
  const code = esm
    // imports are of components and of scenario() itself: drop them, scenario is provided below
    .replace(/^import\s[\s\S]*?from\s*(['"])[^'"]*\1;?[ \t]*$/gm, '')
    .replace(/^import\s*(['"])[^'"]*\1;?[ \t]*$/gm, '')
    .replace(/^export\s+(?=const|let|function|class)/gm, '');
  const context = createContext({
    scenario: (name: unknown, modelId: unknown, inputs: unknown = {}) => {
      calls.push({ name, modelId, inputs });
      return { scenarioIndex: calls.length - 1 };
    },
  });
  const bound = runInContext(`${code}\n;[${variables.join(', ')}]`, context, { timeout: 1000 }) as { scenarioIndex: number }[];
  return variables.map((variable, k) => {
    const call = calls[bound[k]?.scenarioIndex ?? -1];
    if (
      !call ||
      typeof call.name !== 'string' ||
      typeof call.modelId !== 'string' ||
      typeof call.inputs !== 'object' ||
      call.inputs === null
    ) {
      throw new Error(`scenario bound to "${variable}": expected scenario('name', 'model-id', { …inputs })`);
    }
    return { variable, name: call.name, modelId: call.modelId, inputs: structuredClone(call.inputs) as Record<string, unknown> };
  });
}

function componentUses(body: string): ComponentUse[] {
  const uses: ComponentUse[] = [];
  const open = /<([A-Z][A-Za-z]*)(?=[\s/>])/g;
  for (let m = open.exec(body); m; m = open.exec(body)) {
    const component = m[1] as string;
    if (!COMPONENTS.has(component)) continue;
    const line = body.slice(0, m.index).split('\n').length;
    const attributes: Record<string, Attribute> = {};
    let i = m.index + m[0].length;
    for (;;) {
      while (/\s/.test(body[i] ?? '')) i++;
      if (body.startsWith('/>', i) || body[i] === '>' || i >= body.length) break;
      const name = /^[A-Za-z_][\w-]*/.exec(body.slice(i))?.[0];
      if (!name) throw new Error(`line ${line}: <${component}>: cannot read the attribute at "${body.slice(i, i + 20)}"`);
      i += name.length;
      while (/\s/.test(body[i] ?? '')) i++;
      if (body[i] !== '=') {
        attributes[name] = { expression: 'true' };
        continue;
      }
      i++;
      while (/\s/.test(body[i] ?? '')) i++;
      const end = skipBalanced(body, i);
      const raw = body.slice(i, end);
      attributes[name] = raw.startsWith('{') ? { expression: raw.slice(1, -1).trim() } : raw.slice(1, -1);
      i = end;
    }
    open.lastIndex = i;
    uses.push({ component: component as ComponentUse['component'], attributes, line });
  }
  return uses;
}

export function parseCaseStudy(text: string): CaseStudySource {
  const { esm, body } = splitPage(text.replace(/\r\n/g, '\n'));
  return { scenarios: scenarioCalls(esm), components: componentUses(body) };
}

/** An attribute as a string (a literal, or a `{…}` expression evaluated), or undefined when absent. */
export function attributeValue(use: ComponentUse, name: string): unknown {
  const a = use.attributes[name];
  if (a === undefined) return undefined;
  return typeof a === 'string' ? a : evaluateExpression(a.expression);
}

/** The variable of the scenario a component is bound to (`of={limiter}` → "limiter"). */
export function scenarioVariable(use: ComponentUse): string {
  const of = use.attributes['of'];
  if (of === undefined || typeof of === 'string' || !/^[A-Za-z_$][\w$]*$/.test(of.expression)) {
    throw new Error(`line ${use.line}: <${use.component}> needs of={scenarioVariable}`);
  }
  return of.expression;
}
