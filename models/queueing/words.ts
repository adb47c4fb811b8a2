/** Six significant digits, without trailing zeros: for numbers inside the sentences models return. */
export function words(n: number): string {
  return String(Number(n.toPrecision(6)));
}
