import type { FigureData } from "./figure-data.js";

/**
 * Colours that stay apart for colour-blind readers (Okabe-Ito): SGD orange, exact MLE green,
 * then a mixture's components or the other families.
 */
const FIT_COLORS = ["#d55e00", "#009e73", "#cc79a7", "#0072b2", "#e69f00", "#000000", "#f0e442"];
const FIT_DASHES = [[], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4], [1, 3], [10, 2]];
const DATA_COLOR = "#56b4e9";
const INK = "#333333";
const PANEL = { width: 300, height: 210 };
// Nested groups do not resize the width and height signals: ranges are spelled out.
const GAP = 70;
// The legends sit in the sixth cell, right of the path panel.
const LEGEND_X = 2 * (PANEL.width + GAP) + 10;
const LEGEND_Y = PANEL.height + GAP + 30;
const X_RANGE = [0, PANEL.width];
const Y_RANGE = [PANEL.height, 0];

type Spec = Record<string, unknown>;

/** A Vega specification of the five panels, data inline: it renders the same with any Vega 6. */
export function figureSpec(figure: FigureData): Spec {
  const fits = [...new Set(figure.densities.map((d) => d.fit))];
  const { surface, cullenFrey } = figure;
  // A fifth panel (the SGD path, or with --dist auto the Cullen and Frey plot): three columns.
  const fifth = surface !== undefined || cullenFrey !== undefined;
  return {
    $schema: "https://vega.github.io/schema/vega/v6.json",
    // What the panels are, the fifth only where there is one (one-parameter families and rows
    // in a database have four).
    description: `${figure.title}: ${
      figure.censored
        ? "the Turnbull estimate of the censored data against the fitted CDFs"
        : "histogram with fitted densities, Q-Q plot, empirical and fitted CDFs, P-P plot"
    }${
      surface !== undefined
        ? ", and the SGD path over the log-likelihood"
        : cullenFrey !== undefined
          ? ", and the Cullen and Frey plot"
          : ""
    }`,
    background: "white",
    padding: 16,
    title: {
      text: figure.title,
      ...(figure.subtitle ? { subtitle: figure.subtitle } : {}),
      anchor: "start",
      fontSize: 15,
      offset: 14,
    },
    config: {
      axis: {
        labelFontSize: 10,
        titleFontSize: 11,
        titleColor: INK,
        grid: true,
        gridOpacity: 0.35,
      },
      title: { fontSize: 12.5, color: INK },
      legend: { labelFontSize: 11, titleFontSize: 11, titleLimit: 400 },
    },
    // Five panels in three columns, the legends in the sixth cell; four panels in two, legend
    // to the right.
    layout: {
      columns: figure.censored ? 2 : fifth ? 3 : 2,
      padding: { row: GAP, column: GAP },
      bounds: "flush",
      align: "all",
    },
    data: [
      { name: "bars", values: figure.bars },
      { name: "densities", values: figure.densities },
      { name: "qq", values: figure.qq },
      { name: "ecdf", values: figure.ecdf },
      { name: "cdfs", values: figure.cdfs },
      { name: "pp", values: figure.pp },
      ...(surface === undefined ? [] : surfaceData(surface)),
      ...(cullenFrey === undefined
        ? []
        : [
            { name: "cfObserved", values: cullenFrey.observed },
            { name: "cfCloud", values: cullenFrey.cloud },
            { name: "cfPoints", values: cullenFrey.points },
            { name: "cfLines", values: cullenFrey.lines },
            { name: "cfLineLabels", values: cullenFrey.lineLabels },
            { name: "cfBeta", values: cullenFrey.beta },
          ]),
      { name: "diagonal", values: [{ v: 0 }, { v: 1 }] },
    ],
    scales: [
      { name: "fit", type: "ordinal", domain: fits, range: FIT_COLORS },
      { name: "dash", type: "ordinal", domain: fits, range: FIT_DASHES },
      {
        name: "drop",
        type: "ordinal",
        domain: surface?.grid.drops ?? [],
        range: {
          scheme: "blues",
          count: Math.max(3, surface?.grid.drops.length ?? 0),
          extent: [0.75, 0.08],
        },
      },
    ],
    legends: [
      {
        stroke: "fit",
        strokeDash: "dash",
        title: surface === undefined ? "family" : "fit",
        ...(!fifth || figure.censored
          ? { orient: "right" }
          : { orient: "none", legendX: LEGEND_X, legendY: LEGEND_Y }),
        symbolType: "stroke",
        symbolStrokeWidth: 2.5,
        labelLimit: 220,
      },
      ...(surface === undefined
        ? []
        : [
            {
              fill: "drop",
              title: ["log-likelihood below its maximum", "(3: the 95% joint confidence region)"],
              ...(figure.censored
                ? { orient: "right" }
                : { orient: "none", legendX: LEGEND_X + 140, legendY: LEGEND_Y }),
              symbolType: "square",
            },
          ]),
    ],
    marks: figure.censored
      ? [
          cdfPanel("Turnbull estimate and fitted CDFs", "linear"),
          ...(surface === undefined ? [] : [pathPanel(surface)]),
        ]
      : [
          densityPanel(figure),
          qqPanel(),
          cdfPanel("Empirical and fitted CDFs", "step-after"),
          ppPanel(),
          ...(surface === undefined ? [] : [pathPanel(surface)]),
          ...(cullenFrey === undefined ? [] : [cullenFreyPanel(cullenFrey.cloud.length > 0)]),
        ],
  };
}

