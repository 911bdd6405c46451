/**
 * Record counts for the activities on screen (GET /records/badges?ids=…), one request per page of
 * the list. A failure only hides the badges: the list itself must never depend on analysis.
 */
import { useEffect, useState } from 'react';
import { analysisApi } from '../../lib/analysis-client';

export function usePrBadges(ids: string[]): Map<string, number> {
  const [counts, setCounts] = useState<Map<string, number>>(new Map());
  const key = ids.join(',');
  useEffect(() => {
    if (!key) {
      setCounts(new Map());
      return;
    }
    const ctrl = new AbortController();
    analysisApi.prBadges(key.split(','), ctrl.signal).then(
      (res) => {
        if (!ctrl.signal.aborted) setCounts(new Map(res.items.map((i) => [i.activityId, i.count])));
      },
      () => {
        if (!ctrl.signal.aborted) setCounts(new Map());
      },
    );
    return () => ctrl.abort();
  }, [key]);
  return counts;
}
