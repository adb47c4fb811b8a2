// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import mdx from '@astrojs/mdx';

export default defineConfig({
  site: 'https://loadbearing.dev',
  trailingSlash: 'always',
  integrations: [
    starlight({
      title: 'Loadbearing',
      description:
        'Backend-architecture case studies in which every number is computed by a runnable, tested model you can change.',
      editLink: { baseUrl: 'https://github.com/loadbearing/loadbearing/edit/main/' },
      customCss: ['./src/styles/site.css'],
      sidebar: [
        { label: 'Start here', items: [{ label: 'What Loadbearing is', link: '/' }] },
        { label: 'Case studies', items: [{ autogenerate: { directory: 'case-studies' } }] },
      ],
    }),
    mdx(),
  ],
});