function panel(
  title: string,
  marks: Spec[],
  scales: Spec[],
  axes: [string, string],
  fill?: string,
): Spec {
  return {
    type: "group",
    title: { text: title, anchor: "start", frame: "group" },
    encode: {
      enter: {
        width: { value: PANEL.width },
        height: { value: PANEL.height },
        ...(fill === undefined ? {} : { fill: { value: fill } }),
      },
    },
    scales,
    axes: [
      { orient: "bottom", scale: "x", title: axes[0], tickCount: 6 },
      { orient: "left", scale: "y", title: axes[1], tickCount: 5 },
    ],
    marks,
  };
}

function linear(name: "x" | "y", fields: { data: string; field: string }[], extra: Spec = {}) {
  return {
    name,
    type: "linear",
    domain: { fields },
    range: name === "x" ? X_RANGE : Y_RANGE,
    nice: true,
    zero: false,
    ...extra,
  };
}

/** One line per fit, coloured and dashed by the shared scales. */
function fitLines(data: string, x: string, y: string): Spec {
  return {
    type: "group",
    from: { facet: { name: `${data}-by-fit`, data, groupby: "fit" } },
    marks: [
      {
        type: "line",
        from: { data: `${data}-by-fit` },
        encode: {
          enter: {
            x: { scale: "x", field: x },
            y: { scale: "y", field: y },
            stroke: { scale: "fit", field: "fit" },
            strokeDash: { scale: "dash", field: "fit" },
            strokeWidth: { value: 2 },
          },
        },
      },
    ],
  };
}

function fitPoints(data: string, x: string, y: string): Spec {
  return {
    type: "symbol",
    from: { data },
    encode: {
      enter: {
        x: { scale: "x", field: x },
        y: { scale: "y", field: y },
        stroke: { scale: "fit", field: "fit" },
        strokeWidth: { value: 1 },
        size: { value: 14 },
        opacity: { value: 0.8 },
      },
    },
  };
}

function identityLine(): Spec {
  return {
    type: "rule",
    encode: {
      enter: {
        x: {
          scale: "x",
          signal: "domain('x')[0] > domain('y')[0] ? domain('x')[0] : domain('y')[0]",
        },
        y: {
          scale: "y",
          signal: "domain('x')[0] > domain('y')[0] ? domain('x')[0] : domain('y')[0]",
        },
        x2: {
          scale: "x",
          signal: "domain('x')[1] < domain('y')[1] ? domain('x')[1] : domain('y')[1]",
        },
        y2: {
          scale: "y",
          signal: "domain('x')[1] < domain('y')[1] ? domain('x')[1] : domain('y')[1]",
        },
        stroke: { value: INK },
        strokeWidth: { value: 1 },
      },
    },
  };
}

