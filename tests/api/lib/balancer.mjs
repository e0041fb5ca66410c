// A local nginx in front of several server processes, for the scale-out fault test. Debian's
// nginx-light (scripts/install-deps.sh test). POSTs are never replayed on another server once they
// were sent to one (nginx's default without "non_idempotent"); a refused connection, where nothing
// was sent, moves on to the next server for every method.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

export async function startBalancer(upstreamPorts) {
  const dir = mkdtempSync(join(tmpdir(), 'hf-nginx-'));
  for (const d of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi', 'logs']) mkdirSync(join(dir, d));
  const port = await freePort();
  const conf = `
worker_processes 1;
daemon off;
master_process on;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log warn;
events { worker_connections 2048; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  client_max_body_size 2m;
  upstream healthflow {
${upstreamPorts.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=10s;`).join('\n')}
    keepalive 32;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://healthflow;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      # Idempotent requests (and any request not yet sent) go to the next server on a connection
      # error or timeout. No "non_idempotent": a POST that reached a server is never sent twice.
      proxy_next_upstream error timeout;
      proxy_next_upstream_tries 2;
      proxy_connect_timeout 2s;
      proxy_read_timeout 30s;
    }
  }
}
`;
  writeFileSync(join(dir, 'nginx.conf'), conf);
  const proc = spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (c) => { stderr += c; });
  const exited = new Promise((r) => proc.on('exit', (code, signal) => r({ code, signal })));
  // Ready when the port accepts connections.
  const deadline = Date.now() + 10000;
  for (;;) {
    const ok = await new Promise((r) => {
      const s = net.connect(port, '127.0.0.1', () => { s.destroy(); r(true); });
      s.on('error', () => r(false));
    });
    if (ok) break;
    if (proc.exitCode !== null || Date.now() > deadline) {
      throw new Error(`nginx did not start: ${stderr} ${safeRead(join(dir, 'logs/error.log'))}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port, dir, proc, url: `http://127.0.0.1:${port}`,
    errorLog: () => safeRead(join(dir, 'logs/error.log')),
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return exited;
      proc.kill('SIGQUIT');
      const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
      const r = await exited;
      clearTimeout(t);
      return r;
    },
  };
}

function safeRead(f) { try { return readFileSync(f, 'utf8'); } catch { return ''; } }
