import type { SkillId } from '@workbook/curriculum'

/** How each review criterion is scored; the same three levels for every exercise. */
export const reviewLevels = [
  { level: 'Not yet', meaning: 'Missing, or works only by accident: ask for a change before you accept the work.' },
  { level: 'Solid', meaning: 'What a careful colleague would ship; small comments at most.' },
  { level: 'Strong', meaning: 'Goes beyond the tests with judgement the learner can explain.' },
] as const

/**
 * What a reviewer looks for beyond the tests, per skill an exercise trains. Typed by SkillId, so a
 * new skill in @workbook/curriculum does not type-check until it has a criterion here.
 */
export const skillCriteria: Record<SkillId, string> = {
  'endpoint-design': 'URLs name resources and methods carry the action; a client developer could guess the next endpoint from the ones they know.',
  'service-building': 'The app is built by a factory with its dependencies passed in; nothing listens, reads the clock or touches globals at import time.',
  formats: 'Every response, errors included, has the media type it claims, and bodies keep one consistent shape across endpoints.',
  authn: 'Credentials are checked before any work, compared in constant time and never logged; every failure looks the same from outside.',
  authz: 'Access is decided in one place, per resource, and denied by default; nothing trusts an owner or role sent by the client.',
  'validation-errors': 'Input is checked at the edge against an explicit contract; every client mistake gets a specific 4xx that helps fix it, and unexpected errors are logged, not leaked.',
  documentation: 'A client developer could use the endpoint from its description alone: statuses, headers and error types are written down.',
  testing: 'The learner can say which test covers which behaviour, and added a test for a case they found that the graded tests miss.',
  monitoring: 'Health and failure signals are cheap to call, exact and machine-readable.',
  'incident-fixing': 'Logs carry what on-call needs (method, path, the error with its stack) and clients get none of it.',
  'client-coordination': 'Behaviour clients depend on, such as status codes, headers and retry semantics, is deliberate and explained, not incidental.',
  versioning: 'Contract changes are additive, or versioned and announced with a deprecation path.',
  performance: 'Work per request is bounded: page sizes and body sizes are capped, and lookups use keys instead of scans.',
  'rate-limiting': 'Limits apply per client, are announced in headers, and are answered with 429 and Retry-After.',
  'threat-modeling': 'The learner can name the attacks this code defends against and point to where each defence lives.',
  'incident-response': 'Failures are detectable and explainable after the fact: who was affected, since when, and why.',
  'schema-governance': 'Schemas are the single definition of the contract, shared by validation and documentation, and changed on purpose.',
  alerting: 'The signals that would page someone are defined, and they fire on symptoms clients feel, not on noise.',
  'load-testing': 'The learner knows the limits of the service and how they were measured.',
  'sdk-design': 'A client library built on this API would need no special cases: errors, pagination and retries behave the same everywhere.',
}

/** Criteria for every exercise, whatever it trains. */
export const generalCriteria = [
  { title: 'Naming and structure', look: 'Names say what things are; each function does one thing; the code reads top to bottom without comments that narrate it.' },
  { title: 'Error handling', look: 'Every failure path is handled on purpose, with the right status; no empty catch, no error swallowed or sent raw to the client.' },
  { title: 'Security defaults', look: 'Unknown input is refused, not ignored; secrets and stack traces stay out of responses and logs; limits are explicit.' },
  { title: 'Tests', look: 'The learner ran the tests often, reads failures by their names, and can explain what one failing test would have caught.' },
  { title: 'A focused diff', look: 'The change stays in the files the exercise names, with no stray debug output, commented-out code or unrelated reformatting.' },
] as const