function densityPanel(figure: FigureData): Spec {
  const bins = figure.bars.length;
  return panel(
    `Histogram and fitted densities (${bins} bins)`,
    [
      {
        type: "rect",
        from: { data: "bars" },
        encode: {
          enter: {
            x: { scale: "x", field: "x0" },
            x2: { scale: "x", field: "x1" },
            y: { scale: "y", field: "density" },
            y2: { scale: "y", value: 0 },
            fill: { value: DATA_COLOR },
            fillOpacity: { value: 0.45 },
            stroke: { value: "white" },
            strokeWidth: { value: 0.5 },
          },
        },
      },
      fitLines("densities", "x", "y"),
    ],
    [
      linear("x", [
        { data: "bars", field: "x0" },
        { data: "bars", field: "x1" },
      ]),
      linear(
        "y",
        [
          { data: "bars", field: "density" },
          { data: "densities", field: "y" },
        ],
        {
          zero: true,
        },
      ),
    ],
    ["data", "density"],
  );
}

function qqPanel(): Spec {
  return panel(
    "Q-Q plot",
    [identityLine(), fitPoints("qq", "theoretical", "empirical")],
    [
      linear("x", [{ data: "qq", field: "theoretical" }]),
      linear("y", [{ data: "qq", field: "empirical" }]),
    ],
    ["theoretical quantiles", "empirical quantiles"],
  );
}

function cdfPanel(title: string, interpolate: "linear" | "step-after"): Spec {
  return panel(
    title,
    [
      {
        type: "line",
        from: { data: "ecdf" },
        encode: {
          enter: {
            x: { scale: "x", field: "x" },
            y: { scale: "y", field: "p" },
            stroke: { value: INK },
            strokeWidth: { value: 1.2 },
            interpolate: { value: interpolate },
          },
        },
      },
      fitLines("cdfs", "x", "p"),
    ],
    [
      linear("x", [
        { data: "ecdf", field: "x" },
        { data: "cdfs", field: "x" },
      ]),
      { name: "y", type: "linear", domain: [0, 1], range: Y_RANGE },
    ],
    ["data", "CDF"],
  );
}

function ppPanel(): Spec {
  return panel(
    "P-P plot",
    [identityLine(), fitPoints("pp", "theoretical", "empirical")],
    [
      { name: "x", type: "linear", domain: [0, 1], range: X_RANGE },
      { name: "y", type: "linear", domain: [0, 1], range: Y_RANGE },
    ],
    ["theoretical probabilities", "empirical probabilities"],
  );
}

/** The path panel's data: the SGD path, its marks, and the contours of the likelihood grid. */
function surfaceData(surface: NonNullable<FigureData["surface"]>): Spec[] {
  const { grid } = surface;
  return [
    { name: "path", values: surface.path },
    { name: "marks", values: surface.marks },
    {
      name: "start",
      source: "marks",
      transform: [{ type: "filter", expr: "datum.label === 'start'" }],
    },
    {
      name: "contours",
      values: [grid],
      transform: [
        {
          type: "isocontour",
          // From the deepest drop, the largest region, so that each smaller one paints over it.
          thresholds: grid.drops.map((d) => -d).reverse(),
          scale: [PANEL.width / grid.width, PANEL.height / grid.height],
        },
        { type: "formula", as: "drop", expr: "-datum.contour.value" },
        { type: "geopath", field: "contour" },
      ],
    },
  ];
}

function pathPanel(surface: NonNullable<FigureData["surface"]>): Spec {
  const { grid } = surface;
  return panel(
    "SGD path over the log-likelihood",
    [
      {
        type: "path",
        from: { data: "contours" },
        encode: {
          enter: {
            path: { field: "path" },
            fill: { scale: "drop", field: "drop" },
          },
        },
      },
      {
        type: "line",
        from: { data: "path" },
        encode: {
          enter: {
            x: { scale: "x", field: "loc" },
            y: { scale: "y", field: "scale" },
            stroke: { value: FIT_COLORS[0] },
            strokeWidth: { value: 1 },
            strokeOpacity: { value: 0.8 },
          },
        },
      },
      {
        type: "symbol",
        from: { data: "marks" },
        encode: {
          enter: {
            x: { scale: "x", field: "loc" },
            y: { scale: "y", field: "scale" },
            shape: { signal: "datum.label === 'start' ? 'circle' : 'cross'" },
            size: { value: 90 },
            fill: {
              signal: `datum.label === 'start' ? '${INK}' : scale('fit', datum.label)`,
            },
            stroke: { value: "white" },
            strokeWidth: { value: 1 },
          },
        },
      },
      {
        type: "text",
        from: { data: "start" },
        encode: {
          enter: {
            x: { scale: "x", field: "loc", offset: 8 },
            y: { scale: "y", field: "scale", offset: -6 },
            text: { field: "label" },
            fontSize: { value: 10 },
            fill: { value: INK },
          },
        },
      },
    ],
    [
      { name: "x", type: "linear", domain: grid.loc, range: X_RANGE, zero: false },
      { name: "y", type: "linear", domain: grid.scale, range: Y_RANGE, zero: false },
    ],
    [surface.names[0], surface.names[1]],
    // Beyond the deepest contour: lighter than the lightest band.
    "#f7fbff",
  );
}

