// The entries `ipfs add -r` adds of a directory, for the reference importer: shared by
// cid-oracle.mjs and car-oracle.mjs.
import { readdir, readFile } from 'node:fs/promises'
import { join, relative, basename } from 'node:path'

// What `ipfs add -r` adds of a directory, walked here with its rules: regular files, and empty
// directories (given as entries without content); names starting with a dot only with
// `--hidden`; symbolic links left out (a Dirent of a link is neither a file nor a directory).
export async function * entriesUnder (root, dir, hidden) {
  let any = false
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!hidden && entry.name.startsWith('.')) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      any = true
      yield * entriesUnder(root, path, hidden)
    } else if (entry.isFile()) {
      any = true
      yield { path: join(basename(root), relative(root, path)), content: await readFile(path) }
    }
  }
  if (!any && dir !== root) yield { path: join(basename(root), relative(root, dir)) }
}
