import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { docsSchema } from '@astrojs/starlight/schema';
import { caseStudyFields, requireCaseStudyFields } from './lib/frontmatter.ts';

// Case studies live in the top-level case-studies/ folder (one MDX file each; files starting with `_`
// are templates and partials). Starlight routes the `docs` collection: /case-studies/<slug>/.
export const collections = {
  docs: defineCollection({
    loader: glob({ base: '.', pattern: 'case-studies/**/[^_]*.{md,mdx}' }),
    schema: (context) => docsSchema({ extend: caseStudyFields })(context).superRefine(requireCaseStudyFields),
  }),
};
