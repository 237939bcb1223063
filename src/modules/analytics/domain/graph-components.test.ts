import assert from 'node:assert/strict';
import { ConnectedComponents } from './graph-components';

describe('ConnectedComponents', () => {
  it('counts components and the largest, isolated nodes included', () => {
    const graph = new ConnectedComponents();
    for (const [a, b] of [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'a'],
      ['d', 'e'],
    ] as const)
      graph.addEdge(a, b);
    assert.equal(graph.nodes, 5);
    assert.deepEqual(graph.summary(8), { components: 5, largest: 3 });
    assert.deepEqual(new ConnectedComponents().summary(0), { components: 0, largest: 0 });
    assert.deepEqual(new ConnectedComponents().summary(3), { components: 3, largest: 1 });
  });

  it('joins long chains and grows past its first allocation', () => {
    const graph = new ConnectedComponents();
    for (let i = 0; i < 5000; i += 1) graph.addEdge(`n${i}`, `n${i + 1}`);
    for (let i = 0; i < 100; i += 2) graph.addEdge(`m${i}`, `m${i + 1}`);
    assert.deepEqual(graph.summary(graph.nodes), { components: 51, largest: 5001 });
  });
});
