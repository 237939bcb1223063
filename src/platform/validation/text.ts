import { z } from 'zod';

/*
 * What text from outside may contain, in one place (docs/decisions/0027). PostgreSQL's text type
 * refuses U+0000 outright (a query with one fails), so NUL never gets past the API. Single-line
 * fields (names, titles, search text) also refuse every other control character (Unicode category
 * Cc: U+0001-U+001F, U+007F-U+009F); multi-line text (message bodies) keeps tab, LF and CR.
 *
 * The patterns are written as explicit \uXXXX ranges without regex flags, so the OpenAPI document
 * carries them as they are: JSON Schema patterns are ECMA-262 regexes with no flags, and a \p{Cc}
 * escape would need the `u` flag.
 */

/* eslint-disable no-control-regex -- these patterns exist to name control characters */

/** Single-line text: no control characters at all (no NUL, tab or line breaks). */
export const SINGLE_LINE_PATTERN = /^[^\u0000-\u001F\u007F-\u009F]*$/;
/** Multi-line text: no control characters except tab, LF and CR. */
export const MULTI_LINE_PATTERN = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$/;
/** Any text a store can hold: everything but NUL (used where other controls are harmless, e.g. passwords). */
export const NO_NUL_PATTERN = /^[^\u0000]*$/;

/* eslint-enable no-control-regex */

/** A single-line string (names, titles, search text, login names): refuses control characters with a clear reason. */
export const singleLineText = (): z.ZodString => z.string().regex(SINGLE_LINE_PATTERN, 'no control characters');

/** Multi-line text (message bodies): tab and line breaks allowed, other control characters refused. */
export const multiLineText = (): z.ZodString =>
  z.string().regex(MULTI_LINE_PATTERN, 'no control characters other than tab and line breaks');

/** Opaque text no one reads (passwords, tokens): only NUL, which no store can hold, is refused. */
export const opaqueText = (): z.ZodString => z.string().regex(NO_NUL_PATTERN, 'must not contain NUL (U+0000)');

/**
 * Lengths as the OpenAPI document states them: JSON Schema's minLength and maxLength count code
 * points, String.length counts UTF-16 units (an emoji is two). zod's max() is therefore stricter
 * than the document (at worst a 422 for an emoji-heavy text at the limit) but its min() is looser:
 * seven emoji pass min(8). A minimum above 1 adds this check.
 */
export function codePoints(text: string): number {
  return Array.from(text).length; // the string iterator walks code points
}

/**
 * Text that is trimmed before it is stored (names, titles, search text): the limits apply to the
 * text as sent, as the document says, then it is trimmed and must still say something. Trimming
 * first would accept a 65-character name whose last character is a space.
 */
export const trimmedSingleLineText = (max: number, emptyMessage = 'must not be empty'): z.ZodString =>
  singleLineText()
    .min(1, { message: emptyMessage, abort: true }) // one issue for the field, not two
    .max(max, `at most ${max} characters`)
    .trim()
    .min(1, emptyMessage);

/**
 * Text as a store can always hold it: NUL (which PostgreSQL refuses) becomes U+FFFD, the
 * replacement character. For projections of text that was accepted before the API refused NUL
 * (or arrived by import), so no message can stall a consumer.
 */
export function storableText(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}

/**
 * A calendar day `YYYY-MM-DD` as JSON Schema's `date` format says, without year 0000 (RFC 3339
 * allows it; PostgreSQL and the proleptic calendar do not have it).
 */
export const isoDate = (params?: Parameters<typeof z.iso.date>[0]): z.ZodISODate =>
  z.iso.date(params).regex(/^(?!0000)/, 'year 0000 does not exist');

/** An ISO 8601 instant (Z or an offset), without year 0000, which PostgreSQL refuses. */
export const isoDateTime = (): z.ZodISODateTime =>
  z.iso.datetime({ offset: true }).regex(/^(?!0000)/, 'year 0000 does not exist');
