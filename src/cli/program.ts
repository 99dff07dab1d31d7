import { createRequire } from "node:module";
import { Command, Option } from "commander";
import { CI_METHODS } from "../inference/infer.js";
import { OPTIMIZERS, SCHEDULES } from "../optim/optimizer.js";
import { RESULT_FORMATS } from "../report/results-table.js";
import type { Io } from "./io.js";
import type { CliOptions } from "./options.js";
import * as parse from "./parsers.js";
import { run } from "./run.js";

// By the package's own name, so it resolves the same from src/, dist/ and the bundle.
const { version } = createRequire(import.meta.url)("mle-fit/package.json") as { version: string };

export const HELP_AFTER = `
Data comes from [file], from stdin when it is piped, or is generated (--n,
--loc, --scale; with no input and no flags in a terminal, the blog post's
experiment: 1000 draws from Normal(-4, 2)). CSV, TSV, JSON, JSON Lines and
gzip are read.

Examples:
  $ mle-fit --n 1000 --loc -4 --scale 2       generate seeded data and fit it
  $ mle-fit data.csv --column latency_ms      fit a column of a CSV file
  $ cut -d, -f3 data.csv | mle-fit            fit numbers piped on stdin
  $ mle-fit --seed 7 --json                   a reproducible answer for scripts
  $ mle-fit --n 1000 --literal --quiet        the blog post's exact algorithm
  $ mle-fit --n 1000 --epochs 2               the post's 2 epochs, no more
  $ mle-fit durations.csv --dist auto         which family? (an AIC table)
  $ mle-fit durations.csv --dist gamma        fit a Gamma: shape and rate
  $ mle-fit data.csv --dist t --fix df=3      a t with 3 degrees of freedom
  $ mle-fit data.csv --logpdf 'log(r) - r * x' --start r=1 --positive r
                                              your own log-density
  $ mle-fit log.csv --group-by host --column ms --format csv
                                              one fit per host, a CSV table
  $ mle-fit --dist gamma --param shape=2 --param rate=0.5 --n 1000
                                              generate Gamma data and fit it

Exit codes:
  0   success
  1   internal error (a bug: please report it)
  2   usage: a bad flag or flag value
  3   the fit failed (a non-finite loss or parameter with --literal; try a
      smaller --lr), no maximum exists, or the SGD estimate is farther from the
      exact MLE than --max-gap-se allows
  65  bad data: an invalid value, too few values, no spread, or a value outside
      the --dist family's support (the message names the families that fit)
  66  input missing or unreadable
  73  an output file (--trace, --plot-file) cannot be written
  74  writing the report failed (a full disk)
  130 interrupted by Ctrl-C: the report of the estimate so far was printed
      (a second Ctrl-C ends mle-fit at once)
`;

/** A fresh, fully configured command; `main` runs it, tests drive it in-process. */
export function makeProgram(io: Io): Command {
  const program = new Command("mle-fit")
    .description(
      "Fit a distribution (the Normal, or --dist) by maximum likelihood: minibatch SGD on " +
        "gradients from a scalar autograd engine, beside the exact MLE.",
    )
    .version(version, "-V, --version")
    .argument("[file]", "CSV file to read, or - for stdin")
    .helpOption("-h, --help", "show this help");
  for (const addGroup of [generatedData, input, fit, ownLikelihood, sgd, inference, output]) {
    addGroup(program);
  }
  return program
    .addHelpText("after", HELP_AFTER)
    .action(async (file: string | undefined, options: CliOptions) => {
      const fromCommandLine = Object.keys(options).filter(
        (key) => program.getOptionValueSource(key) === "cli",
      );
      const result = await run(file, { ...options, fromCommandLine }, io);
      io.stdout.write(result.stdout);
      // --quiet is for scripts: the exit code (and --max-gap-se) speak, warnings do not.
      if (options.quiet !== true) {
        for (const warning of result.warnings) io.stderr.write(`mle-fit: ${warning}\n`);
      }
      if (result.failure) throw result.failure;
    });
}

/** --n, --loc, --scale, --param: the data to generate. */
function generatedData(program: Command): void {
  program
    .optionsGroup("Generated data:")
    .option(
      "--n <count>",
      "number of samples to generate (default: 1000)",
      parse.positiveInteger("--n"),
    )
    .option(
      "--loc <number>",
      "true mean of the generated data (default: -4)",
      parse.finiteNumber("--loc"),
    )
    .option(
      "--scale <number>",
      "true standard deviation (default: 2)",
      parse.positiveNumber("--scale"),
    )
    .option(
      "--param <name=value,...>",
      "parameters of the --dist family to generate from: --param shape=2,rate=0.5 (or repeated)",
      parse.param,
    );
}

