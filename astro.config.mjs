// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import mdx from '@astrojs/mdx';
import { unified } from '@astrojs/markdown-remark';
import { rehypeMermaidDiagrams } from './src/markdown/mermaid/plugin.ts';
import { csp } from './src/lib/csp.ts';
import { externalizeBuiltDiagrams } from './src/markdown/mermaid/diagram-files.ts';
import { fileURLToPath } from 'node:url';
import { starlightSearchOnIntent } from './src/lib/starlight-search-plugin.ts';
import { plotStylesOnceInBuild } from './src/lib/plot-styles-once.ts';

export default defineConfig({
  site: 'https://loadbearing.dev',
  trailingSlash: 'always',
  // Content-Security-Policy as a <meta> in every page, with script and style hashes (src/lib/csp.ts).
  security: { csp },
  integrations: [
    starlight({
      title: 'Loadbearing',
      description:
        'Backend-architecture case studies in which every number is computed by a runnable, tested model you can change.',
      editLink: { baseUrl: 'https://github.com/loadbearing/loadbearing/edit/main/' },
      customCss: ['./src/styles/site.css', './src/styles/study.css'],
      components: { PageTitle: './src/components/PageTitle.astro', Head: './src/components/Head.astro' },
      sidebar: [
        { label: 'Start here', items: [{ label: 'What Loadbearing is', link: '/' }] },
        { label: 'Case studies', items: [{ autogenerate: { directory: 'case-studies' } }] },
        { label: 'Models', items: [{ label: 'The model library', link: '/models/' }] },
        { label: 'Practice', items: [{ label: 'Estimation drills', link: '/drills/' }] },
        {
          label: 'Cheat sheets',
          items: [
            { label: 'All cheat sheets', link: '/cheat-sheets/' },
            { label: 'Latency numbers', link: '/cheat-sheets/latency/' },
            { label: 'Powers of two', link: '/cheat-sheets/powers-of-two/' },
            { label: 'Availability nines', link: '/cheat-sheets/availability/' },
            { label: 'Queueing rules of thumb', link: '/cheat-sheets/queueing/' },
            { label: 'Conversions', link: '/cheat-sheets/conversions/' },
          ],
        },
      ],
    }),
    mdx(),
    {
      // Diagrams leave the built pages' HTML for cacheable, lazily loaded files (src/markdown/mermaid/diagram-files.ts).
      name: 'loadbearing-diagram-files',
      hooks: {
        'astro:build:done': ({ dir, logger }) => {
          const { pages, files } = externalizeBuiltDiagrams(fileURLToPath(dir));
          logger.info(`${files} diagram files for ${pages} pages`);
        },
      },
    },
    {
      // Plot's <style>, written into every chart, once per page in its <head> (src/lib/plot-styles-once.ts).
      name: 'loadbearing-plot-styles-once',
      hooks: {
        'astro:build:done': ({ dir, logger }) => {
          const { pages, removed } = plotStylesOnceInBuild(fileURLToPath(dir));
          logger.info(`Plot's chart styles once per page: ${removed} copies removed from ${pages} pages`);
        },
      },
    },
  ],
  vite: {
    // The browser's sweep worker (src/client/sweep-worker.ts) loads a model area with a dynamic import: ES
    // module workers split code, the default IIFE format cannot.
    worker: { format: 'es' },
    plugins: [
      {
        // Starlight's table of contents finds what it watches with a selector that is quadratic in a chart's
        // marks (tens of ms per page, twice, in Lighthouse mobile's blocking time): its element comes from
        // src/client/starlight-toc.ts, the same element with a linear walk (its header says what changed).
        name: 'loadbearing-starlight-toc',
        enforce: 'pre',
        resolveId(source, importer) {
          if (!/components-internals\/TableOfContents\/starlight-toc(\.[jt]s)?$/.test(source)) return null;
          if (!importer?.includes('@astrojs/starlight') && !source.includes('@astrojs/starlight')) return null;
          return fileURLToPath(new URL('./src/client/starlight-toc.ts', import.meta.url));
        },
      },
      // Starlight's search builds Pagefind's UI at idle on every page (130–180 ms at Lighthouse's mobile CPU
      // slowdown): built on the reader's first intent instead (src/lib/starlight-search-plugin.ts).
      starlightSearchOnIntent(),
    ],
  },
  markdown: {
    // Astro 7 renders Markdown with Sätteri by default; rehype plugins need the unified processor.
    // ```mermaid fences become static light/dark SVG images at build time (src/markdown/mermaid/).
    // Plugins listed here run before the ones Starlight and Expressive Code add, so Expressive Code
    // never sees a mermaid fence.
    processor: unified({ rehypePlugins: [rehypeMermaidDiagrams] }),
    // Code blocks are Starlight's Expressive Code (its CSS is a file); Astro's own Shiki highlighter, which
    // writes inline styles a strict CSP refuses, is not used.
    syntaxHighlight: false,
  },
});
