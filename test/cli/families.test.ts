import { describe, expect, it } from "vitest";
import { FIXTURES } from "../fixtures.js";
import { expectRelClose, unwrap } from "../helpers.js";
import { runCli } from "./fake-io.js";

const RIVERS = `${FIXTURES}rivers.csv`;

describe("--dist", () => {
  it("fits a family to a file: SGD beside the exact MLE, with standard errors and a vanishing gradient", async () => {
    const outcome = await runCli([
      RIVERS,
      "--dist",
      "gamma",
      "--seed",
      "1",
      "--json",
      "--no-timing",
    ]);
    expect(outcome.code).toBe(0);
    const report = JSON.parse(outcome.stdout);
    expect(report.distribution).toBe("gamma");
    expect(Object.keys(report.params)).toEqual(["shape", "rate"]);
    expect(report.exact_mle.method).toMatch(/^Newton's method/);
    expect(report.exact_mle.relative_gradient).toBeLessThan(1e-8);
    // R: loglik -1013.11173526658 from Nelder-Mead; ours is at least that.
    expect(report.loglik).toBeGreaterThanOrEqual(-1013.11173526658);
    expect(report.se.shape).toBeGreaterThan(0);
    expect(report.ci.rate[0]).toBeLessThan(report.exact_mle.params.rate);
    expect(report.gof.cvm.p_value).toBeNull();
    expect(report.optimizer.start).toHaveProperty("shape");
  });

  it("the seed's SGD settings stay stable on large counts (steps in per-value standard errors)", async () => {
    for (const [dist, params] of [
      ["poisson", ["lambda=70"]],
      ["negbin", ["size=2", "mu=500"]],
      ["gamma", ["shape=50", "rate=0.01"]],
    ] as const) {
      const argv = ["--dist", dist, ...params.flatMap((p) => ["--param", p]), "--n", "2000"];
      const outcome = await runCli([...argv, "--seed", "4", "--json"]);
      expect(outcome.code, dist).toBe(0);
      for (const gap of Object.values(JSON.parse(outcome.stdout).gap_se) as number[]) {
        expect(Math.abs(gap), dist).toBeLessThan(10);
      }
    }
  });

  it("a parameter running off to the family's limit is exit 3 naming the limit", async () => {
    const outcome = await runCli([`${FIXTURES}precip.csv`, "--dist", "t"]);
    expect(outcome.code).toBe(3);
    expect(outcome.stderr).toMatch(
      /^mle-fit: student-t: df grows without bound \(past [\d.e+]+\): the likelihood has no maximum, only a limit: the Normal, as df grows \(try --dist normal\)\n$/,
    );
    const table = await runCli([`${FIXTURES}precip.csv`, "--dist", "auto"]);
    expect(table.stdout).toContain("not fitted, the fit failed: student-t: df grows without bound");
  });

  it("--trace names the family's parameters in its header", async () => {
    const { mkdtempSync, readFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const path = join(mkdtempSync(join(tmpdir(), "mle-fit-trace-")), "t.csv");
    const { stdout } = await runCli([
      RIVERS,
      "--dist",
      "t",
      "--seed",
      "1",
      "--trace",
      path,
      "--json",
    ]);
    const lines = readFileSync(path, "utf8").trim().split("\n");
    expect(lines[0]).toBe("epoch,step,loc,scale,df,loss");
    // One row per minibatch step of the first epoch, then one per full-batch step.
    const { full_batch_steps: full } = JSON.parse(stdout).optimizer;
    expect(full).toBeGreaterThan(0);
    expect(lines).toHaveLength(1 + 15 + full);
    expect(lines.at(-1)?.startsWith(`${1 + full},1,`)).toBe(true);
    expect(lines[1]?.split(",")).toHaveLength(6);
  });

  it("reports text with the family's parameter names and correlations", async () => {
    const outcome = await runCli([RIVERS, "--dist", "t", "--seed", "1", "--no-timing"]);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/^Student t fit by minibatch SGD, n = 141\n/);
    for (const line of [/^loc /m, /^scale /m, /^df /m, /correlation of scale and df: /]) {
      expect(outcome.stdout).toMatch(line);
    }
  });

  it("generates data from any family with --param, reproducibly by --seed", async () => {
    const args = ["--dist", "gamma", "--param", "shape=2", "--param", "rate=0.5", "--n", "4000"];
    const a = await runCli([...args, "--seed", "3", "--json", "--no-timing"]);
    const b = await runCli([...args, "--seed", "3", "--json", "--no-timing"]);
    expect(a.stdout).toBe(b.stdout);
    const report = JSON.parse(a.stdout);
    expect(report.data.true_params).toEqual({ shape: 2, rate: 0.5 });
    expect(Math.abs(report.exact_mle.params.shape - 2) / report.se.shape).toBeLessThan(4);
    expect(Math.abs(report.exact_mle.params.rate - 0.5) / report.se.rate).toBeLessThan(4);
    const quiet = await runCli([...args, "--seed", "3", "--quiet"]);
    expect(quiet.stdout.trim().split(",")).toHaveLength(2);
  });

  it("refuses parameters it cannot generate from, and Normal-only flags", async () => {
    const cases: [string[], string][] = [
      [
        ["--dist", "gamma", "--n", "10"],
        "to generate gamma data, give every parameter: --param shape=... --param rate=...",
      ],
      [
        ["--dist", "gamma", "--param", "shape=2", "--param", "rate=-1"],
        "--param rate=-1: gamma's rate must be a finite number above 0",
      ],
      [
        ["--dist", "gamma", "--param", "loc=2"],
        '--param loc: gamma has no parameter "loc" (its parameters: shape, rate)',
      ],
      [
        ["--dist", "weibull", "--loc", "2"],
        "--loc and --scale generate Normal data; for --dist weibull give --param shape=... --param scale=...",
      ],
      [
        ["--dist", "auto", "--init-loc", "1"],
        "--init-loc applies to one family's fit; a comparison (--dist auto or a list) has exact fits only (choose one --dist to use --init-loc)",
      ],
      [
        ["--dist", "gamma", "--init-scale", "2"],
        "--init-scale: --dist gamma has no parameter scale (its parameters: shape, rate)",
      ],
      [
        ["--dist", "frechet"],
        "--dist must be auto, one of normal, lognormal, exponential, gamma, weibull, logistic, laplace, cauchy, student-t, gumbel, gev, log-logistic, inverse-gaussian, beta, uniform, pareto, generalized-pareto, poisson, negbin, geometric, zip, binomial (or R's or scipy's name), or a list of them, got \"frechet\"",
      ],
      [
        ["--dist", "gamma,betta,normal"],
        '--dist: "betta" in "gamma,betta,normal" is not a family; --dist must be auto, one of normal, lognormal, exponential, gamma, weibull, logistic, laplace, cauchy, student-t, gumbel, gev, log-logistic, inverse-gaussian, beta, uniform, pareto, generalized-pareto, poisson, negbin, geometric, zip, binomial (or R\'s or scipy\'s name), or a list of them',
      ],
      [
        ["--param", "shape"],
        '--param must be name=value with a finite number, such as shape=2 (or shape=2,rate=0.5), got "shape"',
      ],
    ];
    for (const [argv, message] of cases) {
      const outcome = await runCli(argv);
      expect(outcome.code, argv.join(" ")).toBe(2);
      expect(outcome.stderr).toBe(`mle-fit: ${message}\n`);
    }
  });

  it("a value outside the support: exit 65 naming its line and value, and the families that accept the data", async () => {
    const outcome = await runCli(["--dist", "lognormal"], "x\n3.5\n\n2\n0\n-1\n");
    expect(outcome.code).toBe(65);
    expect(outcome.stderr).toBe(
      "mle-fit: <stdin>:5: 0 is outside the lognormal family's support (values above 0); families that accept these data: normal, logistic, laplace, cauchy, student-t, gumbel, gev\n",
    );
    const zeros = await runCli(["--dist", "poisson"], "0\n0\n0\n");
    expect(zeros.code).toBe(65);
    expect(zeros.stderr).toBe(
      "mle-fit: <stdin>: all 3 values are 0: a Poisson fit would put the mean at 0, on the edge of its range\n",
    );
    const two = await runCli(["--dist", "gamma", "--quiet", "--seed", "1"], "3\n4\n");
    expect(two.code).toBe(0);
    // Quoted records go through csv-parse: the same line numbers.
    const quoted = await runCli(
      ["--dist", "gamma", "--column", "x"],
      '"x","y"\n"1","a"\n\n"-3","c"\n',
    );
    expect(quoted.stderr).toMatch(/^mle-fit: <stdin>:4: -3 is outside the gamma family's support/);
    const counts = await runCli(["--dist", "poisson"], "3\n1\n2.5\n");
    expect(counts.code).toBe(65);
    expect(counts.stderr).toBe(
      "mle-fit: <stdin>:3: 2.5 is outside the poisson family's support (whole numbers 0, 1, 2, ...); families that accept these data: normal, lognormal, exponential, gamma, weibull, logistic, laplace, cauchy, student-t, gumbel, gev, log-logistic, inverse-gaussian\n",
    );
  });
});

describe("bootstraps for any family", () => {
  it("--gof-bootstrap: p-values that accept the family the data came from and reject another", async () => {
    const generated = await runCli([
      "--dist",
      "gamma",
      "--param",
      "shape=3",
      "--param",
      "rate=2",
      "--n",
      "400",
      "--seed",
      "5",
      "--gof-bootstrap",
      "199",
      "--json",
      "--no-timing",
    ]);
    const own = JSON.parse(generated.stdout).gof;
    expect(own.method).toBe("parametric bootstrap, 199 samples refitted by maximum likelihood");
    for (const test of [own.ks, own.cvm, own.ad]) expect(test.p_value).toBeGreaterThan(0.01);
    // Rivers are far from exponential: every replicate's statistic is smaller, p = 1/(B+1).
    const rivers = await runCli([
      RIVERS,
      "--dist",
      "exponential",
      "--gof-bootstrap",
      "99",
      "--json",
      "--seed",
      "1",
    ]);
    const gof = JSON.parse(rivers.stdout).gof;
    for (const test of [gof.ks, gof.cvm, gof.ad]) expect(test.p_value).toBe(0.01);
  });

  it("--bootstrap: percentile intervals near the Wald intervals, around the exact MLE", async () => {
    const outcome = await runCli([
      "--dist",
      "weibull",
      "--param",
      "shape=1.5",
      "--param",
      "scale=3",
      "--n",
      "2000",
      "--seed",
      "2",
      "--bootstrap",
      "300",
      "--json",
      "--no-timing",
    ]);
    const report = JSON.parse(outcome.stdout);
    expect(report.bootstrap.replicates).toBe(300);
    for (const name of ["shape", "scale"]) {
      const [lo, hi] = report.bootstrap.ci[name];
      const [wlo, whi] = report.ci[name];
      expect(lo).toBeLessThan(report.exact_mle.params[name]);
      expect(hi).toBeGreaterThan(report.exact_mle.params[name]);
      // Same width within 25% (300 replicates: the percentile ends are noisy).
      expect(Math.abs((hi - lo) / (whi - wlo) - 1)).toBeLessThan(0.25);
    }
  });

  it("with --dist auto: --bootstrap is the Cullen and Frey cloud; --gof-bootstrap is refused", async () => {
    const outcome = await runCli([RIVERS, "--dist", "auto", "--bootstrap", "10", "--seed", "1"]);
    expect(outcome.code).toBe(0);
    expect(unwrap(outcome.stdout)).toMatch(/\(10 bootstrap resamples: skewness² [\d.]+ to [\d.]+/);
    const refused = await runCli([RIVERS, "--dist", "auto", "--gof-bootstrap", "10"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      "mle-fit: --gof-bootstrap applies to one family's fit; a comparison (--dist auto or a list) has exact fits only (choose one --dist to use --gof-bootstrap)\n",
    );
  });
});

describe("--dist auto", () => {
  it("ranks every family the data allow by AIC, with Akaike weights that sum to 1", async () => {
    const outcome = await runCli([RIVERS, "--dist", "auto", "--json"]);
    expect(outcome.code).toBe(0);
    const report = JSON.parse(outcome.stdout);
    expect(report.schema).toBe("mle-fit/comparison@2");
    expect(report.n).toBe(141);
    // Rivers are not in (0, 1): the beta is left out; and with no zeros at all, the zero-inflated
    // Poisson's pi goes to 0, with no maximum inside.
    expect(report.not_fitted.map((r: { distribution: string }) => r.distribution)).toEqual([
      "beta",
      "zip",
    ]);
    expect(report.data).toMatchObject({ source: "file", column: { name: "rivers", index: 1 } });
    const table = report.ranked as {
      distribution: string;
      aic: number;
      bic: number;
      loglik: number;
      weight: number;
      delta_aic: number;
      ks: number;
      params: Record<string, number>;
    }[];
    // Rivers are whole, positive numbers: every family but the beta applies; the count families
    // are ranked apart (probabilities, not densities), each table with its own weights.
    expect(table).toHaveLength(13);
    const counts = report.ranked_counts as typeof table;
    expect(counts.map((r) => r.distribution)).toEqual(["negbin", "geometric", "poisson"]);
    expect(counts[0]?.delta_aic).toBe(0);
    expectRelClose(
      counts.reduce((s, r) => s + r.weight, 0),
      1,
      1e-12,
    );
    // The GEV and the log-logistic (issue 15) edge out the lognormal, R's best of
    // fitdistrplus's families (the GEV's MLE is scipy's genextreme.fit to 1e-7).
    expect(table.slice(0, 4).map((r) => r.distribution)).toEqual([
      "gev",
      "log-logistic",
      "inverse-gaussian",
      "lognormal",
    ]);
    expectRelClose(table[0]?.loglik as number, -985.8699844720165, 1e-10);
    for (let i = 1; i < table.length; i++) {
      expect(table[i]?.aic).toBeGreaterThanOrEqual(table[i - 1]?.aic as number);
    }
    expectRelClose(
      table.reduce((s, r) => s + r.weight, 0),
      1,
      1e-12,
    );
    const lnorm = table[3] as (typeof table)[number];
    // R: lnorm meanlog 6.1758788810975, loglik -996.325488392405.
    expectRelClose(lnorm.params.meanlog as number, 6.1758788810975, 1e-9);
    expectRelClose(lnorm.loglik, -996.325488392405, 1e-9);
    expect(table[0]?.delta_aic).toBe(0);
    const quiet = await runCli([RIVERS, "--dist", "auto", "--quiet"]);
    // The best of each table: the continuous one, then the count one.
    expect(quiet.stdout).toBe("gev\nnegbin\n");
    expectRelClose(
      table[0]?.weight as number,
      1 / table.reduce((s, r) => s + Math.exp(-r.delta_aic / 2), 0),
      1e-12,
    );
  });

  it("--plot overlays the three best families on the histogram", async () => {
    const outcome = await runCli([RIVERS, "--dist", "auto", "--plot", "--ascii"]);
    expect(outcome.code).toBe(0);
    // The legend wraps where the plot's width ends: long names take a second line.
    const legend = outcome.stdout.trimEnd().split("\n").slice(-2).join("\n");
    expect(legend).toMatch(
      /# data, density \(20 bins\) +1 gev +2 log-logistic\n +3 inverse-gaussian$/,
    );
    const single = await runCli([RIVERS, "--dist", "gamma", "--plot", "--ascii", "--seed", "1"]);
    expect(single.stdout).toMatch(/\* SGD fit +o exact MLE\n$/);
  });

  it("--dist with a list compares those families only", async () => {
    const outcome = await runCli([RIVERS, "--dist", "gamma, weibull,lnorm,gamma", "--json"]);
    expect(outcome.code).toBe(0);
    const names = (JSON.parse(outcome.stdout).ranked as { distribution: string }[]).map(
      (r) => r.distribution,
    );
    expect(names).toEqual(["lognormal", "gamma", "weibull"]);
    const outside = await runCli(["--dist", "gamma,normal", "--json"], "x\n-1\n2\n3\n");
    expect(JSON.parse(outside.stdout).not_fitted).toEqual([
      { distribution: "gamma", reason: "the data are outside its support (values above 0)" },
    ]);
    const text = await runCli(["--dist", "gamma,normal"], "x\n-1\n2\n3\n");
    expect(text.stdout).toContain("not fitted, the data are outside their support: gamma");
    expect(text.stdout).toMatch(/^ +1 +normal /m);
    const none = await runCli(["--dist", "gamma,weibull"], "x\n-1\n2\n3\n");
    expect(none.code).toBe(65);
    expect(none.stderr).toBe(
      "mle-fit: <stdin>: none of gamma, weibull accepts these data; families that do: normal, logistic, laplace, cauchy, student-t, gumbel, gev\n",
    );
  });

  it("prints the table and names the families left out, and why", async () => {
    const outcome = await runCli(["--dist", "auto"], "x\n-1.5\n0.25\n2\n3.5\n1\n0.5\n");
    expect(outcome.code).toBe(0);
    expect(unwrap(outcome.stdout)).toMatch(
      /^Families fitted by maximum likelihood to <stdin>, column "x", n = 6, ranked by AIC\n/,
    );
    expect(unwrap(outcome.stdout)).toContain(
      "not fitted, the data are outside their support: lognormal, exponential, gamma, weibull, log-logistic, inverse-gaussian, beta, poisson, negbin, geometric, zip",
    );
    for (const name of ["normal", "logistic", "laplace", "cauchy"]) {
      expect(outcome.stdout).toMatch(new RegExp(`^ +\\d+ +${name} `, "m"));
    }
    // Six values that look Normal: the Student t's df runs off to its limit.
    expect(outcome.stdout).toContain(
      "not fitted, the fit failed: student-t: df grows without bound",
    );
  });
});

describe("--dist auto on data without spread", () => {
  it("fits the one-parameter families, names the others once, and is exit 65 when none fits", async () => {
    const fives = await runCli(["--dist", "auto", "--json"], "5\n5\n5\n");
    expect(fives.code).toBe(0);
    const report = JSON.parse(fives.stdout);
    const names = [...report.ranked, ...report.ranked_counts].map(
      (r: { distribution: string }) => r.distribution,
    );
    expect(names).toEqual(["exponential", "poisson", "geometric"]);
    // The families the data cannot support, each with its reason: the count is no longer lost.
    expect(report.not_fitted).toHaveLength(15);
    expect(report.not_fitted[1]).toEqual({
      distribution: "normal",
      reason: "all 3 values are equal (5): a Normal fit needs values that differ",
    });
    const text = await runCli(["--dist", "auto"], "5\n5\n5\n");
    expect(unwrap(text.stdout)).toContain(
      "not fitted, all 3 values are equal (5): normal, lognormal, gamma, weibull, logistic, laplace, cauchy, student-t, gumbel, gev, log-logistic, inverse-gaussian, negbin, zip\n",
    );
    const zeros = await runCli(["--dist", "auto"], "0\n0\n0\n");
    expect(zeros.code).toBe(65);
    expect(zeros.stderr).toBe(
      "mle-fit: <stdin>: no family can be fitted: all 3 values are equal (0): a Normal fit needs values that differ\n",
    );
  });
});
