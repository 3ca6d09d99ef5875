// npm run bench: speed and memory of the engine on real and synthetic configurations.
//
// For each input, a fresh Node process loads the engine, analyses the file once (cold: empty
// caches, a JIT that has seen nothing), then re-analyses it after one-line edits (the editor's
// case: every unchanged line is found in the caches).  Figures: module load, cold analysis, peak
// memory (max RSS), and the median and 95th percentile of re-analysis after an edit.  It also times
// a language server over stdio: an edit, then a hover that waits for the new analysis.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

// ------------------------------------------------------------------ synthetic configurations

/**
 * A configuration of about `lines` lines, shaped like real ones (the Debian template's mix of
 * comments, options, ACL statements, expansions, routers, transports and retry rules), and valid:
 * every router's transport exists.
 */
export function syntheticConfig(lines: number): string {
  const head = [
    '# Synthetic configuration for the benchmark',
    'keep_environment =',
    'primary_hostname = mail.example.com',
    'domainlist local_domains = @ : localhost : example.com',
    'hostlist relay_from_hosts = <; 127.0.0.1 ; ::1 ; 192.168.0.0/16',
    'MAIN_TLS_ENABLE = yes',
    'acl_smtp_rcpt = acl_check_rcpt',
    'acl_smtp_data = acl_check_data',
    '.ifdef MAIN_TLS_ENABLE',
    'tls_advertise_hosts = *',
    'tls_certificate = /etc/exim4/exim.crt',
    '.endif',
    'message_size_limit = 50M',
    'timeout_frozen_after = 7d',
    '',
  ];
  // One block of each part per "unit"; a unit is about 37 lines in all.
  const units = Math.max(1, Math.round((lines - head.length - 12) / 37.1));
  const acls: string[] = ['begin acl', '', 'acl_check_rcpt:'];
  const routers: string[] = ['begin routers', ''];
  const transports: string[] = ['begin transports', ''];
  const retry: string[] = ['begin retry', ''];
  for (let i = 0; i < units; i++) {
    acls.push(
      `  # checks of group ${i}`,
      `  accept  hosts = :`,
      '          control = dkim_disable_verify',
      `  deny    message = Restricted characters in address (${i})`,
      '          domains = +local_domains',
      '          local_parts = ^[.] : ^.*[@%!/|]',
      `  warn    set acl_m_count${i} = \${eval:\$acl_m_count${i}+1}`,
      '  deny    dnslists = zen.spamhaus.org : bl.spamcop.net',
      `          message = $sender_host_address is listed in $dnslist_domain \\`,
      '                    ($dnslist_text)',
    );
    routers.push(
      `# routers of group ${i}`,
      `dnslookup_${i}:`,
      '  driver = dnslookup',
      `  domains = ! +local_domains : *.group${i}.example`,
      `  transport = remote_smtp_${i}`,
      '  ignore_target_hosts = 0.0.0.0 : 127.0.0.0/8',
      '  no_more',
      '',
      `system_aliases_${i}:`,
      '  driver = redirect',
      '  allow_fail',
      '  allow_defer',
      `  data = \${lookup{\$local_part}lsearch{/etc/aliases.${i}}}`,
      `  file_transport = address_file_${i}`,
      '',
    );
    transports.push(
      `remote_smtp_${i}:`,
      '  driver = smtp',
      `  helo_data = \${if eq{\$sender_address_domain}{example.com}{mx${i}.example.com}{\$primary_hostname}}`,
      '  hosts_require_tls = *',
      '',
      `address_file_${i}:`,
      '  driver = appendfile',
      '  delivery_date_add',
      '  envelope_to_add',
      '  return_path_add',
      '',
    );
    retry.push(`*.group${i}.example  *  F,2h,15m; G,16h,1h,1.5; F,4d,6h`);
    if (i % 10 === 0) retry.push(`# retry rules ${i}`);
  }
  acls.push('  accept', '', 'acl_check_data:', '  accept', '');
  retry.push('*  *  F,2h,15m; G,16h,1h,1.5; F,4d,6h', '');
  return [...head, ...acls, ...routers, ...transports, ...retry].join('\n');
}

// ------------------------------------------------------------------ one measurement, in a child

interface Figures {
  lines: number;
  loadMs: number;
  coldMs: number;
  /** Cold again in the same process: empty caches, warm JIT. */
  warmColdMs: number;
  editMedianMs: number;
  /** Re-analysis after a line is added (the whole file read again). */
  lineAddedMs: number;
  editP95Ms: number;
  /** Peak memory of the process up to the end of the cold analysis. */
  coldRssMb: number;
  /** Peak memory after 60 edits too (garbage the collector has not returned yet counts). */
  maxRssMb: number;
  heapMb: number;
  diagnostics: number;
}

