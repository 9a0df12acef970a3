/** Links between the pages. */
import { h } from './dom'
import { shortAccount } from './format'
import { href } from './router'

/** A link to a contributor's page, showing the shortened address (the whole one on hover). */
export function accountLink(address: string): HTMLAnchorElement {
  return h('a', { href: href({ page: 'contributor', address }), title: address, class: 'account' }, shortAccount(address))
}

/** A link to a project's page. */
export function projectLink(id: number, name?: string): HTMLAnchorElement {
  return h('a', { href: href({ page: 'project', id }) }, name ? `${name} (#${id})` : `project #${id}`)
}

/** A link to a contribution within its project's page. */
export function contributionLink(project: number, id: number): HTMLAnchorElement {
  return h('a', { href: href({ page: 'project', id: project, contribution: id }) }, `#${id}`)
}