/** Reading a file or stdin. */
function input(program: Command): void {
  program
    .optionsGroup("Input:")
    .option(
      "--column <name|N>",
      "the column to fit, by header name or 1-based number; a,b,c fits each (a table of results)",
      parse.column,
    )
    .option(
      "--weights <name|N>",
      "a column of frequency weights (0 or more): Σ w log f, as the data repeated w times",
      parse.column,
    )
    .option(
      "--left <name|N>",
      "censored data, as fitdistcens: the lower bound (empty or NA: left-censored); with --right",
      parse.column,
    )
    .option(
      "--right <name|N>",
      "the upper bound (empty or NA: right-censored); equal bounds are an exact value",
      parse.column,
    )
    .option(
      "--event <name|N>",
      "censored data, as Surv(time, event): 1 observed, 0 right-censored; --column is the time",
      parse.column,
    )
    .option(
      "--sql <query>",
      "the data are this query's column (--column, or its first), fitted in DuckDB (which reads " +
        "Parquet: SELECT x FROM 'logs/*.parquet'), or in the --db server",
    )
    .option(
      "--db <url>",
      "a PostgreSQL server (postgresql://user@host/db): --sql or --table runs there, read-only",
    )
    .option(
      "--table <name>",
      "a table (schema.table) of the --db server; --column picks its column",
    )
    .option(
      "--print-sql",
      "print the aggregate queries of the fit instead of running them (Spark SQL, Trino, BigQuery)",
    )
    .option(
      "--group-by <name|N>",
      "one fit per value of this column, in one pass (datamash's groupby): a table of results",
      parse.column,
    )
    .option("--header", "the first line is a header (default: auto)")
    .option("--no-header", "the first line is data")
    .option(
      "--delimiter <char>",
      "field separator, or 'tab' (default: from the first line: comma, tab or semicolon; " +
        "numbers separated by spaces are read as such)",
      parse.delimiter,
    )
    .option("--skip-invalid", "skip invalid values and count them, instead of stopping");
}

/** The family, where to start, and the seed. */
function fit(program: Command): void {
  program
    .optionsGroup("Fit:")
    .option(
      "--dist <name>",
      "family: normal, lognormal, exponential, gamma, weibull, logistic, laplace, cauchy, " +
        "student-t, gumbel, gev, log-logistic, inverse-gaussian, beta, uniform, pareto, " +
        "generalized-pareto (with --fix loc=threshold), poisson, negbin, geometric, zip, " +
        "binomial (with --fix size=N) " +
        "(R's and scipy's names too: lnorm, lognorm, expon, weibull_min, logis, t, gumbel_r, " +
        "genextreme, fisk, llogis, invgauss, unif, gpd, genpareto, pois, nbinom, geom, binom, " +
        "zipois, ...); or auto (or a list, a,b,c): fit every family the data allow, ranked by " +
        "AIC (default: normal)",
      parse.dist,
    )
    .option(
      "--mixture <K>",
      "fit a mixture of K components of the --dist family, Normal by default, counts too (2 to 9; EM from " +
        "seeded starts, then the exact MLE): weights w1..w(K-1), then each component's " +
        "parameters numbered (loc1, scale1, ...); with --dist auto, K Normals join the comparison",
      parse.mixture,
    )
    .option(
      "--fix <name=value,...>",
      "hold parameters of the family at values and fit the others (R's fix.arg): " +
        "--fix loc=0 (several: loc=0,scale=2, or repeated); SE, AIC and BIC count only the free ones",
      parse.fix,
    )
    .option(
      "--init-loc <number>",
      "starting loc of a family that has one (default: its data-based start; the Normal's median)",
      parse.finiteNumber("--init-loc"),
    )
    .option(
      "--init-scale <number>",
      "starting scale of a family that has one (default: its data-based start; the Normal's IQR / 1.349)",
      parse.positiveNumber("--init-scale"),
    )
    .option(
      "--engine <name>",
      "gradients from the compiled kernel, or the plain Value engine (the reference, slow)",
      parse.oneOf("--engine", ["compiled", "value"] as const),
      "compiled",
    )
    .option(
      "--seed <integer>",
      "seed for data and shuffles (default: drawn, and reported)",
      parse.seed,
    );
}

