// @ts-check
import { defineConfig } from 'astro/config'
import starlight from '@astrojs/starlight'
import { localMode } from './src/local-mode/plugin.ts'

export default defineConfig({
  output: 'static',
  // `npm start` is the learner's workbook, not an Astro project they develop: no dev toolbar over it.
  devToolbar: { enabled: false },
  // Only in `astro dev`: the local API that lets lesson pages run the learner's tests.
  vite: { plugins: [localMode()] },
  integrations: [
    // Starlight adds @astrojs/mdx itself (with `optimize`), so lessons can use components.
    starlight({
      title: 'API Engineer Workbook',
      description: 'Step-by-step lessons and graded exercises that train the everyday skills of an API engineer.',
      customCss: ['./src/styles/workbook.css'],
      routeMiddleware: './src/route-middleware.ts',
      components: { Search: './src/components/Search.astro' },
      // Long lines wrap instead of scrolling: readable on a phone, and no unlabelled scroll regions
      // (Expressive Code turns each scrollable block into a focusable landmark).
      expressiveCode: { defaultProps: { wrap: true } },
      sidebar: [
        {
          label: 'Start here',
          items: [
            { label: 'Home', link: '/' },
            { slug: 'getting-started' },
          ],
        },
        { label: 'Curriculum', slug: 'curriculum' },
        // Lesson files are named by exercise slug ("01-http-basics.mdx"), so they sort by number.
        { label: 'Lessons', items: [{ autogenerate: { directory: 'lessons' } }] },
        { label: 'Career', slug: 'career' },
        // src/route-middleware.ts adds a page per assignments/*.json after these.
        { label: 'Mentors', items: [{ slug: 'mentors/grading' }, { label: 'Rubrics for code review', link: '/mentors/rubrics/' }] },
      ],
    }),
  ],
})
