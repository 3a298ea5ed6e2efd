// tests/browser/harness.mjs: what every browser test file shares: the real daemon started on
// free loopback ports exactly like tests/e2e/daemon_process.hpp (`charfinder serve
// --telnet-listen 127.0.0.1:0 --http-listen 127.0.0.1:0`, then the `ready ... http=HOST:PORT`
// line on stderr), headless Chromium, the console watch and screenshots. `useDaemonAndBrowser()`
// registers the before/after hooks of a test file.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const binary = process.env.CHARFINDER_BINARY;
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const artifacts = process.env.ARTIFACTS_DIR || path.resolve('artifacts');
export const DEADLINE_MS = 15_000;

const daemonLog = [];

function startDaemon() {
  assert.ok(binary, 'CHARFINDER_BINARY must name the charfinder executable');
  const child = spawn(binary, ['serve', '--telnet-listen', '127.0.0.1:0', '--http-listen', '127.0.0.1:0'],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no ready line within 30 s:\n${daemonLog.join('\n')}`));
    }, 30_000);
    let buffered = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      buffered += chunk;
      let newline;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        daemonLog.push(line);
        if (daemonLog.length > 200) daemonLog.shift();
        const match = line.includes('ready ') && /\bhttp=([^\s,"]+)/.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve({ child, base: `http://${match[1]}` });
        }
      }
    });
    child.on('error', (error) => { clearTimeout(timer); reject(error); });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`charfinder exited (${code ?? signal}) before it was ready:\n${daemonLog.join('\n')}`));
    });
  });
}


// Fails the test on any console error (CSP violations, 404s, exceptions) in the page.
export function watchPage(page) {
  const problems = [];
  page.on('console', (message) => {
    // Failed loads are judged by the response listener below (a 400 from the API for a
    // bad query is expected); everything else logged as an error is a problem.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(`console: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`exception: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400 && !response.url().includes('/api/')) {
      problems.push(`${response.status()} for ${response.url()}`);
    }
  });
  return problems;
}

export const shot = (page, name) => page.screenshot({ path: path.join(artifacts, name) });

// Before the file's first test: starts the daemon and the browser, then calls
// ready({ daemon, base, browser }); after its last: closes both (the daemon must exit 0).
export function useDaemonAndBrowser(ready) {
  const env = { daemon: null, base: null, browser: null };
  before(async () => {
    mkdirSync(artifacts, { recursive: true });
    ({ child: env.daemon, base: env.base } = await startDaemon());
    env.browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run',
        '--disable-component-update', '--disable-sync', '--disable-quic'],
    });
    ready(env);
  });

  after(async () => {
    await env.browser?.close();
    const { daemon } = env;
    if (daemon && daemon.exitCode === null && daemon.signalCode === null) {
      // SIGTERM starts the graceful shutdown; it must end well within the deadline, exit 0.
      const exited = new Promise((resolve) => daemon.once('exit', (code, signal) => resolve({ code, signal })));
      let timer;
      const deadline = new Promise((resolve) => { timer = setTimeout(() => resolve(null), 20_000); });
      daemon.kill('SIGTERM');
      const result = await Promise.race([exited, deadline]);
      clearTimeout(timer);
      if (result === null) {
        daemon.kill('SIGKILL');
        assert.fail(`charfinder did not exit within 20 s of SIGTERM:\n${daemonLog.slice(-20).join('\n')}`);
      }
      assert.equal(result.code, 0, `charfinder exited with ${result.code ?? result.signal} after SIGTERM`);
    }
  });
  return env;
}
