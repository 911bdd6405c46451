/** Issue 17: `#/` (and an empty hash) is the home dashboard; hooks/use-route.ts parseHash still calls it 'activities'. */
export function isHomeHash(hash: string): boolean {
  return /^#?\/?(\?.*)?$/.test(hash);
}
