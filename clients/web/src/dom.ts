/** Building DOM nodes without a framework: `h("a", { href: "#/" }, "home")`. */

/** Attributes and properties of an element: strings and numbers become attributes, functions
 * under `on*` become listeners, `false`/`null`/`undefined` are left out. */
export type Attributes = Record<string, string | number | boolean | null | undefined | EventListener>

/** What an element may hold: nodes, text, or nothing. */
export type Child = Node | string | number | null | undefined | false | Child[]

/** Creates an HTML element with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  setAttributes(element, attributes)
  append(element, children)
  return element
}

const SVG_NS = 'http://www.w3.org/2000/svg'

/** Creates an SVG element with attributes and children. */
export function svg(tag: string, attributes: Attributes = {}, ...children: Child[]): SVGElement {
  const element = document.createElementNS(SVG_NS, tag) as SVGElement
  setAttributes(element, attributes)
  append(element, children)
  return element
}

function setAttributes(element: Element, attributes: Attributes): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue
    if (typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), value)
    } else {
      element.setAttribute(name, value === true ? '' : String(value))
    }
  }
}

/** Appends children (nested arrays flattened, empty values skipped). */
export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    if (Array.isArray(child)) append(parent, child)
    else parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)))
  }
}

/** Replaces everything inside `parent` with `children`. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren()
  append(parent, children)
}

/** A section with a heading, for the parts of a page. */
export function section(title: string, ...children: Child[]): HTMLElement {
  const id = `section-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`
  return h('section', { 'aria-labelledby': id }, h('h2', { id }, title), ...children)
}

/** A table from column headings and rows of cells. */
export function table(caption: string, headings: string[], rows: Child[][]): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'empty' }, `No ${caption.toLowerCase()}.`)
  return h(
    'table',
    {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headings.map((text) => h('th', { scope: 'col' }, text)))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((cell) => h('td', {}, cell))))),
  )
}

/** A definition list from label/value pairs. */
export function facts(pairs: [string, Child][]): HTMLElement {
  return h('dl', { class: 'facts' }, pairs.map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]))
}
