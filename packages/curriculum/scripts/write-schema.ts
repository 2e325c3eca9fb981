import { writeFileSync } from 'node:fs'
import { exerciseJsonSchema } from '../src/json-schema.ts'

writeFileSync(new URL('../exercise.schema.json', import.meta.url), exerciseJsonSchema())
console.log('wrote packages/curriculum/exercise.schema.json')
