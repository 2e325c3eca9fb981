export { skills, skillIds, type SkillId } from './skills.ts'
export { ExerciseMeta, Standard, Step } from './exercise.ts'
export { CurriculumError, describeIssues, findRoot, loadExercise, loadExercises, type Exercise } from './load.ts'
export { exerciseJsonSchema } from './json-schema.ts'