function childMain(file: string): void {
  const t0 = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { analyse } = require('../server/src/analysis/analyse') as typeof import('../server/src/analysis/analyse');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { clearParseCaches } = require('../server/src/syntax/parse') as typeof import('../server/src/syntax/parse');
  const loadMs = performance.now() - t0;
  const text = readFileSync(file, 'utf8');
  const t1 = performance.now();
  let previous = analyse(text, { name: file });
  const coldMs = performance.now() - t1;
  const coldRssMb = process.resourceUsage().maxRSS / 1024;
  const diagnostics = previous.diagnostics.length;

  // Cold again, with a warmed-up engine (the language server's case after its first file): the
  // caches emptied, the JIT not.
  const warm: number[] = [];
  for (let i = 0; i < 3; i++) {
    clearParseCaches();
    const s = performance.now();
    analyse(text, { name: `${file}#${i}` });
    warm.push(performance.now() - s);
  }

  // Typing: a character added to a line and taken away again, on lines spread over the file, each
  // re-analysis given the previous one as the language server does.  The language server lives
  // as long as the editor: the first edits (200, or as many as 2 s allow) warm it up and are not
  // counted; the next 200 are.
  const lines = text.split('\n');
  const typeAndUndo = (i: number): number[] => {
    const at = Math.floor((((i * 7919) % 997) / 997) * (lines.length - 1));
    const saved = lines[at];
    lines[at] = saved + (i % 2 ? ' ' : 'x');
    let s = performance.now();
    previous = analyse(lines.join('\n'), { name: file, previous });
    const typed = performance.now() - s;
    lines[at] = saved;
    s = performance.now();
    previous = analyse(lines.join('\n'), { name: file, previous });
    return [typed, performance.now() - s];
  };
  const warmUntil = performance.now() + 2000;
  let edit = 0;
  while (edit < 100 && performance.now() < warmUntil) typeAndUndo(edit++);
  const typing: number[] = [];
  for (let k = 0; k < 100; k++) typing.push(...typeAndUndo(edit++));
  // A line added (Enter pressed): the whole file is read again.
  const added: number[] = [];
  for (let i = 0; i < 20; i++) {
    const at = Math.floor((((i * 7919) % 997) / 997) * (lines.length - 1));
    const edited = [...lines.slice(0, at), '', ...lines.slice(at)].join('\n');
    const s = performance.now();
    previous = analyse(edited, { name: file, previous });
    added.push(performance.now() - s);
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const p95 = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length * 0.95)];
  (global as { gc?: () => void }).gc?.();
  const result: Figures = {
    lines: lines.length,
    loadMs,
    coldMs,
    warmColdMs: Math.min(...warm),
    editMedianMs: median(typing),
    editP95Ms: p95(typing),
    lineAddedMs: median(added.slice(5)),
    coldRssMb,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    heapMb: process.memoryUsage().heapUsed / 1024 / 1024,
    diagnostics,
  };
  process.stdout.write(JSON.stringify(result));
}

