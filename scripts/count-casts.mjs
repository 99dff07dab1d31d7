import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";

const files = [];
const walk = (d) => {
  for (const f of readdirSync(d)) {
    const p = join(d, f);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith(".ts")) files.push(p);
  }
};
walk(process.argv[2] ?? "src");
let total = 0;
const per = {};
for (const f of files) {
  const sf = ts.createSourceFile(f, readFileSync(f, "utf8"), ts.ScriptTarget.ES2022, true);
  let c = 0;
  const visit = (n) => {
    if (
      ts.isAsExpression(n) &&
      !(n.type.kind === ts.SyntaxKind.TypeReference && n.type.typeName?.text === "const")
    )
      c++;
    if (ts.isTypeAssertionExpression?.(n)) c++;
    ts.forEachChild(n, visit);
  };
  visit(sf);
  per[f] = c;
  total += c;
}
console.log(total);
if (process.argv[3])
  for (const [f, c] of Object.entries(per).sort((a, b) => b[1] - a[1])) if (c) console.log(c, f);
