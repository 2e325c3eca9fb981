// @ts-check
import { defineConfig } from 'astro/config'
import starlight from '@astrojs/starlight'

export default defineConfig({
  output: 'static',
  integrations: [
    // Starlight adds @astrojs/mdx itself (with `optimize`), so lessons can use components.
    starlight({
      title: 'API Engineer Workbook',
      description: 'Step-by-step lessons and graded exercises that train the everyday skills of an API engineer.',
      customCss: ['./src/styles/workbook.css'],
      routeMiddleware: './src/route-middleware.ts',
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
      ],
    }),
  ],
})
