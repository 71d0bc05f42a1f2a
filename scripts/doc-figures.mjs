// Writes a benchmark's figures into docs/PERFORMANCE.md between `<!-- NAME:start -->` and `<!-- NAME:end -->`,
// so each `pnpm bench…` script keeps its own part of the page up to date and leaves the prose around it alone.
import { readFileSync, writeFileSync } from 'node:fs';

export function writeFigures(docPath, name, text) {
  const doc = readFileSync(docPath, 'utf8');
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  if (!doc.includes(start) || !doc.includes(end)) return false;
  writeFileSync(docPath, `${doc.slice(0, doc.indexOf(start) + start.length)}\n${text}\n${doc.slice(doc.indexOf(end))}`);
  return true;
}
