/** The grader as a library, for the site's local mode: the same code paths as the CLI. */
export { readProgress, recordResult, updateProgress, type ExerciseProgress, type Progress } from './progress.ts'
export { stepResults, type RunResult, type Status, type StepResult, type Target, type TestResult } from './result.ts'
export { openSession, runTests, type RunRequest } from './run.ts'
export { exerciseDir, findExercise, hasStarted, openWorkbook, practiceDir, shortName, srcDir, startExercise, type Workbook } from './workbook.ts'