/**
 * fitdistrplus's descdist: the data's (skewness², kurtosis) against the families' points and
 * lines, the beta's region shaded, kurtosis growing downwards as in descdist.
 */
function cullenFreyPanel(withCloud: boolean): Spec {
  const text = (data: string, dx: number, align: string): Spec => ({
    type: "text",
    from: { data },
    encode: {
      enter: {
        x: { scale: "x", field: "b1" },
        y: { scale: "y", field: "b2" },
        text: { field: "label" },
        dx: { value: dx },
        dy: { value: -5 },
        align: { value: align },
        fontSize: { value: 9.5 },
        fill: { value: INK },
      },
    },
  });
  return panel(
    withCloud ? "Cullen and Frey graph, with the bootstrap cloud" : "Cullen and Frey graph",
    [
      {
        type: "area",
        from: { data: "cfBeta" },
        encode: {
          enter: {
            x: { scale: "x", field: "b1" },
            y: { scale: "y", field: "lower" },
            y2: { scale: "y", field: "upper" },
            fill: { value: "#999999" },
            fillOpacity: { value: 0.18 },
          },
        },
      },
      {
        type: "group",
        from: { facet: { name: "cfLine", data: "cfLines", groupby: "label" } },
        marks: [
          {
            type: "line",
            from: { data: "cfLine" },
            sort: { field: "datum.order" },
            encode: {
              enter: {
                x: { scale: "x", field: "b1" },
                y: { scale: "y", field: "b2" },
                stroke: { value: INK },
                strokeWidth: { value: 1.2 },
                strokeDash: { value: [5, 3] },
              },
            },
          },
        ],
      },
      {
        type: "symbol",
        from: { data: "cfCloud" },
        encode: {
          enter: {
            x: { scale: "x", field: "b1" },
            y: { scale: "y", field: "b2" },
            size: { value: 10 },
            fill: { value: "#e69f00" },
            fillOpacity: { value: 0.35 },
          },
        },
      },
      {
        type: "symbol",
        from: { data: "cfPoints" },
        encode: {
          enter: {
            x: { scale: "x", field: "b1" },
            y: { scale: "y", field: "b2" },
            size: { value: 40 },
            shape: { value: "triangle-up" },
            fill: { value: INK },
          },
        },
      },
      text("cfPoints", 6, "left"),
      text("cfLineLabels", -4, "right"),
      {
        type: "symbol",
        from: { data: "cfObserved" },
        encode: {
          enter: {
            x: { scale: "x", field: "b1" },
            y: { scale: "y", field: "b2" },
            size: { value: 90 },
            shape: { value: "circle" },
            fill: { value: "#0072b2" },
            stroke: { value: "white" },
          },
        },
      },
      {
        type: "text",
        from: { data: "cfObserved" },
        encode: {
          enter: {
            x: { scale: "x", field: "b1" },
            y: { scale: "y", field: "b2" },
            text: { value: "data" },
            dx: { value: 7 },
            dy: { value: 12 },
            fontSize: { value: 10 },
            fontWeight: { value: "bold" },
            fill: { value: "#0072b2" },
          },
        },
      },
    ],
    [
      {
        name: "x",
        type: "linear",
        domain: { data: "cfBeta", field: "b1" },
        range: X_RANGE,
        zero: true,
      },
      {
        name: "y",
        type: "linear",
        domain: {
          fields: [
            { data: "cfBeta", field: "upper" },
            { data: "cfBeta", field: "lower" },
            { data: "cfObserved", field: "b2" },
          ],
        },
        // Kurtosis grows downwards, as in descdist.
        range: [0, PANEL.height],
        nice: true,
        zero: false,
      },
    ],
    ["square of skewness", "kurtosis"],
  );
}
