#!/usr/bin/env node
// Checks the project's Markdown (README.md, CHANGELOG.md, docs/*.md) against the tree:
// - every relative link or image, [x](path) or [x](path#anchor), names a file that
//   exists, and an anchor names a heading of that file (GitHub's slug of it);
// - every `make <target>` in inline code or a code block names a target of the Makefile
//   (its rules and .PHONY).
// Plain Node, no dependencies. Exits 1 with the list of failures, else prints one line.
// usage: node scripts/check-docs.mjs   (run from anywhere; paths are the repo's)
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const rel = (p) => path.relative(root, p) || '.';

function docFiles() {
  const files = ['README.md', 'CHANGELOG.md'].map((f) => path.join(root, f)).filter((f) => fs.existsSync(f));
  const docs = path.join(root, 'docs');
  if (fs.existsSync(docs)) {
    for (const f of fs.readdirSync(docs).sort()) if (f.endsWith('.md')) files.push(path.join(docs, f));
  }
  return files;
}

/** Rule names and .PHONY names of the Makefile (not variable assignments). */
function makeTargets() {
  const text = fs.readFileSync(path.join(root, 'Makefile'), 'utf8').replace(/\\\n/g, ' ');
  const targets = new Set();
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z0-9_.%\/-][A-Za-z0-9_.%\/ \t-]*?)\s*::?(?!=)(.*)$/.exec(line);
    if (!m || line.startsWith('\t')) continue;
    const names = m[1].trim().split(/\s+/);
    if (names[0] === '.PHONY') {
      for (const n of m[2].trim().split(/\s+/)) if (n) targets.add(n);
    } else {
      for (const n of names) if (!n.startsWith('.')) targets.add(n);
    }
  }
  return targets;
}

/** The text split into fenced code blocks and the rest, each line with its number. */
function splitFences(text) {
  const prose = []; // [{line, text}]
  const code = []; // [{line, text}]
  let fence = null;
  text.split('\n').forEach((line, i) => {
    if (fence) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
      if (close && close[1][0] === fence[0] && close[1].length >= fence.length) fence = null;
      else code.push({ line: i + 1, text: line });
      return;
    }
    const open = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (open) fence = open[1];
    else prose.push({ line: i + 1, text: line });
  });
  return { prose, code };
}

/** Inline code spans of the prose (they may cross line breaks), with their first line. */
function codeSpans(prose) {
  const spans = [];
  const joined = prose.map((p) => p.text).join('\n');
  const lineAt = (offset) => {
    const n = joined.slice(0, offset).split('\n').length - 1;
    return prose[n] ? prose[n].line : 0;
  };
  const re = /(`+)([\s\S]*?[^`])\1(?!`)/g;
  let m;
  while ((m = re.exec(joined))) spans.push({ line: lineAt(m.index), text: m[2], start: m.index, end: re.lastIndex });
  return { spans, joined, lineAt };
}

/** GitHub's anchor for a heading's text: its rendered text (code kept as written,
 * links as their text, tags and emphasis dropped), lower case, punctuation removed,
 * spaces to hyphens. */
function slug(heading) {
  const plain = (t) =>
    t
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/<[^>]+>/g, '')
      .replace(/[*~]+/g, '')
      .replace(/(^|\s)_+|_+(?=\s|$)/g, '$1');
  let text = '';
  let last = 0;
  for (const m of heading.matchAll(/(`+)([\s\S]*?[^`])\1(?!`)/g)) {
    text += plain(heading.slice(last, m.index)) + m[2];
    last = m.index + m[0].length;
  }
  text += plain(heading.slice(last));
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

const anchorCache = new Map();
function anchorsOf(file) {
  if (anchorCache.has(file)) return anchorCache.get(file);
  const anchors = new Set();
  const seen = new Map();
  const { prose } = splitFences(fs.readFileSync(file, 'utf8'));
  for (const { text } of prose) {
    const h = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
    if (h) {
      const base = slug(h[1]);
      const n = seen.get(base) || 0;
      seen.set(base, n + 1);
      anchors.add(n ? `${base}-${n}` : base);
    }
    for (const a of text.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(a[1]);
  }
  anchorCache.set(file, anchors);
  return anchors;
}

function checkFile(file, targets, failures, counts) {
  const text = fs.readFileSync(file, 'utf8');
  const { prose, code } = splitFences(text);
  const { spans, joined, lineAt } = codeSpans(prose);

  // Links and images outside code: [text](target "title") and [ref]: target.
  const inSpan = (i) => spans.some((s) => i >= s.start && i < s.end);
  const links = [];
  for (const m of joined.matchAll(/!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g)) {
    if (!inSpan(m.index)) links.push({ line: lineAt(m.index), target: m[1] });
  }
  for (const m of joined.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)) {
    links.push({ line: lineAt(m.index), target: m[1] });
  }
  for (const { line, target } of links) {
    if (!target || /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue;
    counts.links++;
    const hash = target.indexOf('#');
    const pathPart = decodeURIComponent(hash < 0 ? target : target.slice(0, hash));
    const anchor = hash < 0 ? null : decodeURIComponent(target.slice(hash + 1));
    const dest = pathPart ? path.resolve(path.dirname(file), pathPart) : file;
    const where = `${rel(file)}:${line}`;
    if (!dest.startsWith(root + path.sep) && dest !== root) {
      failures.push(`${where}: link ${target} leaves the repository`);
      continue;
    }
    if (!fs.existsSync(dest)) {
      failures.push(`${where}: link ${target}: no file ${rel(dest)}`);
      continue;
    }
    if (anchor !== null) {
      if (!dest.endsWith('.md') || fs.statSync(dest).isDirectory()) {
        failures.push(`${where}: link ${target}: an anchor into ${rel(dest)}, which is not a Markdown file`);
      } else if (!anchorsOf(dest).has(anchor.toLowerCase())) {
        failures.push(`${where}: link ${target}: ${rel(dest)} has no heading #${anchor}`);
      }
    }
  }

  // `make <target> ...` in inline code and in code blocks.
  const mentions = [
    ...spans.map((s) => ({ line: s.line, text: s.text })),
    // A shell comment in a code block is prose ("# make sure ..."): left out.
    ...code.map((c) => ({ line: c.line, text: c.text.replace(/(^|\s)#.*$/, '') })),
  ];
  for (const { line, text: t } of mentions) {
    for (const m of t.matchAll(/(?:^|[\s;&|(`$])make((?:\s+[^\s#;&|)]+)*)/g)) {
      const names = [];
      for (const word of m[1].trim().split(/\s+/)) {
        if (!word) break;
        if (word.startsWith('-') || word.includes('=')) continue;
        if (!/^[A-Za-z0-9_.\/-]+$/.test(word)) break;
        names.push(word);
      }
      for (const name of names) {
        counts.makes++;
        if (!targets.has(name)) failures.push(`${rel(file)}:${line}: make ${name}: no such target in the Makefile`);
      }
    }
  }
}

const targets = makeTargets();
const files = docFiles();
const failures = [];
const counts = { links: 0, makes: 0 };
for (const f of files) checkFile(f, targets, failures, counts);

if (failures.length) {
  console.error(`docs-check: ${failures.length} failure${failures.length === 1 ? '' : 's'}:`);
  for (const f of failures) console.error(`  ${f}`);
  process.exit(1);
}
console.log(
  `docs-check: OK, ${files.length} files, ${counts.links} relative links, ${counts.makes} make targets checked`,
);
