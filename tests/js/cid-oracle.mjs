// The reference CIDs for the Python SDK's CID test: imports each path given on the command line
// with `ipfs-unixfs-importer` (the UnixFS importer of js-ipfs/Helia) under the `unixfs-v1-2025`
// profile (CIDv1, sha2-256, raw leaves, 1 MiB chunks, balanced DAG of 1024 links per node) and
// prints one JSON object mapping each path to the CID of its root. A directory is imported with
// what `ipfs add -r` adds under it (see entriesUnder), named by its path relative to the
// directory; `--hidden` includes names starting with a dot, as `ipfs add -r --hidden` does.
//
// `--chunk-size N --max-links M` replace the profile's 1 MiB and 1024 (to build deep DAGs from
// small files in tests).
import { readFile, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'
import { MemoryBlockstore } from 'blockstore-core/memory'
import { entriesUnder } from './ipfs-add.mjs'

const args = process.argv.slice(2)
const options = { profile: 'unixfs-v1-2025', wrapWithDirectory: false }
const paths = []
let hidden = false
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--hidden') hidden = true
  else if (args[i] === '--chunk-size') options.chunker = fixedSize({ chunkSize: Number(args[++i]) })
  else if (args[i] === '--max-links') options.layout = balanced({ maxChildrenPerNode: Number(args[++i]) })
  else paths.push(args[i])
}

async function rootCid (path) {
  const info = await stat(path)
  const blockstore = new MemoryBlockstore()
  if (info.isDirectory()) {
    let root
    for await (const entry of importer(entriesUnder(path, path, hidden), blockstore, options)) {
      if (entry.path === basename(path)) root = entry.cid
    }
    return root.toString()
  }
  let last
  for await (const entry of importer([{ content: await readFile(path) }], blockstore, options)) {
    last = entry.cid
  }
  return last.toString()
}

const out = {}
for (const path of paths) out[path] = await rootCid(path)
console.log(JSON.stringify(out))
