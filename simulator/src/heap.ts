// A binary min-heap ordered by a numeric key, ties broken by a second number (by default the insertion order), so
// output is deterministic. Keys, ties and values live in parallel arrays: no object per entry.

export class MinHeap<T> {
  private readonly keys: number[] = [];
  private readonly ties: number[] = [];
  private readonly values: T[] = [];
  private seq = 0;

  get size(): number {
    return this.values.length;
  }

  peekKey(): number | undefined {
    return this.keys[0];
  }

  peek(): T | undefined {
    return this.values[0];
  }

  push(key: number, value: T, tie: number = this.seq++): void {
    const { keys, ties, values } = this;
    let i = values.length;
    keys.push(key);
    ties.push(tie);
    values.push(value);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = keys[parent]!;
      if (pk < key || (pk === key && ties[parent]! < tie)) break;
      keys[i] = pk;
      ties[i] = ties[parent]!;
      values[i] = values[parent]!;
      i = parent;
    }
    keys[i] = key;
    ties[i] = tie;
    values[i] = value;
  }

  pop(): T | undefined {
    const { keys, ties, values } = this;
    if (values.length === 0) return undefined;
    const top = values[0];
    const key = keys.pop()!;
    const tie = ties.pop()!;
    const value = values.pop()!;
    if (values.length > 0) this.siftDown(key, value, tie);
    return top;
  }

  /** Gives the smallest entry (the heap must not be empty) a new key, keeping its value and tie. */
  rekeyTop(key: number): void {
    this.siftDown(key, this.values[0]!, this.ties[0]!);
  }

  /** Puts (key, value, tie) in the hole at the root and moves it down to its place. */
  private siftDown(key: number, value: T, tie: number): void {
    const { keys, ties, values } = this;
    const n = values.length;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      let ck = keys[left]!;
      let ct = ties[left]!;
      if (right < n) {
        const rk = keys[right]!;
        const rt = ties[right]!;
        if (rk < ck || (rk === ck && rt < ct)) {
          child = right;
          ck = rk;
          ct = rt;
        }
      }
      if (key < ck || (key === ck && tie < ct)) break;
      keys[i] = ck;
      ties[i] = ct;
      values[i] = values[child]!;
      i = child;
    }
    keys[i] = key;
    ties[i] = tie;
    values[i] = value;
  }
}
