/** A text field of a submitted form ('' when absent); trimmed unless `raw` (passwords). */
export function fieldOf(form: HTMLFormElement, name: string, raw = false): string {
  const value = new FormData(form).get(name);
  if (typeof value !== 'string') return '';
  return raw ? value : value.trim();
}
