export { AppError, type FieldProblem } from './app-error';
