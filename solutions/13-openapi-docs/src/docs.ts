import { createHash } from 'node:crypto'
import type { openApiDocument } from './openapi.ts'

type Document = ReturnType<typeof openApiDocument>

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const

/** Text from the document goes into HTML: escape it, or a description becomes markup (OWASP XSS prevention, rule 1). */
const escape = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char)

const STYLE = 'body{font:16px/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}code{font-size:.95em}h2{margin-top:2rem}'

/**
 * The reference page at /docs, rendered on the server from the OpenAPI document, so it cannot
 * drift from it either. No script at all: the policy forbids every fetch and allows exactly the
 * one inline style by its hash (CSP Level 3 §2.3.1), so a description that slips past escaping
 * still cannot run. A renderer loaded from a CDN would need script-src for that origin, and
 * Subresource Integrity on a pinned version.
 */
export function docsPage(document: Document): { html: string; contentSecurityPolicy: string } {
  const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item?.[method]
      if (!operation) return []
      const responses = Object.entries(operation.responses ?? {})
        .map(([status, response]) => `<li><code>${escape(status)}</code> ${escape('description' in response ? response.description : '')}</li>`)
        .join('')
      return [
        `<section id="${escape(operation.operationId ?? `${method}-${path}`)}"><h2><code>${method.toUpperCase()} ${escape(path)}</code></h2>` +
          `<p>${escape(operation.summary ?? '')}</p><ul>${responses}</ul></section>`,
      ]
    }),
  )
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(document.info.title)} ${escape(document.info.version)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escape(document.info.title)} <small>${escape(document.info.version)}</small></h1>
<p>${escape(document.info.description ?? '')}</p>
<p>The machine-readable contract: <a href="/openapi.json">/openapi.json</a> (OpenAPI ${escape(document.openapi)}). Generate clients from it.</p>
${operations.join('\n')}
</body>
</html>
`
  const styleHash = createHash('sha256').update(STYLE).digest('base64')
  const contentSecurityPolicy = `default-src 'none'; style-src 'sha256-${styleHash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`
  return { html, contentSecurityPolicy }
}
