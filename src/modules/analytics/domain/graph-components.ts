/**
 * Connected components of an undirected graph fed edge by edge (union-find with path halving and
 * union by size): memory is one small integer array per node, whatever the number of edges.
 */
export class ConnectedComponents {
  private readonly index = new Map<string, number>();
  private parent: Int32Array = new Int32Array(1024);
  private size: Int32Array = new Int32Array(1024);

  /** Nodes seen in any edge. */
  get nodes(): number {
    return this.index.size;
  }

  addEdge(a: string, b: string): void {
    const [rootA, rootB] = [this.find(this.node(a)), this.find(this.node(b))];
    if (rootA === rootB) return;
    const [big, small] = (this.size[rootA] ?? 0) >= (this.size[rootB] ?? 0) ? [rootA, rootB] : [rootB, rootA];
    this.parent[small] = big;
    this.size[big] = (this.size[big] ?? 0) + (this.size[small] ?? 0);
  }

  /**
   * The components among `totalNodes` nodes, where nodes that were in no edge are components of
   * their own: how many there are and the size of the largest.
   */
  summary(totalNodes: number): { components: number; largest: number } {
    let roots = 0;
    let largest = 0;
    for (let node = 0; node < this.index.size; node += 1) {
      if (this.parent[node] !== node) continue;
      roots += 1;
      largest = Math.max(largest, this.size[node] ?? 0);
    }
    const isolated = Math.max(0, totalNodes - this.index.size);
    return { components: roots + isolated, largest: Math.max(largest, isolated > 0 ? 1 : 0) };
  }

  private node(id: string): number {
    const known = this.index.get(id);
    if (known !== undefined) return known;
    const next = this.index.size;
    if (next >= this.parent.length) this.grow();
    this.index.set(id, next);
    this.parent[next] = next;
    this.size[next] = 1;
    return next;
  }

  private find(node: number): number {
    let current = node;
    while (this.parent[current] !== current) {
      const grandparent = this.parent[this.parent[current] ?? current] ?? current;
      this.parent[current] = grandparent;
      current = grandparent;
    }
    return current;
  }

  private grow(): void {
    const parent = new Int32Array(this.parent.length * 2);
    const size = new Int32Array(this.size.length * 2);
    parent.set(this.parent);
    size.set(this.size);
    this.parent = parent;
    this.size = size;
  }
}
