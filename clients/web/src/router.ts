/** The pages by address: `#/project/3`, `#/contributor/5Grw…`, `#/evaluator/5Grw…`, `#/live`,
 * and `#/` (the projects). */

/** A page the address names. */
export type Route =
  | { page: 'home' }
  | { page: 'project'; id: number; contribution?: number }
  | { page: 'contributor'; address: string }
  | { page: 'evaluator'; address: string }
  | { page: 'live' }
  | { page: 'missing'; path: string }

/** The route of a location hash. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent)
  if (parts.length === 0) return { page: 'home' }
  const [name, arg, sub, subArg] = parts
  if (name === 'project' && arg && /^\d+$/.test(arg)) {
    const contribution = sub === 'contribution' && subArg && /^\d+$/.test(subArg) ? Number(subArg) : undefined
    return { page: 'project', id: Number(arg), contribution }
  }
  if (name === 'contributor' && arg) return { page: 'contributor', address: arg }
  if (name === 'evaluator' && arg) return { page: 'evaluator', address: arg }
  if (name === 'live') return { page: 'live' }
  return { page: 'missing', path: hash }
}

/** The hash of a route. */
export function href(route: Route): string {
  switch (route.page) {
    case 'home':
      return '#/'
    case 'project':
      return route.contribution === undefined ? `#/project/${route.id}` : `#/project/${route.id}/contribution/${route.contribution}`
    case 'contributor':
      return `#/contributor/${route.address}`
    case 'evaluator':
      return `#/evaluator/${route.address}`
    case 'live':
      return '#/live'
    case 'missing':
      return route.path
  }
}
