// The layers of src/, lowest first (npm run lint checks them). A module may import its own layer
// and any layer below it, never one above: engine -> distributions -> likelihood and linear
// algebra (and the optimizers) -> fit -> inference -> report -> api -> cli. input/ (the readers)
// stands apart: it needs only errors and the plain numerics of stats/.
const LAYERS = [
  ["base", "^src/(errors\\.ts|stats/|types/)"],
  ["engine", "^src/engine/"],
  ["distributions", "^src/distributions/"],
  ["likelihood", "^src/(likelihood|linalg|optim)/"],
  ["fit", "^src/(fit|data)/"],
  ["inference", "^src/inference/"],
  ["report", "^src/report/"],
  ["api", "^src/(api/|index\\.ts)"],
  ["cli", "^src/cli/"],
];

const upward = LAYERS.slice(0, -1).map(([name, path], i) => ({
  name: `no-upward-from-${name}`,
  comment: `${name} may import only the layers below it: ${
    LAYERS.slice(0, i)
      .map(([below]) => below)
      .join(", ") || "none"
  }`,
  severity: "error",
  from: { path },
  to: {
    path: [...LAYERS.slice(i + 1).map(([, above]) => above), "^src/input/"],
  },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: "input-stands-apart",
      comment: "the readers need only errors and stats: no engine, family, fit or report",
      severity: "error",
      from: { path: "^src/input/" },
      to: { path: "^src/", pathNot: ["^src/input/", "^src/errors\\.ts", "^src/stats/"] },
    },
    {
      name: "no-circular",
      comment: "no import cycles (a type-only import of a class its module uses is no cycle)",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
    {
      name: "no-orphans",
      comment: "every module is imported by another, or is an entry point",
      severity: "error",
      from: {
        orphan: true,
        path: "^src/",
        pathNot: ["^src/cli/bundle\\.ts$", "\\.d\\.ts$"],
      },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    includeOnly: "^src/",
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.build.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js"] },
  },
};
