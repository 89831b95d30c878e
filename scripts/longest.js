#!/usr/bin/env node
/**
 * The longest functions and files under a folder (default lib/), for the size numbers of issue 18
 * and ARCHITECTURE.md: `node scripts/longest.js [DIR] [--top N]`.
 *
 * A function is any function declaration, method, constructor, accessor, function expression or
 * arrow function, measured in lines from its first to its last line (nested functions count inside
 * the function that holds them, and on their own). Files are measured in lines; generated files
 * (`*.generated.ts`) are listed apart, since nobody edits them by hand.
 */
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args[topAt + 1]) : 5;
const dir = args.find((a, i) => !a.startsWith('--') && (topAt < 0 || i !== topAt + 1)) ?? 'lib';

function tsFiles(d) {
  return fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(d, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

function lines(text) {
  return text.length === 0 ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

function functionName(node, sf) {
  if (ts.isConstructorDeclaration(node)) {
    const cls = node.parent;
    return `${cls.name ? cls.name.text : '(class)'}.constructor`;
  }
  if (node.name) {
    const owner = ts.isClassLike(node.parent) && node.parent.name ? `${node.parent.name.text}.` : '';
    return owner + node.name.getText(sf);
  }
  const p = node.parent;
  if (p && ts.isVariableDeclaration(p)) return p.name.getText(sf);
  if (p && ts.isPropertyAssignment(p)) return p.name.getText(sf);
  return '(anonymous)';
}

const files = [];
const functions = [];
for (const file of tsFiles(dir)) {
  const text = fs.readFileSync(file, 'utf8');
  files.push({ file, lines: lines(text), generated: file.endsWith('.generated.ts') });
  if (file.endsWith('.generated.ts')) continue;
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const visit = (node) => {
    if (ts.isFunctionLike(node) && node.body) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      functions.push({ file, name: functionName(node, sf), line: start + 1, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}

const byLines = (a, b) => b.lines - a.lines || (a.file < b.file ? -1 : 1);
const hand = files.filter((f) => !f.generated).sort(byLines);
console.log(`${dir}: ${hand.length} files, ${hand.reduce((n, f) => n + f.lines, 0)} lines (not counting ${files.length - hand.length} generated)`);
console.log(`longest files:`);
for (const f of hand.slice(0, top)) console.log(`  ${String(f.lines).padStart(5)}  ${f.file}`);
for (const f of files.filter((x) => x.generated)) console.log(`  ${String(f.lines).padStart(5)}  ${f.file} (generated)`);
console.log(`longest functions:`);
for (const f of functions.sort(byLines).slice(0, top)) console.log(`  ${String(f.lines).padStart(5)}  ${f.name} (${f.file}:${f.line})`);
