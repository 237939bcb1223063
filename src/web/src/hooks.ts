import { useEffect, useState } from 'preact/hooks';

/** Something that holds a value and says when it changed. */
export interface Observable<T> {
  get(): T;
  subscribe(listener: () => void): () => void;
}

/** A value that re-renders its readers when set. */
export class Cell<T> implements Observable<T> {
  private readonly listeners = new Set<() => void>();
  constructor(private value: T) {}
  get(): T {
    return this.value;
  }
  set(value: T): void {
    this.value = value;
    for (const listener of [...this.listeners]) listener();
  }
  update(change: (value: T) => T): void {
    this.set(change(this.value));
  }
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Reads an observable and re-renders when it changes. */
export function useObservable<T>(source: Observable<T>): T {
  const [, setTick] = useState(0);
  useEffect(() => source.subscribe(() => setTick((tick) => tick + 1)), [source]);
  return source.get();
}

/** The client-side route: the path, changed by `navigate` and the browser's back and forward. */
export const route = new Cell<string>(typeof location === 'undefined' ? '/' : location.pathname);
if (typeof window !== 'undefined') window.addEventListener('popstate', () => route.set(location.pathname));

/** Goes to a path of the client without a page load. */
export function navigate(path: string): void {
  if (path === location.pathname) return;
  history.pushState(null, '', path);
  route.set(path);
}

/** Runs an async loader when its keys change; returns its value (undefined while loading) and any error. */
export function useLoad<T>(
  load: () => Promise<T>,
  keys: readonly unknown[],
): { value?: T; error?: string; reload: () => void } {
  const [state, setState] = useState<{ value?: T; error?: string }>({});
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (value) => live && setState({ value }),
      (error: unknown) => live && setState({ error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [...keys, generation]);
  return { ...state, reload: () => setGeneration((g) => g + 1) };
}

/** An in-app link handler: client-side navigation unless a modifier asks for a new tab. */
export function link(path: string) {
  return (event: MouseEvent) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate(path);
  };
}
