// npm run bench -- --package (also part of the full run): what a user installs. Packs the
// package with npm pack, installs the tarball with production dependencies only into an empty
// project (npm install --omit=dev: the install a user of the package makes), and measures the
// tarball, its unpacked size, and the installed node_modules. Targets (issue 11): unpacked at
// most 1.5 MB, installed at most 10 MB.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Bytes of every file under a folder, and how many packages (folders with a package.json). */
function measure(dir) {
  let bytes = 0;
  let packages = 0;
  const walk = (path) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        bytes += statSync(full).size;
        if (entry.name === "package.json" && !full.includes("/dist/")) packages++;
      }
    }
  };
  walk(dir);
  return { bytes, packages };
}

export function packageSize() {
  const work = mkdtempSync(join(tmpdir(), "mle-fit-pack-"));
  try {
    // --ignore-scripts: the build already ran (npm run bench builds first).
    const [packed] = JSON.parse(
      execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], {
        cwd: root,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }),
    );
    const project = join(work, "project");
    execFileSync("mkdir", [project]);
    writeFileSync(join(project, "package.json"), '{ "name": "user", "private": true }\n');
    execFileSync(
      "npm",
      ["install", "--omit=dev", "--no-audit", "--no-fund", join(work, packed.filename)],
      { cwd: project, stdio: "ignore" },
    );
    const installed = measure(join(project, "node_modules"));
    return {
      tarball: packed.size,
      unpacked: packed.unpackedSize,
      files: packed.entryCount,
      installed: installed.bytes,
      packages: installed.packages,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function packageRows(size) {
  const mb = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;
  return [
    "| what | size | target |",
    "|---|---:|---:|",
    `| \`npm pack\` tarball (${size.files} files) | ${mb(size.tarball)} | |`,
    `| unpacked | ${mb(size.unpacked)} | 1.5 MB |`,
    `| \`npm install --omit=dev\` of the tarball: node_modules (${size.packages} package${size.packages === 1 ? "" : "s"}) | ${mb(size.installed)} | 10 MB |`,
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const row of packageRows(packageSize())) console.log(row);
}
