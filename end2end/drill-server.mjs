// The demo server a drill or measurement script runs against: the release binary on a fresh
// SQLite file of its own, started and awaited until it serves pages.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts `beat serve --demo` on 127.0.0.1:`port` with `args` added, on a new database named
 * after `name`, sealed with `key`; resolves with the child process once `/areas` answers. */
export async function startDemoServer({ bin, port, name, key, args = [] }) {
  const db = join(mkdtempSync(join(tmpdir(), `beat-${name}-`)), 'beat.db');
  const server = spawn(bin, ['serve', '--demo', '--addr', `127.0.0.1:${port}`, ...args], {
    env: { ...process.env, BEAT_DATABASE_URL: `sqlite://${db}`, BEAT_SECRET_KEY: key, RUST_LOG: 'error' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/areas`)).ok) return server;
    } catch {}
    if (i > 400) throw new Error('server did not start');
    await sleep(50);
  }
}
