// Talks the native-messaging protocol to `switchrole serve` (stdin/stdout frames), as a browser would.
import { spawn } from 'node:child_process';

export function serve(bin, env) {
  const child = spawn(bin, ['serve'], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
  let buf = Buffer.alloc(0);
  const waiting = new Map();
  let nextId = 1;
  child.stdout.on('data', (d) => {
    buf = Buffer.concat([buf, d]);
    while (buf.length >= 4) {
      const n = buf.readUInt32LE(0);
      if (buf.length < 4 + n) break;
      const msg = JSON.parse(buf.subarray(4, 4 + n).toString('utf8'));
      buf = buf.subarray(4 + n);
      const w = waiting.get(msg.id);
      if (!w) continue;
      if (!msg.ok) {
        waiting.delete(msg.id);
        w.reject(new Error(`${msg.error?.name}: ${msg.error?.message}`));
      } else if (msg.result?.parts > 1) {
        w.roles.push(...msg.result.roles);
        if (msg.result.part === msg.result.parts - 1) {
          waiting.delete(msg.id);
          w.resolve({ ...msg.result, roles: w.roles });
        }
      } else {
        waiting.delete(msg.id);
        w.resolve(msg.result);
      }
    }
  });
  return {
    request(action, params = {}) {
      const id = nextId++;
      const body = Buffer.from(JSON.stringify({ ...params, id, action }), 'utf8');
      const head = Buffer.alloc(4);
      head.writeUInt32LE(body.length);
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject, roles: [] });
        child.stdin.write(Buffer.concat([head, body]));
      });
    },
    close() {
      return new Promise((r) => {
        child.once('exit', r);
        child.stdin.end();
      });
    },
  };
}
