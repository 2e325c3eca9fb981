/**
 * `npm run bench` (part 2): Lighthouse scores of the built site, offline, with the system Chromium.
 * Goal: >= 95 in performance, accessibility, best practices and SEO on home, a lesson and the map.
 * A benchmark, not a test: it prints figures and exits 0; only "could not run" exits non-zero.
 *
 * Lighthouse's default config is used, i.e. mobile: a mid-range phone's viewport and CPU, with
 * simulated slow-4G throttling. It is the common yardstick (PageSpeed Insights leads with it) and the
 * harder of the two, so a pass there all but guarantees one on the desktop preset. Simulated throttling
 * also keeps scores stable between runs on a loopback server, where real network timings mean nothing.
 */
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import { pipeline } from 'node:stream'
import { createBrotliCompress, createGzip } from 'node:zlib'
import { launch } from 'chrome-launcher'
import type { LaunchedChrome } from 'chrome-launcher'
import lighthouse from 'lighthouse'
import type { Result } from 'lighthouse'

const dist = join(import.meta.dirname, '..', 'dist')
const goal = 95
const pages = { home: '/', lesson: '/lessons/04-problem-details/', map: '/curriculum/' }
const categories = ['performance', 'accessibility', 'best-practices', 'seo']
const chromePath = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium'

if (!existsSync(join(dist, 'index.html'))) {
  console.error('run `npm run build -w @workbook/site` first')
  process.exit(2)
}
// chrome-launcher reports a missing binary as an unhandled 'error' event, past any try/finally.
if (!existsSync(chromePath)) {
  console.error(`no Chromium at ${chromePath} (set CHROMIUM_PATH)`)
  process.exit(1)
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
}
const compressible = /^(text\/|application\/(json|xml)|image\/svg)/

const fileFor = (pathname: string) => {
  const path = normalize(join(dist, decodeURIComponent(pathname)))
  if (path !== dist && !path.startsWith(dist + sep)) return undefined
  if (existsSync(path) && statSync(path).isDirectory()) return existsSync(join(path, 'index.html')) ? join(path, 'index.html') : undefined
  return existsSync(path) ? path : undefined
}

// What a static host does with dist/: 404.html for misses, and text compressed on the fly. Serving
// it uncompressed would fail Lighthouse's text-compression check for a reason no real host has.
// Hashed /_astro/ assets are cached for a year, as hosts configured for Astro do; pages revalidate.
const server = createServer((request, response) => {
  const { pathname } = new URL(request.url ?? '/', 'http://127.0.0.1')
  const found = fileFor(pathname)
  const file = found ?? join(dist, '404.html')
  const type = types[extname(file)] ?? 'application/octet-stream'
  const accepts = String(request.headers['accept-encoding'] ?? '')
  const encoding = !compressible.test(type) ? undefined : /\bbr\b/.test(accepts) ? 'br' : /\bgzip\b/.test(accepts) ? 'gzip' : undefined
  response.writeHead(found ? 200 : 404, {
    'content-type': type,
    'cache-control': pathname.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate',
    vary: 'accept-encoding',
    ...(encoding ? { 'content-encoding': encoding } : {}),
  })
  const body = createReadStream(file)
  if (encoding === 'br') pipeline(body, createBrotliCompress(), response, () => {})
  else if (encoding === 'gzip') pipeline(body, createGzip(), response, () => {})
  else pipeline(body, response, () => {})
})

const topFailures = (lhr: Result, category: string) =>
  lhr.categories[category]!.auditRefs
    .map((ref) => ({ ref, audit: lhr.audits[ref.id]! }))
    .filter(({ audit }) => audit.score !== null && audit.score < 1 && audit.scoreDisplayMode !== 'informative' && audit.scoreDisplayMode !== 'manual')
    // Weighted audits cost points; in performance the weight-0 ones are the advice that would help them.
    .sort((a, b) => b.ref.weight * (1 - b.audit.score!) - a.ref.weight * (1 - a.audit.score!) || a.audit.score! - b.audit.score!)
    .slice(0, 5)

let chrome: LaunchedChrome | undefined
let exitCode = 0
try {
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  chrome = await launch({
    chromePath,
    chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })

  const results: Array<[string, Result]> = []
  for (const [label, path] of Object.entries(pages)) {
    const run = await lighthouse(origin + path, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: categories })
    if (!run) throw new Error(`Lighthouse returned nothing for ${path}`)
    if (run.lhr.runtimeError) throw new Error(`${path}: ${run.lhr.runtimeError.code} ${run.lhr.runtimeError.message}`)
    results.push([`${label} ${path}`, run.lhr])
  }

  console.log(`\nLighthouse ${results[0]![1].lighthouseVersion}, mobile (simulated throttling), ${origin}\n`)
  const row = (cells: string[]) => console.log(cells.map((cell, i) => (i === 0 ? cell.padEnd(36) : cell.padStart(16))).join(''))
  row(['page', ...categories])
  const scoreOf = (lhr: Result, category: string) => Math.round((lhr.categories[category]!.score ?? 0) * 100)
  for (const [label, lhr] of results) row([label, ...categories.map((c) => `${scoreOf(lhr, c)} ${scoreOf(lhr, c) >= goal ? '✓' : '✗'}`)])
  console.log()
  const metrics = { FCP: 'first-contentful-paint', LCP: 'largest-contentful-paint', TBT: 'total-blocking-time', CLS: 'cumulative-layout-shift', SI: 'speed-index' }
  for (const [label, lhr] of results) {
    console.log(`${label.padEnd(36)}${Object.entries(metrics).map(([name, id]) => `${name} ${lhr.audits[id]!.displayValue}`).join(', ')}`)
    for (const warning of lhr.runWarnings) console.log(`  warning: ${warning}`)
  }

  for (const [label, lhr] of results) {
    for (const category of categories.filter((c) => scoreOf(lhr, c) < goal)) {
      console.log(`\n${label} — ${category} ${scoreOf(lhr, category)} (goal >= ${goal}):`)
      for (const { ref, audit } of topFailures(lhr, category)) {
        const detail = audit.displayValue ? ` — ${audit.displayValue}` : ''
        console.log(`  ${audit.id} (score ${Math.round(audit.score! * 100)}, weight ${ref.weight}): ${audit.title}${detail}`)
      }
    }
  }
} catch (error) {
  console.error('Lighthouse could not run:', error)
  exitCode = 1
} finally {
  chrome?.kill()
  server.closeAllConnections()
  server.close()
}
process.exit(exitCode)
