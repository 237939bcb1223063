import assert from 'node:assert/strict';
import { displayNameSchema, emailSchema, passwordSchema } from './user';

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

  it('refuses emails that format: email refuses: a local part over 64, a label over 63 or ending in -', () => {
    assert.equal(emailSchema.parse('Ann.Lee+chat@Example.org'), 'ann.lee+chat@example.org');
    assert.equal(emailSchema.safeParse(`${'a'.repeat(64)}@example.org`).success, true);
    assert.equal(emailSchema.safeParse(`${'a'.repeat(65)}@example.org`).success, false);
    assert.equal(emailSchema.safeParse(`a@${'b'.repeat(64)}.org`).success, false);
    assert.equal(emailSchema.safeParse('a@exam-.org').success, false);
    // The case CI's schemathesis found: a 143-character local part.
    const found =
      "E+-cpINjSQ0NMB-mpu5+okOAs.Oe'WU9qxAJqkwZ.-+tTCR06F.-Ub-13J.QRTGD00vAOj.VS_72UborMmXtF0z.U.2.LDJ04JKY1uX@2PH0O.kz";
    assert.equal(emailSchema.safeParse(found).success, false);
  });
});
