import type { openApiDocument } from './openapi.ts'

type Document = ReturnType<typeof openApiDocument>

/**
 * The reference page at /docs. It loads Swagger UI from a CDN, which renders /openapi.json in the
 * reader's browser.
 */
export function docsPage(document: Document): { html: string; contentSecurityPolicy: string } {
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${document.info.title}</title>
<link rel="stylesheet" href="https://unpkg.com/swagger-ui-dist/swagger-ui.css">
</head>
<body>
<div id="docs"></div>
<script src="https://unpkg.com/swagger-ui-dist/swagger-ui-bundle.js"></script>
<script>SwaggerUIBundle({ url: '/openapi.json', dom_id: '#docs' })</script>
</body>
</html>
`
  // TODO: this policy allows any script from anywhere, inline ones included. What does the page
  // need, and could it need nothing at all?
  const contentSecurityPolicy = "default-src * 'unsafe-inline'"
  return { html, contentSecurityPolicy }
}
