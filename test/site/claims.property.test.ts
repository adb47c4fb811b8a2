/**
 * Claims that stay true: every computed claim of every case study is driven across its scenario's input
 * ranges (fast-check, from the case study's own inputs), and must be decidable there — both sides finite
 * numbers — so the page always has a sentence to show for it, and the sentence it shows is the one the
 * numbers beside it support. The browser side (the visible sentence after an edit matches the claim, and
 * each claim has a sentence for both outcomes) is in test/browser/readers.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../../models/evaluate.ts';
import { caseStudies } from '../../src/lib/case-studies.ts';
import { claimHolds } from '../../src/lib/claims.ts';
import { derivedInputs } from '../../src/lib/scenario.ts';
import { inRangeInput } from '../arbitraries.ts';

const cases = caseStudies.flatMap((study) => study.claims.map((c) => [`${study.slug}: ${c.says}`, study, c] as const));

describe.each(cases)('%s', (_name, study, c) => {
  it('is decided across the inputs’ ranges, and both ways somewhere in them', { timeout: 60_000 }, () => {
    const s = c.of;
    // A claim about a derived scenario moves with its source's inputs.
    const source = s.source ? study.scenarios.find((x) => x.name === s.source) : s;
    if (!source) return expect.fail(`scenario ${s.source ?? ''} not found`);
    const arb = inRangeInput(s.model, source.inputs);
    if (!arb) return expect.fail(`${s.model.id} has no numeric input to vary`);
    const outcomes = new Set<boolean>();
    fc.assert(
      fc.property(arb, (raw) => {
        const r = check(source.model, raw);
        if (!r.ok) return; // a cross-field rule: no page would show these numbers
        let input = r.input as Record<string, unknown>;
        let output = r.output as Record<string, unknown>;
        if (s.source) {
          const d = source.derived.find((x) => x.name === s.name);
          const rd = d && check(s.model, derivedInputs(input, d));
          if (!rd || !rd.ok) return;
          input = rd.input as Record<string, unknown>;
          output = rd.output as Record<string, unknown>;
        }
        const holds = claimHolds(c, input, output);
        expect(holds, `undecidable for ${JSON.stringify(raw)}`).toBeTypeOf('boolean');
        outcomes.add(holds as boolean);
      }),
      { numRuns: 120 },
    );
    // Both outcomes turn up somewhere in range: the page needs (and has, readers.test.ts checks) a
    // sentence for each. A claim that held everywhere would not need to be a claim.
    expect([...outcomes].sort((a, b) => Number(a) - Number(b))).toEqual([false, true]);
  });
});
