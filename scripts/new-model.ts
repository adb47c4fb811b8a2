// Scaffolds a model: `npm run new:model <area>/<id>`, e.g. `npm run new:model capacity/cache-offload`.
//
// Writes models/<area>/<id>.ts (a zod input schema with units and bounds, described outputs,
// references, an example, a doc comment to fill in) and test/models/<area>/<id>.test.ts, whose three
// published-value tests fail until the contributor puts in values from sources they cite. Does not
// register the model: the printed next steps say where. Refuses a bad or taken id (exit 2).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { modelIds } from '../models/registry.ts';

const repo = resolve(import.meta.dirname, '..');
const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A usage error: the CLI prints the message and exits 2. */
export class ScaffoldError extends Error {}

export interface ModelName {
  readonly area: string;
  readonly id: string;
  /** the export: cache-offload → cacheOffload */
  readonly camel: string;
  readonly title: string;
}

export function parseModelName(arg: string | undefined, root = repo): ModelName {
  const usage = 'npm run new:model <area>/<id>, e.g. npm run new:model capacity/cache-offload';
  if (!arg) throw new ScaffoldError(`name the model: ${usage}`);
  const parts = arg.split('/');
  if (parts.length !== 2) throw new ScaffoldError(`"${arg}" is not <area>/<id>: ${usage}`);
  const [area, id] = parts as [string, string];
  for (const [what, v] of [
    ['area', area],
    ['id', id],
  ] as const) {
    if (!KEBAB.test(v)) {
      throw new ScaffoldError(`the ${what} "${v}" must be kebab-case (lowercase letters, digits, single hyphens): ${usage}`);
    }
  }
  if (modelIds.includes(id))
    throw new ScaffoldError(`a model with the id "${id}" is already registered; ids are a public API, pick another`);
  for (const path of [`models/${area}/${id}.ts`, `test/models/${area}/${id}.test.ts`]) {
    if (existsSync(join(root, path))) throw new ScaffoldError(`${path} already exists: pick another id, or edit that file`);
  }
  const camel = id.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
  const words = id.split('-').join(' ');
  return {
    area,
    id,
    camel: /^[0-9]/.test(camel) ? `model${camel}` : camel,
    title: words.charAt(0).toUpperCase() + words.slice(1),
  };
}

function fill(template: string, name: ModelName): string {
  const text = readFileSync(join(repo, 'scripts/templates', template), 'utf8');
  const values: Record<string, string> = { area: name.area, id: name.id, camel: name.camel, title: name.title };
  return text.replace(/\{\{(\w+)\}\}/g, (m, key: string) => values[key] ?? m);
}

export function modelText(name: ModelName): { model: string; test: string } {
  return { model: fill('model.ts.template', name), test: fill('model.test.ts.template', name) };
}

/** Writes the model and its test under `root`; returns their paths relative to it. */
export function newModel(arg: string | undefined, { root = repo }: { root?: string } = {}): { name: ModelName; files: string[] } {
  const name = parseModelName(arg, root);
  const { model, test } = modelText(name);
  const files = [`models/${name.area}/${name.id}.ts`, `test/models/${name.area}/${name.id}.test.ts`];
  mkdirSync(join(root, 'models', name.area), { recursive: true });
  mkdirSync(join(root, 'test/models', name.area), { recursive: true });
  writeFileSync(join(root, files[0] as string), model, { flag: 'wx' });
  writeFileSync(join(root, files[1] as string), test, { flag: 'wx' });
  return { name, files };
}

export function nextSteps({ area, id, camel }: ModelName, root = repo): string {
  const index = `models/${area}/index.ts`;
  const register = existsSync(join(root, index))
    ? `Register it in ${index}: import { ${camel} } from './${id}.ts'; and add ${camel} to the area's list.`
    : `${index} does not exist yet: create it (copy the shape of models/capacity/index.ts), list ${camel}\n     there, and add the area's list to models/registry.ts.`;
  return `Next:
  1. ${register}
     Until it is registered, no case study or CLI command can use it and the registry's conformance
     tests do not see it.
  2. Write the model: the doc comment (what, why, formula, assumptions, units, a reference, an example
     with its literal result), the schema's bounds, outputs, references, example and exampleStates (the
     example's literal results, checked by test/models/examples.test.ts). Base units only.
  3. Fill in the three published values in test/models/${area}/${id}.test.ts (they fail until you do),
     each with its source beside the assertion, and replace the placeholder property with real physics.
  4. npx vitest run --project unit test/models/${area}/${id}.test.ts test/models/registry.test.ts
  5. npx loadbearing describe ${id} shows it; bind it in a case study with scenario('name', '${id}', {…}).`;
}

if (import.meta.main) {
  try {
    const args = process.argv.slice(2);
    if (args.length > 1) throw new ScaffoldError(`give one <area>/<id>, not ${args.length} arguments`);
    const { name, files } = newModel(args[0]);
    console.log(`created ${files.join('\ncreated ')}\n\n${nextSteps(name)}`);
  } catch (e) {
    if (!(e instanceof ScaffoldError)) throw e;
    console.error(`new:model: ${e.message}`);
    process.exit(2);
  }
}
