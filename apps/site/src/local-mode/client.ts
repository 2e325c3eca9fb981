import { readEvents } from './event-stream.ts'
import { exercisePath, type ExerciseState, type Problem, type RunSummary, type TestFinished } from './wire.ts'

/**
 * Local mode on a lesson page: fills the live panel of the exercise card and the check bar of each
 * step from the local API, and wires their buttons. The server renders every element with its
 * final size, so answers only change text and state, never the layout.
 */

const root = document.querySelector<HTMLElement>('[data-wb-exercise]')
if (root) connect(root.dataset.wbExercise!, root.dataset.wbNumber!)

/** How a step looks: the mark's state (styled by CSS), its words, and why it fails. */
interface StepView {
  state: 'idle' | 'running' | 'pass' | 'fail' | 'error'
  text: string
  failure?: Failure
}

/**
 * Why a step or a run fails: a title ("First failure:"), the failing test's name (or "The tests
 * could not run"), and the grader's explanation.
 */
interface Failure {
  title: string
  name: string
  message: string
}

const cannotRun = (message: string): Failure => ({ title: '', name: 'The tests could not run', message })

function connect(slug: string, number: string) {
  const api = exercisePath(slug)
  const all = <T extends Element = HTMLElement>(selector: string) => [...document.querySelectorAll<T>(selector)]
  const panel = document.querySelector<HTMLElement>('[data-wb-live]')
  const announcer = document.querySelector<HTMLElement>('[data-wb-announce]')

  let state: ExerciseState | undefined
  let summary: RunSummary | undefined
  /** Per step, while a run streams: how many tests passed and failed so far. */
  let tally: Map<string, { passed: number; failed: number }> | undefined
  let busy: 'starting' | 'running' | undefined

  const announce = (message: string) => {
    if (announcer) announcer.textContent = message
  }

  function stepView(id: string): StepView {
    if (!state) return { state: 'idle', text: 'Checking…' }
    if (!state.started) return { state: 'idle', text: 'Not started' }
    if (tally) {
      const { passed, failed } = tally.get(id) ?? { passed: 0, failed: 0 }
      return { state: 'running', text: passed + failed === 0 ? 'Running…' : `Running · ${passed} passed, ${failed} failed so far` }
    }
    const step = summary?.steps.find((candidate) => candidate.id === id)
    if (summary && step) {
      const failing = summary.tests.find((test) => test.step === id && test.status !== 'pass')
      const failure = failing
        ? { title: 'Failing:', name: testName(failing.name), message: failing.message ?? 'no message' }
        : step.status === 'error' && summary.message
          ? cannotRun(summary.message)
          : undefined
      const words = { pass: 'Passes', fail: 'Fails', error: 'Error' }[step.status]
      return { state: step.status, text: step.total > 0 ? `${words} · ${step.passed}/${step.total} tests` : `${words} · no test ran`, failure }
    }
    const last = state.steps.find((candidate) => candidate.id === id)?.status
    if (!last) return { state: 'idle', text: 'Not run yet' }
    return { state: last, text: { pass: 'Passed the last run', fail: 'Failed the last run', error: 'Could not run last time' }[last] }
  }

  function render() {
    const label = busy === 'starting' ? 'Starting…' : busy === 'running' || state?.running ? 'Running tests…' : !state ? 'Checking…' : state.started ? 'Run tests' : 'Start exercise'
    for (const button of all('[data-wb-action]')) {
      button.textContent = label
      // aria-disabled rather than disabled: a keyboard user keeps focus on the button during the run.
      button.setAttribute('aria-disabled', String(!state || busy !== undefined || state.running))
    }
    for (const element of all('[data-wb-step], [data-wb-check]')) {
      const view = stepView(element.dataset.wbStep ?? element.dataset.wbCheck!)
      element.querySelector<HTMLElement>('[data-wb-mark]')!.dataset.state = view.state
      element.querySelector('[data-wb-count]')!.textContent = view.text
      const failure = element.querySelector<HTMLElement>('[data-wb-failure]')
      if (failure) showFailure(failure, view.failure)
    }
    if (!panel || !state) return
    const where = panel.querySelector<HTMLElement>('[data-wb-where]')!
    where.replaceChildren(
      ...(state.started
        ? ['Your copy: ', ...state.files.flatMap((file, index) => [...(index > 0 ? [', '] : []), code(file)])]
        : ['Start the exercise to copy the starter code into ', code(`${state.practiceDir}/`), '.']),
    )
    const firstFailure = summary?.tests.find((test) => test.status !== 'pass')
    showFailure(
      panel.querySelector('[data-wb-failure]')!,
      summary?.message && summary.status === 'error'
        ? cannotRun(summary.message)
        : firstFailure && { title: 'First failure:', name: testName(firstFailure.name), message: firstFailure.message ?? 'no message' },
    )
    panel.querySelector<HTMLElement>('[data-wb-done]')!.hidden = summary?.status !== 'pass'
  }

  /** Without a local API (or this exercise in it), the steps show the command instead of a button. */
  function fallBack(reason: string) {
    for (const button of all('[data-wb-action]')) button.hidden = true
    for (const element of all('[data-wb-step]')) element.querySelector('[data-wb-count]')!.replaceChildren()
    for (const element of all('[data-wb-check]')) {
      element.querySelector<HTMLElement>('[data-wb-mark]')!.dataset.state = 'idle'
      element.querySelector('[data-wb-count]')!.replaceChildren('Check with ', code(`npx workbook test ${number}`))
    }
    panel?.querySelector('[data-wb-where]')!.replaceChildren(`Live status is not available (${reason.replace(/\.$/, '')}). The commands above work the same.`)
  }

  async function refresh(first = false) {
    try {
      const response = await fetch(api, { headers: { Accept: 'application/json' } })
      if (!response.ok) {
        if (first) fallBack(await problemDetail(response))
        return
      }
      const next = (await response.json()) as ExerciseState
      // Someone ran the tests elsewhere (a terminal, another tab): the last result shown here is stale.
      if (summary && next.steps.some((step) => step.status !== summary!.steps.find((s) => s.id === step.id)?.status)) summary = undefined
      state = next
      render()
      if (state.running && !busy) setTimeout(refresh, 1500)
    } catch {
      if (first) fallBack('the site is not answering')
    }
  }

  async function start() {
    busy = 'starting'
    render()
    try {
      const response = await post('practice')
      if (!response.ok) return announce(`Could not start the exercise: ${await problemDetail(response)}`)
      state = (await response.json()) as ExerciseState
      announce(response.status === 201 ? `Started. Your copy is in ${state.practiceDir}.` : `Already started: your files in ${state.practiceDir} were left as they are.`)
    } finally {
      busy = undefined
      render()
    }
  }

  async function run() {
    busy = 'running'
    tally = new Map()
    summary = undefined
    for (const list of all('[data-wb-tests]')) {
      list.replaceChildren()
      list.hidden = true
    }
    render()
    announce('Running the tests…')
    try {
      const response = await post('runs')
      if (!response.ok || !response.body) return announce(`Could not run the tests: ${await problemDetail(response)}`)
      for await (const { event, data } of readEvents(response.body)) {
        if (event === 'test') {
          const count = tally.get(data.step ?? '') ?? { passed: 0, failed: 0 }
          if (data.status === 'pass') count.passed++
          else count.failed++
          tally.set(data.step ?? '', count)
          addTest(data)
        } else if (event === 'result') {
          summary = data
          // The result's list is complete and in the tests' order, whatever order they finished in.
          for (const list of all('[data-wb-tests]')) list.replaceChildren()
          for (const test of data.tests) addTest(test)
        } else {
          announce(`The tests could not run: ${data.detail}`)
        }
        render()
      }
    } catch {
      announce('The connection to the site was lost during the run; the terminal running npm start says why.')
    } finally {
      busy = undefined
      tally = undefined
      render()
    }
    if (summary) announce(describe(summary))
    await refresh()
  }

  /** Lists a finished test under its step in the card. */
  function addTest(test: TestFinished) {
    const list = panel?.querySelector<HTMLElement>(`[data-wb-step="${CSS.escape(test.step ?? '')}"] [data-wb-tests]`)
    if (!list) return
    list.hidden = false
    list.append(testLine(test.status, testName(test.name)))
  }

  const post = (path: string, body?: unknown) =>
    fetch(`${api}/${path}`, {
      method: 'POST',
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })

  for (const button of all('[data-wb-action]')) {
    button.addEventListener('click', () => {
      if (button.getAttribute('aria-disabled') === 'true' || !state) return
      void (state.started ? run() : start())
    })
  }
  // Hint levels the learner opens count as hints taken, as `npx workbook hint` does.
  for (const details of all<HTMLDetailsElement>('details[data-hint-step]')) {
    details.addEventListener('toggle', async () => {
      const step = details.dataset.hintStep!
      const level = Number(details.dataset.hintLevel)
      const seen = state?.steps.find((candidate) => candidate.id === step)?.hints ?? 0
      if (!details.open || !state || level <= seen) return
      const response = await post('hints', { step, level })
      if (response.ok) state = (await response.json()) as ExerciseState
    })
  }
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && !busy) void refresh()
  })
  void refresh(true)
}

