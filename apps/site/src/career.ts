import { skills, type SkillId } from '@workbook/curriculum'

/** Where the job leads, and which skills of the curriculum each path builds on most. */
export const careerPaths: { title: string; what: string; skills: SkillId[] }[] = [
  {
    title: 'Senior API engineer',
    what: 'Owns the design of whole APIs, reviews other people’s endpoints, and decides how contracts change without breaking clients.',
    skills: ['endpoint-design', 'versioning', 'client-coordination', 'validation-errors'],
  },
  {
    title: 'Platform engineer',
    what: 'Builds what every team’s API stands on: gateways, authentication, rate limits, observability and the paved road for new services.',
    skills: ['authn', 'authz', 'rate-limiting', 'monitoring', 'performance'],
  },
  {
    title: 'Integration engineer',
    what: 'Connects systems that were not built for each other: partners’ APIs, webhooks, retries and data that arrives late, twice or not at all.',
    skills: ['client-coordination', 'formats', 'service-building'],
  },
  {
    title: 'Developer experience engineer',
    what: 'Makes an API easy to adopt: reference docs, SDKs, examples, error messages that explain themselves, and the first five minutes of a new user.',
    skills: ['documentation', 'sdk-design', 'schema-governance', 'formats'],
  },
  {
    title: 'Solutions architect',
    what: 'Designs systems with customers and across teams, weighing security, scale and cost, and explains the trade-offs to people who are not engineers.',
    skills: ['threat-modeling', 'performance', 'endpoint-design', 'authz'],
  },
]

type OftenMissing = Extract<(typeof skills)[number], { group: 'often-missing' }>['id']

/** Why hiring teams find each often-missing skill hard to hire for; typed so every such skill has one. */
export const whyMissing: Record<OftenMissing, string> = {
  'rate-limiting': 'Tutorials never get enough traffic to need it, so few candidates have decided what a limit should be, per whom, and what the client is told.',
  'threat-modeling': 'Most engineers learn security as a list of fixes; few can say which attacks a design invites before the code exists.',
  'incident-response': 'It is learned on call, under pressure; candidates rarely have a calm, practised routine for the first hour of an outage.',
  'schema-governance': 'Changing a contract that other teams depend on takes process as much as code, and side projects never have other teams.',
  alerting: 'Dashboards are easy; alerts that wake someone only for what clients actually feel are rare.',
  'load-testing': 'Few engineers have measured where their own service falls over, or know which numbers to trust.',
  'sdk-design': 'Designing for the developer who calls your API, not for yourself, is a skill most people only meet in their second or third API job.',
}
