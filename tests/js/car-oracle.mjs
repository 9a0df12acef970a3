// The reference for the Python SDK's CAR files (`attrib car`), with the IPFS JavaScript stack:
//
//   node car-oracle.mjs read FILE.car
//     reads the CAR with @ipld/car, checks every block against its CID (sha2-256), and prints
//     {"roots": [...], "blocks": [...], "bytes": N} as JSON: the roots, the CIDs in archive order
//     and the total block bytes. Exits 1 naming the first block that does not match its CID.
//   node car-oracle.mjs write PATH OUT.car [--chunk-size N --max-links M]
//     imports PATH with ipfs-unixfs-importer under the `unixfs-v1-2025` profile (as
//     cid-oracle.mjs does) and writes every block of the DAG, root first in the header, with
//     @ipld/car's CarWriter; prints {"root": CID}.
import { createReadStream, createWriteStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { CarReader, CarWriter } from '@ipld/car'
import * as dagPb from '@ipld/dag-pb'
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'
import { MemoryBlockstore } from 'blockstore-core/memory'
import { entriesUnder } from './ipfs-add.mjs'
import { sha256 } from 'multiformats/hashes/sha2'

async function read (path) {
  const reader = await CarReader.fromIterable(createReadStream(path))
  const roots = (await reader.getRoots()).map(String)
  const blocks = []
  let bytes = 0
  for await (const { cid, bytes: block } of reader.blocks()) {
    const digest = await sha256.digest(block)
    if (Buffer.compare(Buffer.from(digest.digest), Buffer.from(cid.multihash.digest)) !== 0) {
      console.error(`block ${cid} does not match its CID`)
      process.exit(1)
    }
    blocks.push(String(cid))
    bytes += block.length
  }
  console.log(JSON.stringify({ roots, blocks, bytes }))
}


async function bytesOf (blockstore, cid) {
  const parts = []
  for await (const part of blockstore.get(cid)) parts.push(part)
  return Buffer.concat(parts)
}

async function write (path, out, options) {
  const blockstore = new MemoryBlockstore()
  const source = (await stat(path)).isDirectory()
    ? entriesUnder(path, path, options.hidden)
    : [{ content: await readFile(path) }]
  let root
  for await (const entry of importer(source, blockstore, options)) {
    if (!(await stat(path)).isDirectory() || entry.path === basename(path)) root = entry.cid
  }
  const { writer, out: car } = CarWriter.create([root])
  const written = pipeline(Readable.from(car), createWriteStream(out))
  const seen = new Set()
  const queue = [root]
  while (queue.length > 0) {
    const cid = queue.shift()
    if (seen.has(String(cid))) continue
    seen.add(String(cid))
    const block = await bytesOf(blockstore, cid)
    await writer.put({ cid, bytes: block })
    if (cid.code === dagPb.code) for (const link of dagPb.decode(block).Links) queue.push(link.Hash)
  }
  await writer.close()
  await written
  console.log(JSON.stringify({ root: String(root) }))
}

const [command, ...args] = process.argv.slice(2)
if (command === 'read') {
  await read(args[0])
} else if (command === 'write') {
  const options = { profile: 'unixfs-v1-2025', wrapWithDirectory: false }
  const positional = []
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--hidden') options.hidden = true
    else if (args[i] === '--chunk-size') options.chunker = fixedSize({ chunkSize: Number(args[++i]) })
    else if (args[i] === '--max-links') options.layout = balanced({ maxChildrenPerNode: Number(args[++i]) })
    else positional.push(args[i])
  }
  await write(positional[0], positional[1], options)
} else {
  console.error('usage: car-oracle.mjs read FILE.car | write PATH OUT.car [--chunk-size N --max-links M]')
  process.exit(2)
}
