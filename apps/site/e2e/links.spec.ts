import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from '@playwright/test'

/** The built site, read from disk: every page a static host would serve. */
const dist = fileURLToPath(new URL('../dist/', import.meta.url))

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return htmlFiles(path)
    return name.endsWith('.html') ? [path] : []
  })
}

/** The file a static host serves for a site path: `/a/` is `a/index.html`. */
function fileFor(path: string): string | undefined {
  const clean = decodeURI(path)
  const candidates = clean.endsWith('/') ? [join(dist, clean, 'index.html')] : [join(dist, clean), join(dist, clean, 'index.html')]
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile())
}

const idsOf = new Map<string, Set<string>>()
function ids(file: string): Set<string> {
  let found = idsOf.get(file)
  if (!found) {
    found = new Set([...readFileSync(file, 'utf8').matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]!))
    idsOf.set(file, found)
  }
  return found
}

test('every internal link and asset in the built site resolves, anchors included', () => {
  const pages = htmlFiles(dist)
  expect(pages.length).toBeGreaterThan(10)
  const broken: string[] = []
  let checked = 0
  for (const page of pages) {
    const pagePath = `/${relative(dist, page).replace(/index\.html$/, '')}`
    const html = readFileSync(page, 'utf8')
    for (const [, attribute, value] of html.matchAll(/\s(href|src)="([^"]*)"/g)) {
      if (!value || /^(?:[a-z]+:|\/\/)/i.test(value)) continue
      const url = new URL(value.replaceAll('&amp;', '&'), `http://site${pagePath}`)
      const target = url.pathname === pagePath ? page : fileFor(url.pathname)
      checked++
      if (!target) {
        broken.push(`${pagePath}: ${attribute}="${value}" (no such file)`)
        continue
      }
      const anchor = decodeURIComponent(url.hash.slice(1))
      if (anchor && target.endsWith('.html') && !ids(target).has(anchor)) broken.push(`${pagePath}: ${attribute}="${value}" (no id "${anchor}")`)
    }
  }
  expect(broken).toEqual([])
  expect(checked).toBeGreaterThan(100)
})
