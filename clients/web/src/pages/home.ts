/** The projects on the chain, and forms to look up a contributor or an evaluator. */
import { h, section, table } from '../dom'
import { accountLink, projectLink } from '../links'
import { href } from '../router'
import { isAddress } from '../signers'
import type { PageContext } from './page'

/** Most projects listed. */
const MOST = 500

/** A labelled address form that opens `page` for the address typed. */
function lookup(page: 'contributor' | 'evaluator', label: string): HTMLElement {
  const id = `lookup-${page}`
  const input = h('input', { id, name: id, type: 'text', placeholder: '5Grw…', autocomplete: 'off', spellcheck: 'false', size: 52 })
  const error = h('span', { class: 'error', role: 'alert' })
  const form = h('form', { class: 'lookup' }, h('label', { for: id }, label), input, h('button', { type: 'submit' }, 'Open'), error)
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const address = input.value.trim()
    if (!isAddress(address)) {
      error.textContent = 'That is not an SS58 address.'
      return
    }
    location.hash = href({ page, address })
  })
  return form
}

/** The home page. */
export async function homePage(ctx: PageContext): Promise<HTMLElement> {
  const entries = await ctx.conn.api.query.Contributions.Projects.getEntries({ at: 'best' })
  const projects = entries.map((e) => ({ id: Number(e.keyArgs[0]), ...e.value })).sort((a, b) => a.id - b.id).slice(0, MOST)
  return h(
    'div',
    { class: 'home' },
    h('h1', {}, 'Attribution Chain'),
    h('p', {}, 'Who contributed what to which model, what each contribution is worth, and who is owed what.'),
    section('Look up', lookup('contributor', 'Contributor address'), lookup('evaluator', 'Evaluator address')),
    section(
      'Projects',
      table(
        'Projects',
        ['Project', 'Owner', 'Contributions', 'Created at'],
        projects.map((p) => [projectLink(p.id, new TextDecoder().decode(p.name)), accountLink(p.owner), String(p.contribution_count), `block #${p.created_at}`]),
      ),
    ),
  )
}
