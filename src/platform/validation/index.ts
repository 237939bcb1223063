export {
  codePoints,
  isoDate,
  isoDateTime,
  MULTI_LINE_PATTERN,
  multiLineText,
  NO_NUL_PATTERN,
  opaqueText,
  SINGLE_LINE_PATTERN,
  singleLineText,
  storableText,
  trimmedSingleLineText,
} from './text';
