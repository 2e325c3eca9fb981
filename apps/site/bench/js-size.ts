/**
 * `npm run bench` (part 1): the JavaScript each page type ships, read from the built dist/.
 * Goal: <= 30 KB gzip per page, search excluded. Figures only; nothing here is asserted.
 *
 * A page's JS is every script in its HTML (inline ones too) plus the static `import` graph of its
 * module scripts. Dynamic `import()` targets load on demand, and here that is only search: Starlight's
 * Search script imports the Pagefind UI chunk when the dialog opens, which then imports
 * /pagefind/pagefind.js. Those are reported once, separately.
 * Inline scripts are compressed on their own too: a slight overstatement, as they ride in the HTML.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

const dist = join(import.meta.dirname, '..', 'dist')
const budget = 30 * 1024
const pages = {
  home: '/',
  lesson: '/lessons/04-problem-details/',
  map: '/curriculum/',
  mentor: '/mentors/grading/',
  career: '/career/',
}

if (!existsSync(join(dist, 'index.html'))) {
  console.error('run `npm run build -w @workbook/site` first')
  process.exit(2)
}

type Script = { name: string; code: string }

// Minified output, so regexes over the whole text are enough; a specifier only counts if it
// resolves to a file in dist/, which discards any accidental match inside a string.
const staticImport = /\b(?:import|export)\s*(?:[^'"`();]*?\bfrom\s*)?(["'`])([^"'`\n]+?)\1/g
const dynamicImport = /\bimport\s*\(\s*(["'`])([^"'`$\n]+?)\1\s*\)/g

const resolveSpecifier = (specifier: string, fromFile: string | undefined) => {
  if (!/^(\/|\.\.?\/)/.test(specifier)) return undefined
  const file = specifier.startsWith('/') ? join(dist, specifier) : resolve(dirname(fromFile ?? join(dist, 'index.html')), specifier)
  return existsSync(file) ? file : undefined
}

/** Follows static imports from `entries`; dynamic import targets are collected into `lazy`. */
const walk = (entries: Script[], lazy: Set<string>) => {
  const seen = new Set<string>()
  const scripts: Script[] = []
  const visit = (script: Script, file: string | undefined) => {
    scripts.push(script)
    for (const [, , specifier] of script.code.matchAll(dynamicImport)) {
      const target = resolveSpecifier(specifier!, file)
      if (target) lazy.add(target)
    }
    for (const [, , specifier] of script.code.matchAll(staticImport)) {
      const target = resolveSpecifier(specifier!, file)
      if (target && !seen.has(target)) {
        seen.add(target)
        visit({ name: relative(dist, target), code: readFileSync(target, 'utf8') }, target)
      }
    }
  }
  for (const entry of entries) {
    const file = entry.name.startsWith('inline') ? undefined : join(dist, entry.name)
    if (file && seen.has(file)) continue // the same src twice in one page is fetched once
    if (file) seen.add(file)
    visit(entry, file)
  }
  return scripts
}

const scriptsOf = (html: string) => {
  const entries: Script[] = []
  let inline = 0
  for (const [, attrs = '', body = ''] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(attrs)?.[1]
    if (type && !/^(module|text\/javascript|application\/javascript)$/i.test(type)) continue // JSON, templates
    const src = /\bsrc\s*=\s*["']?([^"'\s>]+)/i.exec(attrs)?.[1]
    if (src) {
      const file = resolveSpecifier(src, undefined)
      if (file) entries.push({ name: relative(dist, file), code: readFileSync(file, 'utf8') })
    } else if (body.trim()) entries.push({ name: `inline #${++inline}`, code: body })
  }
  return entries
}

const sizes = (scripts: Script[]) => {
  let raw = 0, gzip = 0, brotli = 0
  for (const { code } of scripts) {
    const bytes = Buffer.from(code)
    raw += bytes.length
    gzip += gzipSync(bytes, { level: 9 }).length
    brotli += brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length
  }
  return { raw, gzip, brotli }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
const row = (cells: string[]) => console.log(cells.map((cell, i) => (i === 0 ? cell.padEnd(34) : cell.padStart(i < 3 ? 7 : 10))).join(' '))
const isSearch = (name: string) => name.startsWith('pagefind/')

const lazy = new Set<string>()
const eager = new Set<string>()
const searchFromPages: Script[] = []
console.log('JavaScript per page (gzip level 9, brotli quality 11; each file compressed on its own, as served)\n')
row(['page', 'files', 'inline', 'raw', 'gzip', 'brotli', 'goal'])
for (const [label, path] of Object.entries(pages)) {
  const html = readFileSync(join(dist, path, 'index.html'), 'utf8')
  const all = walk(scriptsOf(html), lazy)
  searchFromPages.push(...all.filter((script) => isSearch(script.name)))
  const shipped = all.filter((script) => !isSearch(script.name))
  for (const script of shipped) eager.add(script.name)
  const { raw, gzip, brotli } = sizes(shipped)
  const inline = shipped.filter((script) => script.name.startsWith('inline')).length
  row([`${label} ${path}`, String(shipped.length - inline), String(inline), kb(raw), kb(gzip), kb(brotli), `${gzip <= budget ? '✓' : '✗'} <= 30 KB`])
}

// The Pagefind runtime is imported by the UI chunk through a computed URL (`${bundlePath}pagefind.js`),
// which no regex can follow, so it is named here.
const searchEntries = [...lazy].map((file) => ({ name: relative(dist, file), code: readFileSync(file, 'utf8') }))
const pagefindRuntime = join(dist, 'pagefind', 'pagefind.js')
if (existsSync(pagefindRuntime)) searchEntries.push({ name: 'pagefind/pagefind.js', code: readFileSync(pagefindRuntime, 'utf8') })
// The UI chunk imports the Search script back; the page already has it, so it is not counted twice.
const searchAll = [...walk(searchEntries, new Set()), ...searchFromPages].filter((script) => !eager.has(script.name))
const search = [...new Map(searchAll.map((script) => [script.name, script])).values()]
const searchSizes = sizes(search)
console.log()
row(['search, on opening (not in goal)', String(search.length), '0', kb(searchSizes.raw), kb(searchSizes.gzip), kb(searchSizes.brotli), ''])
console.log(`  ${search.map((script) => script.name).join(', ')}`)
console.log('  (plus the Pagefind WebAssembly and index fragments, fetched per query)')
