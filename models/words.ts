/** A number inside a sentence a model returns (a `reason`): six significant digits, no trailing zeros. */
export function words(n: number): string {
  return String(Number(n.toPrecision(6)));
}
