/**
 * The sections every case study has, in this order (../shared/docs/architecture.md). A heading matches
 * a section when it starts with one of the section's accepted openings, so authors may extend a heading
 * ("Capacity estimation for the Redis tier") but not skip or reorder the sections.
 */
export const requiredSections = [
  { name: 'Requirements and constraints', starts: ['requirements'] },
  { name: 'Capacity estimation', starts: ['capacity estimation'] },
  { name: 'Architecture', starts: ['architecture'] },
  { name: 'Decisions and trade-offs', starts: ['decisions', 'trade-offs'] },
  { name: 'Deep dives', starts: ['deep dive'] },
  { name: 'Failure scenarios and mitigations', starts: ['failure scenarios', 'failures'] },
  { name: 'What breaks first as load grows', starts: ['what breaks first'] },
  { name: 'Interview questions and drills', starts: ['interview questions'] },
  { name: 'References', starts: ['references'] },
] as const;

/** Problems with a page's second-level headings: missing or out-of-order required sections. */
export function sectionProblems(headings: readonly string[]): string[] {
  const problems: string[] = [];
  let last = -1;
  for (const section of requiredSections) {
    const at = headings.findIndex((h) => section.starts.some((s) => h.trim().toLowerCase().startsWith(s)));
    if (at === -1) problems.push(`missing the section "## ${section.name}"`);
    else if (at < last) problems.push(`the section "## ${section.name}" must come after the one before it in the template`);
    else last = at;
  }
  return problems;
}
