// A second, independent IPFS trustless gateway for the Python SDK's `attrib fetch` tests,
// built on the IPFS JavaScript stack: it serves the blocks of CAR files (read with @ipld/car) at
// `GET /ipfs/{cid}` as `application/vnd.ipld.raw` (with `?format=raw` or that Accept header),
// and the whole CAR of a root with `?format=car`. Unknown CIDs get 404.
//
//   node gateway.mjs [--corrupt CID] [--limit N] FILE.car ...
//
// prints `listening PORT` once it accepts connections (an ephemeral port on 127.0.0.1).
// `--corrupt CID` flips a byte of that block whenever it is served; `--limit N` answers 503 to
// every block request after the first N (a gateway going away mid-download). `GET /stats`
// returns {"served": blocks served}.
import { createServer } from 'node:http'
import { createReadStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { CarReader } from '@ipld/car'
import { CID } from 'multiformats/cid'

const args = process.argv.slice(2)
const corrupt = new Set()
let limit = Infinity
const cars = []
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--corrupt') corrupt.add(CID.parse(args[++i]).toString())
  else if (args[i] === '--limit') limit = Number(args[++i])
  else cars.push(args[i])
}

const blocks = new Map()
const carOfRoot = new Map()
for (const path of cars) {
  const reader = await CarReader.fromIterable(createReadStream(path))
  for (const root of await reader.getRoots()) carOfRoot.set(root.toString(), path)
  for await (const { cid, bytes } of reader.blocks()) blocks.set(cid.toString(), bytes)
}

let served = 0
const server = createServer(async (request, response) => {
  const url = new URL(request.url, 'http://localhost')
  if (url.pathname === '/stats') {
    response.writeHead(200, { 'content-type': 'application/json' })
    return response.end(JSON.stringify({ served }))
  }
  const match = url.pathname.match(/^\/ipfs\/([^/]+)$/)
  let cid
  try {
    cid = match && CID.parse(match[1]).toString()
  } catch {
    response.writeHead(400, { 'content-type': 'application/json' })
    return response.end(JSON.stringify({ error: 'malformed CID' }))
  }
  if (!cid) {
    response.writeHead(404)
    return response.end()
  }
  const format = url.searchParams.get('format') ??
    ((request.headers.accept ?? '').includes('application/vnd.ipld.car') ? 'car' : 'raw')
  if (format === 'car' && carOfRoot.has(cid)) {
    response.writeHead(200, { 'content-type': 'application/vnd.ipld.car; version=1' })
    return response.end(await readFile(carOfRoot.get(cid)))
  }
  const block = blocks.get(cid)
  if (!block) {
    response.writeHead(404, { 'content-type': 'application/json' })
    return response.end(JSON.stringify({ error: 'not found' }))
  }
  if (served >= limit) {
    response.writeHead(503, { 'content-type': 'application/json' })
    return response.end(JSON.stringify({ error: 'going away' }))
  }
  served++
  const body = Buffer.from(block)
  if (corrupt.has(cid)) body[body.length >> 1] ^= 0xff
  response.writeHead(200, { 'content-type': 'application/vnd.ipld.raw', 'content-length': body.length })
  response.end(body)
})
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`))
