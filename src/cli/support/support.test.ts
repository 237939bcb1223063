import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createProgress } from './progress';
import { formatDuration, formatSummary } from './summary';

/** A writable that says it is a terminal and keeps what is written to it. */
function fakeTerminal(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  const stream = Object.assign(new PassThrough(), {
    isTTY,
    columns: 120,
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
  });
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

describe('cli support', () => {
  it('draws a progress bar on a terminal, in MB for bytes, and nothing elsewhere', () => {
    const terminal = fakeTerminal(true);
    const bar = createProgress({ label: 'messages', total: 2_000_000, unit: 'bytes' }, terminal.stream);
    bar.increment(1_000_000);
    bar.stop();
    assert.match(terminal.text(), /messages .* 50% \| 1\.0 MB\/2\.0 MB/);
    const pipe = fakeTerminal(false);
    const silent = createProgress({ label: 'messages', total: 10 }, pipe.stream);
    silent.increment(5);
    silent.stop();
    assert.equal(pipe.text(), '');
  });

  it('aligns a summary and formats numbers and durations', () => {
    assert.equal(
      formatSummary('import: sample', [
        ['users', 1234],
        ['time', formatDuration(1530)],
      ]),
      'import: sample\n  users  1,234\n  time   1.5 s',
    );
    assert.equal(formatDuration(850.4), '850 ms');
  });
});