/** Your own log-density instead of a family (distributions/expression/). */
function ownLikelihood(program: Command): void {
  program
    .optionsGroup("Your own likelihood:")
    .option(
      "--logpdf <expr>",
      "fit your own log-density of x, such as 'log(k) - log(s) + (k - 1) * log(x / s) - (x / s)^k' " +
        "(+ - * / ^, log, exp, sqrt, log1p, expm1, abs, lgamma, digamma, logistic, logsumexp, " +
        "and each family's normal_logpdf(x, loc, scale), _logcdf, _logsf); needs --start",
    )
    .option("--logpmf <expr>", "the same for a mass function of counts 0, 1, 2, ...")
    .option(
      "--start <name=value,...>",
      "the parameters of --logpdf or --logpmf, in order, and where the fit starts",
      parse.start,
    )
    .option(
      "--positive <names>",
      "parameters of --logpdf that stay above 0: shape,scale",
      parse.positive,
    )
    .option(
      "--bounds <name=lo:hi,...>",
      "parameters of --logpdf inside (lo, hi): p=0:1",
      parse.bounds,
    );
}

/** How SGD runs: batches, steps, epochs. */
function sgd(program: Command): void {
  program
    .optionsGroup("SGD:")
    .option(
      "--batch-size <count>",
      "samples per SGD step",
      parse.positiveInteger("--batch-size"),
      10,
    )
    .option("--lr <number>", "learning rate", parse.positiveNumber("--lr"), 0.02)
    .option(
      "--epochs <count>",
      "passes over the data, or auto: one SGD epoch, then full-batch steps until the " +
        "score says the estimate is within 0.05 standard errors of the MLE (for data in a " +
        "database: no epoch, the steps from its sample's MLE) (default: auto; 2 with --literal)",
      parse.epochs,
    )
    .option(
      "--optimizer <name>",
      "sgd, momentum (0.9) or adam",
      parse.oneOf("--optimizer", OPTIMIZERS),
      "sgd",
    )
    .option(
      "--schedule <name>",
      "learning rate: constant, or inverse: lr / (1 + t/T), T = max(one epoch, 100 steps)",
      parse.oneOf("--schedule", SCHEDULES),
      "constant",
    )
    .option("--average", "report the average of the iterates over the last half of the steps")
    .option(
      "--literal",
      "the blog post's algorithm exactly: raw parameters from 1, summed loss, 2 epochs",
    );
}

/** Standard errors, intervals, bootstrap, goodness of fit. */
function inference(program: Command): void {
  program
    .optionsGroup("Inference:")
    .option("--level <p>", "confidence level of the intervals", parse.probability("--level"), 0.95)
    .option(
      "--ci <method>",
      "the exact MLE's intervals: wald, or profile (the profile likelihood's, for skewed parameters)",
      parse.oneOf("--ci", CI_METHODS),
      "wald",
    )
    .option(
      "--bootstrap <B>",
      "add percentile intervals from B bootstrap refits",
      parse.positiveInteger("--bootstrap", 1e7),
    )
    .option(
      "--bootstrap-method <name>",
      "parametric (from the fitted family) or nonparametric (resampling the data)",
      parse.oneOf("--bootstrap-method", ["parametric", "nonparametric"] as const),
      "parametric",
    )
    .option(
      "--gof-bootstrap <B>",
      "goodness-of-fit p-values from B parametric bootstrap samples",
      parse.positiveInteger("--gof-bootstrap", 1e7),
    )
    .option(
      "--max-gap-se <x>",
      "exit 3 when the SGD estimate is more than x standard errors from the exact MLE",
      parse.positiveNumber("--max-gap-se"),
    );
}

/** What is printed and written. */
function output(program: Command): void {
  program
    .optionsGroup("Output:")
    .addOption(new Option("--json", "one JSON object, full precision").conflicts("quiet"))
    .option(
      "--format <name>",
      "the table of many fits (--group-by, --column a,b): text, json, jsonl, csv or tsv",
      parse.oneOf("--format", RESULT_FORMATS),
    )
    .option(
      "--quiet",
      "print only the SGD estimates, comma-separated in the family's order (loc,scale for the " +
        "Normal), and no warnings: the exit code speaks",
    )
    .option("--trace <file>", "write one CSV row per step: epoch, step, each parameter, loss")
    .option("--plot", "after the report, a histogram with the fitted densities")
    .option(
      "--plot-file <file>",
      "write a figure: histogram, Q-Q, CDF, P-P, and the SGD path (.svg or .png)",
      parse.figureFile,
    )
    .option(
      "--bins <N>",
      "histogram bins for --plot and --plot-file",
      parse.positiveInteger("--bins", 1000),
      20,
    )
    .option("--ascii", "draw --plot with ASCII characters only")
    .option("--no-timing", "leave timings out, for byte-identical output");
}
