import type { ActivitySortKey, SortOrder } from '../../../../shared/activity-list-api.js';

/** A column header that sorts the list (server-side) by its key; a second click reverses. */
export function SortableTh({
  label,
  k,
  sort,
  order,
  onSort,
  num = false,
}: {
  label: string;
  k: ActivitySortKey;
  sort: ActivitySortKey;
  order: SortOrder;
  onSort: (k: ActivitySortKey) => void;
  num?: boolean;
}) {
  const active = sort === k;
  return (
    <th scope="col" className={num ? 'num' : undefined} aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className={`sort-button${active ? ' is-active' : ''}`} onClick={() => onSort(k)} data-testid={`sort-${k}`}>
        {label}
        <span className="sort-arrow" aria-hidden="true">{active ? (order === 'asc' ? '▲' : '▼') : '↕'}</span>
      </button>
    </th>
  );
}
