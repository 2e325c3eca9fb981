import { writeFileSync } from 'node:fs'
import { jsonSchemas } from '../src/json-schema.ts'

for (const [name, schema] of Object.entries(jsonSchemas())) {
  writeFileSync(new URL(`../${name}`, import.meta.url), schema)
  console.log(`wrote packages/curriculum/${name}`)
}
