/**
 * The skills of an API engineer's job, as CURRICULUM.md lists them. Every exercise names the skills
 * it trains by these ids; the site's curriculum map is derived from this list, so a skill that no
 * exercise trains yet still shows up (as a gap) instead of disappearing.
 */
export const skills = [
  { id: 'endpoint-design', label: 'Design API endpoints and data contracts', group: 'responsibility' },
  { id: 'service-building', label: 'Build and maintain API services', group: 'responsibility' },
  { id: 'formats', label: 'Define request and response formats', group: 'responsibility' },
  { id: 'authn', label: 'Authentication', group: 'responsibility' },
  { id: 'authz', label: 'Authorization', group: 'responsibility' },
  { id: 'validation-errors', label: 'Input validation and error handling', group: 'responsibility' },
  { id: 'documentation', label: 'Write clear API documentation', group: 'responsibility' },
  { id: 'testing', label: 'Automated tests for API behaviour', group: 'responsibility' },
  { id: 'monitoring', label: 'Monitor uptime and latency', group: 'responsibility' },
  { id: 'incident-fixing', label: 'Investigate and fix production issues', group: 'responsibility' },
  { id: 'client-coordination', label: 'Coordinate changes with client developers', group: 'responsibility' },
  { id: 'versioning', label: 'API versioning and deprecation', group: 'responsibility' },
  { id: 'performance', label: 'Performance and scalability', group: 'responsibility' },
  { id: 'rate-limiting', label: 'Rate limiting', group: 'often-missing' },
  { id: 'threat-modeling', label: 'Threat modeling', group: 'often-missing' },
  { id: 'incident-response', label: 'Incident response', group: 'often-missing' },
  { id: 'schema-governance', label: 'Schema governance', group: 'often-missing' },
  { id: 'alerting', label: 'Monitoring and alerting', group: 'often-missing' },
  { id: 'load-testing', label: 'Load testing', group: 'often-missing' },
  { id: 'sdk-design', label: 'Client SDK design', group: 'often-missing' },
] as const

export type SkillId = (typeof skills)[number]['id']

export const skillIds = skills.map((skill) => skill.id) as [SkillId, ...SkillId[]]