async function problemDetail(response: Response): Promise<string> {
  try {
    return ((await response.json()) as Problem).detail
  } catch {
    return `the site answered ${response.status}.`
  }
}

/** "health > GET /health answers 200" → "GET /health answers 200": the step shows already. */
const testName = (name: string) => name.split(' > ').slice(1).join(' > ') || name

function describe(summary: RunSummary): string {
  if (summary.status === 'pass') return `Every step passes: ${summary.steps.length} of ${summary.steps.length}.`
  const passing = summary.steps.filter((step) => step.status === 'pass').length
  const failure = summary.tests.find((test) => test.status !== 'pass')
  return `${passing} of ${summary.steps.length} steps pass. First failure: ${failure ? testName(failure.name) : summary.message}`
}

function code(text: string) {
  const element = document.createElement('code')
  element.textContent = text
  return element
}

function testLine(status: string, name: string) {
  const item = document.createElement('li')
  const mark = document.createElement('span')
  mark.className = 'wb-mark'
  mark.dataset.state = status
  mark.setAttribute('aria-hidden', 'true')
  item.append(mark, name)
  return item
}

function showFailure(element: HTMLElement, failure: Failure | undefined) {
  element.hidden = !failure
  if (!failure) return
  element.querySelector('[data-wb-failure-title]')!.textContent = failure.title
  element.querySelector('[data-wb-failure-name]')!.textContent = failure.name
  element.querySelector('[data-wb-failure-message]')!.textContent = failure.message
}
