/**
 * The frontmatter every case study must have, on top of Starlight's own fields. A wrong page fails the
 * build; Astro's message names the file, and ours name the field, what is allowed and what was found.
 */
import { z } from 'astro/zod';

export const domains = [
  'rate-limiting',
  'payments',
  'ledgers',
  'marketplaces',
  'notifications',
  'messaging',
  'storage',
  'search',
  'coordination',
] as const;

export const difficulties = ['foundation', 'intermediate', 'advanced'] as const;

const kebab = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const fields = {
  /** the one-sentence summary: shown under the title, in search results and in the page's meta description */
  description: z
    .string({ error: 'description is required: one sentence (50–220 characters) that summarises the case study' })
    .min(50, 'description must be at least 50 characters: one full sentence that summarises the case study')
    .max(220, 'description must be at most 220 characters: one sentence, not a paragraph'),
  domain: z.enum(domains, { error: `domain must be one of: ${domains.join(', ')}` }),
  difficulty: z.enum(difficulties, { error: `difficulty must be one of: ${difficulties.join(', ')}` }),
  tags: z
    .array(z.string().regex(kebab, 'each tag must be kebab-case, e.g. "token-bucket"'))
    .min(1, 'tags needs at least one tag')
    .max(10, 'tags takes at most 10 tags'),
  lastReviewed: z.coerce
    .date({ error: 'lastReviewed must be a date written YYYY-MM-DD' })
    .refine((d) => d.getTime() <= Date.now() + 86_400_000, 'lastReviewed cannot be in the future'),
};

const required = {
  description: 'one sentence (50–220 characters) that summarises the case study',
  domain: `one of ${domains.join(', ')}`,
  difficulty: `one of ${difficulties.join(', ')}`,
  tags: 'a list of kebab-case tags, e.g. [rate-limiting, redis]',
  lastReviewed: 'the date the numbers and sources were last checked, YYYY-MM-DD',
} as const;

/**
 * Fields added to Starlight's frontmatter. They are optional here because Starlight validates the
 * frontmatter of its own custom pages (`<StarlightPage>`, `pageType: page`) with the same schema;
 * `requireCaseStudyFields` then makes every one of them required on a case study.
 */
export const caseStudyFields = z.object({
  /** `case-study` (the default, for files in case-studies/) or `page` (site pages built with StarlightPage) */
  pageType: z.enum(['case-study', 'page']).default('case-study'),
  description: fields.description.optional(),
  domain: fields.domain.optional(),
  difficulty: fields.difficulty.optional(),
  tags: fields.tags.optional(),
  /** no longer written by hand: the models a page uses are those of its module's scenarios */
  models: z
    .never({ error: 'models is derived from the case study’s module (case-studies/<slug>.ts): remove this line' })
    .optional(),
  lastReviewed: fields.lastReviewed.optional(),
});

export function requireCaseStudyFields(data: Record<string, unknown>, ctx: z.RefinementCtx): void {
  if (data['pageType'] !== 'case-study') return;
  for (const [field, allowed] of Object.entries(required)) {
    if (data[field] === undefined) {
      ctx.addIssue({ code: 'custom', path: [field], message: `${field} is required on a case study: ${allowed}` });
    }
  }
}
