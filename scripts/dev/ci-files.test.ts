import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const repo = path.resolve(__dirname, '..', '..');
const read = (file: string): string => readFileSync(path.join(repo, file), 'utf8');

describe('Jenkinsfile and LICENSE', () => {
  it('runs the steps of .ci/run as stages, in order, then the chaos short form', () => {
    const jenkinsfile = read('Jenkinsfile');
    const stages = [...jenkinsfile.matchAll(/stage\('([^']+)'\)\s*\{\s*steps\s*\{\s*sh '([^']+)'/g)].map(
      ([, name, command]) => [name, command],
    );
    assert.deepEqual(stages, [
      ['install', 'node --version && npm ci'],
      ['stack', 'npm run stack -- up'],
      ['check', 'npm run check'],
      ['test', '.ci/run'],
      ['chaos (short)', 'npm run chaos -- --short'],
    ]);
    assert.match(read('.ci/run'), /^npm test /m, '.ci/run is still npm test');
  });

  it('has the license package.json declares', () => {
    const { license } = JSON.parse(read('package.json')) as { license: string };
    const text = read('LICENSE');
    assert.equal(license, 'MIT');
    assert.match(text, /^MIT License\n\nCopyright \(c\) \d{4} the polychat authors\n/);
  });
});
