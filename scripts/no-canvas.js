// vega-canvas without node-canvas: Vega then measures text by its built-in estimate, and renders
// SVG as usual. Only the PNG and canvas renderers need a canvas, and mle-fit uses neither.
export const canvas = () => null;
export const domCanvas = () => null;
export const nodeCanvas = () => null;
export const image = () => null;
