/**
 * One page of a list, as an array that remembers whether the API has more
 * (`has_more`), so a command can say its output stopped short. The flag is not an
 * array element: JSON output stays the array of objects.
 */
export type Page<T> = T[] & { hasMore?: boolean };

export function pageOf<T>(list: { data: T[]; has_more: boolean }): Page<T> {
  return Object.assign(list.data, { hasMore: list.has_more });
}

export function hasMore(items: readonly unknown[]): boolean {
  return (items as Page<unknown>).hasMore === true;
}
