/** The dashboard's shell: the node bar (URL, link state), the signing account, the navigation,
 * and the page the address names, rendered again when the address changes. */
import './style.css'
import { chosenNode, connect, isNodeUrl, rememberNode, type Connection, type LinkState } from './connection'
import { h, replace } from './dom'
import { describeError } from './errors'
import { contributorPage } from './pages/contributor'
import { evaluatorPage } from './pages/evaluator'
import { homePage } from './pages/home'
import { livePage } from './pages/live'
import type { PageContext } from './pages/page'
import { projectPage } from './pages/project'
import { href, parseRoute } from './router'
import { Session } from './session'
import { walletAccounts, walletExtensions } from './signers'

const STATE_WORDS: Record<LinkState, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  down: 'The node is not answering; retrying…',
}

const root = document.getElementById('app')!
const { url, problem: nodeProblem, fromLink } = chosenNode()
const conn: Connection = connect(url)
const session = new Session(conn)
let leave = new AbortController()

const content = h('main', { id: 'content', tabindex: '-1' })
const linkState = h('span', { id: 'link-state', role: 'status', 'aria-live': 'polite', 'data-state': conn.state() }, STATE_WORDS[conn.state()])
conn.onState((state) => {
  linkState.textContent = STATE_WORDS[state]
  linkState.dataset.state = state
  document.body.classList.toggle('node-down', state === 'down')
  if (state === 'connected' && content.querySelector('[data-load-error]')) void render()
})

/** The node URL form. */
function nodeForm(): HTMLElement {
  const input = h('input', { id: 'node-url', name: 'node-url', type: 'url', value: url, size: 28, spellcheck: 'false' })
  const form = h('form', { class: 'node' }, h('label', { for: 'node-url' }, 'Node'), input, h('button', { type: 'submit' }, 'Connect'), linkState)
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    if (!isNodeUrl(input.value.trim())) {
      linkState.textContent = 'A node address starts with ws:// or wss://.'
      linkState.dataset.state = 'down'
      return
    }
    rememberNode(input.value.trim())
    const next = new URL(location.href)
    next.searchParams.set('node', input.value.trim())
    location.href = next.toString()
  })
  return form
}

/** The signing-account chooser, the wallet button, and the dev-keys warning. The list's
 * options are redrawn in place, so that keyboard focus stays on it. */
function accountBar(): HTMLElement {
  const select = h('select', { id: 'signer', name: 'signer' })
  select.addEventListener('change', () => session.choose(Number(select.value)))
  const wallet = h('button', { type: 'button', id: 'connect-wallet' }, 'Connect wallet')
  const walletStatus = h('span', { class: 'muted', role: 'status' })
  wallet.addEventListener('click', async () => {
    const names = walletExtensions()
    if (names.length === 0) {
      walletStatus.textContent = 'No wallet extension found in this browser (Polkadot.js extension, Talisman, SubWallet…).'
      return
    }
    try {
      for (const name of names) session.addWalletAccounts(await walletAccounts(name))
      walletStatus.textContent = ''
    } catch (error) {
      walletStatus.textContent = `The wallet refused: ${describeError(error)}`
    }
  })
  const warning = h('strong', { class: 'dev-warning', role: 'note', hidden: true }, 'DEV KEY: for development chains only; its secret is public.')
  const draw = () => {
    replace(select, h('option', { value: '-1' }, 'nobody (read only)'), session.accounts.map((a, i) => h('option', { value: String(i), selected: a === session.account }, a.label)))
    select.value = String(session.account ? session.accounts.indexOf(session.account) : -1)
    warning.hidden = session.account?.source !== 'dev'
  }
  session.onChange(draw)
  draw()
  return h('div', { class: 'signing' }, h('label', { for: 'signer' }, 'Sign as'), select, wallet, walletStatus, warning)
}

const nav = h(
  'nav',
  { 'aria-label': 'Pages' },
  h('a', { href: href({ page: 'home' }) }, 'Projects'),
  h('a', { href: href({ page: 'live' }) }, 'Live'),
  h('a', { href: '#/contributor/', id: 'nav-me', hidden: true }, 'My contributions'),
)
session.onChange(() => {
  const me = nav.querySelector<HTMLAnchorElement>('#nav-me')!
  me.hidden = !session.account
  if (session.account) me.href = href({ page: 'contributor', address: session.account.address })
})

/** Renders the page the address names. */
async function render(): Promise<void> {
  leave.abort()
  leave = new AbortController()
  const shown: (() => void)[] = []
  const ctx: PageContext = { conn, session, signal: leave.signal, afterShow: (fn) => shown.push(fn) }
  for (const a of nav.querySelectorAll('a')) {
    if (a.getAttribute('href') === location.hash) a.setAttribute('aria-current', 'page')
    else a.removeAttribute('aria-current')
  }
  replace(content, h('p', { role: 'status', class: 'loading' }, 'Loading…'))
  try {
    const route = parseRoute(location.hash)
    let page: HTMLElement
    switch (route.page) {
      case 'home':
        page = await homePage(ctx)
        break
      case 'project':
        page = await projectPage(ctx, route.id, route.contribution)
        break
      case 'contributor':
        page = await contributorPage(ctx, route.address)
        break
      case 'evaluator':
        page = await evaluatorPage(ctx, route.address)
        break
      case 'live':
        page = livePage(ctx)
        break
      case 'missing':
        page = h('div', {}, h('h1', {}, 'Not found'), h('p', {}, `Nothing lives at ${route.path}.`), h('a', { href: '#/' }, 'Projects'))
    }
    if (ctx.signal.aborted) return
    replace(content, page)
    for (const fn of shown) fn()
    document.title = `${page.querySelector('h1')?.textContent ?? 'Dashboard'} · Attribution Chain`
    content.dataset.page = route.page
    if (moved) content.focus()
  } catch (error) {
    if (ctx.signal.aborted) return
    replace(content, h('div', { 'data-load-error': '' }, h('h1', {}, 'Could not load this page'), h('p', { role: 'alert' }, describeError(error, url)), h('p', { class: 'muted' }, 'It loads again by itself once the node answers.')))
  }
}

replace(
  root,
  h('a', { class: 'skip', href: location.hash || '#/', onclick: (event: Event) => { event.preventDefault(); content.focus() } }, 'Skip to the page'),
  h('header', {}, h('a', { class: 'brand', href: '#/' }, 'Attribution Chain'), nav, nodeForm(), accountBar()),
  nodeProblem ? h('p', { class: 'banner', role: 'alert' }, nodeProblem) : null,
  fromLink ? h('p', { class: 'banner', role: 'note' }, `This address connects to ${url}, not to the node you saved. Check it before signing anything.`) : null,
  content,
)
// After a link is followed, focus moves to the new page (not on the first load).
let moved = false
window.addEventListener('hashchange', () => {
  moved = true
  void render()
})
const detect = () => session.detectChainType().catch(() => {})
conn.onState((state) => {
  if (state === 'connected' && !session.chainTypeKnown) void detect()
})
void detect()
void render()
