export { closeLogger, createLogger, LOGGER, type Logger, type LoggerOptions } from './logger';
export { currentLogContext, runWithLogContext, type LogContext } from './context';