function measure(file: string): Figures {
  const r = spawnSync(process.execPath, ['--expose-gc', __filename, '--child', file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`benchmark child failed for ${file}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Figures;
}

// ------------------------------------------------------------------ the language server over stdio

async function serverLatency(file: string): Promise<{ hoverAfterEditMs: number; idleHoverMs: number }> {
  const { TestClient } = await import('../test/lsp/client.js');
  const client = new TestClient();
  await client.initialize();
  const uri = 'file://' + file;
  const text = readFileSync(file, 'utf8');
  await client.open(uri, text, 1);
  await client.diagnostics(uri, 1, 60000);
  const lines = text.split('\n');
  const edits: number[] = [];
  const idle: number[] = [];
  const at = Math.floor(lines.length / 2);
  for (let v = 2; v < 42; v++) {
    // Type an `x` at the start of a line, then delete it again.
    const change = v % 2 === 0
      ? { range: { start: { line: at, character: 0 }, end: { line: at, character: 0 } }, text: 'x' }
      : { range: { start: { line: at, character: 0 }, end: { line: at, character: 1 } }, text: '' };
    const s = performance.now();
    await client.change(uri, v, [change]);
    await client.request('textDocument/hover', { textDocument: { uri }, position: { line: at, character: 1 } });
    edits.push(performance.now() - s);
    const s2 = performance.now();
    await client.request('textDocument/hover', { textDocument: { uri }, position: { line: at, character: 1 } });
    idle.push(performance.now() - s2);
  }
  await client.shutdown();
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { hoverAfterEditMs: median(edits.slice(5)), idleHoverMs: median(idle.slice(5)) };
}

// ------------------------------------------------------------------ main

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'exim-bench-'));
  const inputs: [string, string][] = [];
  const template = '/etc/exim4/exim4.conf.template';
  if (existsSync(template)) inputs.push(["Debian's exim4.conf.template", template]);
  else console.log(`(skipped: ${template} not installed)`);
  const configure = join(ROOT, '..', 'shared', 'corpus', 'configure.default');
  if (existsSync(configure)) inputs.push(["Exim's default configure", configure]);
  else console.log(`(skipped: ${configure} not found)`);
  for (const n of [10_000, 50_000]) {
    const f = join(dir, `synthetic-${n}.conf`);
    writeFileSync(f, syntheticConfig(n));
    inputs.push([`synthetic ${n.toLocaleString('en')} lines`, f]);
  }
  console.log('input                            lines   load  cold (fresh / warm)  cold RSS  typing (median / p95)  line added   max RSS  heap  diagnostics');
  console.log('                                         ms   ms                   MB        ms                     ms          MB       MB');
  for (const [name, file] of inputs) {
    const f = measure(file);
    console.log(
      `${name.padEnd(31)} ${String(f.lines).padStart(6)} ${f.loadMs.toFixed(0).padStart(6)}  ${f.coldMs.toFixed(1).padStart(8)} / ${f.warmColdMs.toFixed(1).padEnd(8)}  ${f.coldRssMb.toFixed(0).padStart(7)}  ${f.editMedianMs.toFixed(2).padStart(9)} / ${f.editP95Ms.toFixed(2).padEnd(9)} ${f.lineAddedMs.toFixed(2).padStart(9)}  ${f.maxRssMb.toFixed(0).padStart(8)} ${f.heapMb.toFixed(0).padStart(5)}  ${String(f.diagnostics).padStart(11)}`,
    );
  }
  if (existsSync(join(ROOT, 'dist', 'server.js')) && existsSync(template)) {
    const s = await serverLatency(template);
    console.log(`language server over stdio, Debian template: edit + hover ${s.hoverAfterEditMs.toFixed(2)} ms (median); hover alone ${s.idleHoverMs.toFixed(2)} ms`);
  }
  if (existsSync(template)) {
    const runs: number[] = [];
    for (let i = 0; i < 7; i++) {
      const s = performance.now();
      spawnSync(process.execPath, [join(ROOT, 'bin', 'exim-lint.js'), template], { encoding: 'utf8', maxBuffer: 1 << 24 });
      runs.push(performance.now() - s);
    }
    const sorted = runs.sort((a, b) => a - b);
    console.log(`exim-lint on the Debian template as a process (start, load with the code cache, analyse, print): ${sorted[3].toFixed(0)} ms median, ${sorted[0].toFixed(0)} ms best of 7`);
  }
  console.log('targets: template cold <= 50 ms and edit <= 2 ms; 50,000 lines cold <= 1 s and <= 200 MB');
  await pathological();
}

/** The pathological inputs of test/robustness/cases.ts at full size, each analysed cold in a worker. */
async function pathological(): Promise<void> {
  const { runJob, describeFailure } = await import('../test/robustness/harness.js');
  type CaseResult = import('../test/robustness/jobs').CaseResult;
  const { result, failure } = await runJob<CaseResult[]>('pathological', { big: true }, { hangMs: 300_000, maxHeapMb: 2048, stackMb: 1 });
  if (failure) {
    console.log(`pathological inputs: ${describeFailure(failure)}`);
    return;
  }
  console.log('\npathological input (full size)                                          chars  analysis ms  features ms  heap MB');
  for (const r of result!) {
    console.log(`${r.name.slice(0, 70).padEnd(70)} ${String(r.chars).padStart(9)}  ${r.ms.toFixed(0).padStart(11)}  ${r.featuresMs.toFixed(0).padStart(11)}  ${String(r.heapMb).padStart(7)}`);
  }
  console.log('target: every pathological input analysed in under 10 s + 1 s per 10 KB (the bound of the robustness tests), heap under 2 GB');
}

if (require.main === module) {
  if (process.argv[2] === '--child') childMain(process.argv[3]);
  else
    main().catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
