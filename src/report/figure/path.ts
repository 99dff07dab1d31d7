import type { StepCallback } from "../../fit/sgd-fit.js";
import { nth } from "../../stats/at.js";
import type { ParamPoint } from "./figure-data.js";

/** Points of the SGD path a figure keeps at most: more than a panel's width can show. */
export const PATH_POINTS = 2000;

/**
 * Records the SGD path (the caller adds its start), keeping every k-th of `totalSteps` steps so that at most
 * about `maxPoints` are held however long the fit; the last step is always kept.
 */
export function pathRecorder(
  totalSteps: number,
  maxPoints = PATH_POINTS,
): { onStep: StepCallback; points(start: ParamPoint): ParamPoint[] } {
  const stride = Math.max(1, Math.ceil(totalSteps / maxPoints));
  const points: ParamPoint[] = [];
  let steps = 0;
  let last: ParamPoint | undefined;
  return {
    onStep: (_epoch, _step, params) => {
      steps++;
      const point = { loc: nth(params, 0), scale: nth(params, 1) };
      if (steps % stride === 0) {
        points.push(point);
        last = undefined;
      } else {
        last = point;
      }
    },
    points: (start) => [{ ...start }, ...points, ...(last === undefined ? [] : [last])],
  };
}
