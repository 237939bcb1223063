import assert from 'node:assert/strict';
import { z } from 'zod';
import { codePoints, trimmedSingleLineText } from './text';

/** The limits the OpenAPI document states are the limits the server applies (schemathesis ST201). */
describe('text validation', () => {
  it('counts code points, as JSON Schema lengths do, not UTF-16 units', () => {
    assert.equal(codePoints('abc'), 3);
    assert.equal(codePoints('😀😀'), 2);
    assert.equal('😀😀'.length, 4);
  });

  it('checks a trimmed text against its limits as sent, then refuses what is empty after trimming', () => {
    const name = trimmedSingleLineText(5);
    assert.equal(name.parse(' abc '), 'abc');
    assert.equal(name.parse('abcde'), 'abcde');
    // Six characters as sent: the document's maxLength refuses it, so the server must too.
    assert.equal(name.safeParse('abcde ').success, false);
    assert.equal(name.safeParse('   ').success, false);
    const empty = name.safeParse('');
    assert.equal(empty.success, false);
    assert.equal(empty.error?.issues.length, 1, 'one issue for an empty text, not one per rule');
    assert.deepEqual(z.toJSONSchema(name), {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'string',
      minLength: 1,
      maxLength: 5,
      pattern: '^[^\\u0000-\\u001F\\u007F-\\u009F]*$',
    });
  });
});
