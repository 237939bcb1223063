import assert from 'node:assert/strict';
import { displayNameSchema, passwordSchema } from './user';

/** Registration fields refuse what the OpenAPI document refuses (schemathesis ST201 on register). */
describe('user field schemas', () => {
  it('counts a password minimum in characters (code points): seven emoji are too short', () => {
    assert.equal(passwordSchema.safeParse('😀'.repeat(7)).success, false);
    assert.equal(passwordSchema.safeParse('😀'.repeat(8)).success, true);
    assert.equal(passwordSchema.safeParse('a'.repeat(8)).success, true);
    assert.equal(passwordSchema.safeParse('short').error?.issues.length, 1, 'one issue, not one per rule');
  });

  it('limits a display name as sent, before trimming', () => {
    assert.equal(displayNameSchema.safeParse(`${'a'.repeat(64)} `).success, false);
    assert.equal(displayNameSchema.parse(` ${'a'.repeat(62)} `), 'a'.repeat(62));
    assert.equal(displayNameSchema.safeParse('  ').success, false);
  });
});
