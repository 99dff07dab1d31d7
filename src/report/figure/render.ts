import { createRequire } from "node:module";
import type * as Vega from "vega";
import { UsageError } from "../../errors.js";

type VegaApi = Pick<typeof Vega, "parse" | "View">;

/**
 * Vega, from the build's CommonJS bundle of it (scripts/vega-entry.js), by the package's own name
 * so that src/, dist/ and the command's bundle all find it. Loaded on the first figure only: the
 * default command never pays for it.
 */
function loadVega(): VegaApi {
  return createRequire(import.meta.url)("mle-fit/internal/vega") as VegaApi;
}

/** A Vega specification rendered headless to SVG text; any error Vega logs fails the render. */
export async function renderSvg(spec: Vega.Spec): Promise<string> {
  const vega = loadVega();
  const errors: unknown[] = [];
  const logger = quietLogger((error) => errors.push(error));
  const view = new vega.View(vega.parse(spec), { renderer: "none", logger });
  const svg = await view.toSVG();
  view.finalize();
  if (errors.length > 0) throw new Error(`the figure failed to render: ${String(errors[0])}`);
  return `${withTitle(svg, spec.description)}\n`;
}

/**
 * The description as the SVG's <title>, which screen readers and file viewers show; Vega's SVG
 * renderer leaves the root without one.
 */
function withTitle(svg: string, description: string | undefined): string {
  if (description === undefined) return svg;
  const escaped = description.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const rootEnd = svg.indexOf(">") + 1;
  return `${svg.slice(0, rootEnd)}<title>${escaped}</title>${svg.slice(rootEnd)}`;
}

/** A Vega logger that keeps errors and drops warnings and chatter. */
function quietLogger(onError: (error: unknown) => void): Vega.LoggerInterface {
  const logger: Vega.LoggerInterface = {
    level: ((_?: number) => (_ === undefined ? 1 : logger)) as Vega.LoggerInterface["level"],
    error: (...args: readonly unknown[]) => {
      onError(args[0]);
      return logger;
    },
    warn: () => logger,
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

/**
 * SVG text rendered to PNG by resvg (a Rust renderer shipped as prebuilt binaries, nothing to
 * compile) with the system's fonts; text needs a sans-serif font installed (DejaVu on Debian).
 */
export function svgToPng(svg: string, zoom = 2): Buffer {
  const { Resvg } = loadResvg();
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: zoom },
    font: {
      loadSystemFonts: true,
      defaultFontFamily: "DejaVu Sans",
      sansSerifFamily: "DejaVu Sans",
    },
  });
  return resvg.render().asPng();
}

/** The optional package that writes PNG, or a one-line usage error naming it when it is missing. */
function loadResvg(): typeof import("@resvg/resvg-js") {
  try {
    return createRequire(import.meta.url)("@resvg/resvg-js") as typeof import("@resvg/resvg-js");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw error;
    throw new UsageError(PNG_NEEDS_RESVG);
  }
}

export const PNG_NEEDS_RESVG =
  "a PNG figure needs the optional package @resvg/resvg-js (npm install @resvg/resvg-js), or write .svg";

/** Whether PNG can be written here: asked before a fit, so a missing package fails at once. */
export function pngAvailable(): boolean {
  try {
    createRequire(import.meta.url).resolve("@resvg/resvg-js");
    return true;
  } catch {
    return false;
  }
}
