/**
 * Reads one value out of a model's output by a path a page author can write:
 *   `primaries`                          a field
 *   `timeInSystemPercentiles.p99`        a nested field
 *   `algorithms[id=fixed-window].admitted`  the element of a list whose `id` is `fixed-window`
 *   `series.3.admitted`                  a list element by index
 * Returns undefined when the path does not lead anywhere (callers turn that into a build error).
 */
const SEGMENT = /^([A-Za-z0-9_]+)(?:\[([A-Za-z0-9_]+)=([^\]]+)\])?$/;

export function pick(root: unknown, path: string): unknown {
  let node: unknown = root;
  for (const part of path.split('.')) {
    const m = SEGMENT.exec(part);
    if (!m || node === null || typeof node !== 'object') return undefined;
    const [, name, key, wanted] = m;
    node = (node as Record<string, unknown>)[name as string];
    if (key !== undefined) {
      if (!Array.isArray(node)) return undefined;
      node = node.find(
        (el: unknown) => el !== null && typeof el === 'object' && String((el as Record<string, unknown>)[key]) === wanted,
      );
    }
  }
  return node;
}
