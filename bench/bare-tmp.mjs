import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
const root = process.argv[2]; const toJS = process.argv[3] === "js";
function* files(d){ for (const e of readdirSync(d,{withFileTypes:true}).sort((a,b)=>a.name<b.name?-1:1)) { const p=join(d,e.name); if(e.isDirectory()) yield* files(p); else yield p; } }
const t=performance.now(); let n=0;
for (const f of files(root)) { for (const doc of parseAllDocuments(readFileSync(f,"utf8"))) { if (toJS) doc.toJS(); n++; } }
console.log(n, (performance.now()-t).toFixed(0), "ms", process.resourceUsage().maxRSS);
