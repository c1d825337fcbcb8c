import { LANES, type Lane } from './port-band-model';

/** Where things sit in the port picture, in pixels. */
export const GUTTER = 78;
export const PAD_RIGHT = 10;
export const SEG_H = 20;
export const LANE_H = 20;
export const LANE_TOP = SEG_H + 6;
export const AXIS_Y = LANE_TOP + LANES.length * LANE_H + 4;
export const HEIGHT = AXIS_Y + 18;
/** Marks closer than this many pixels are drawn as one, with a count. */
export const GAP = 18;

export function laneY(lane: Lane): number {
  return LANE_TOP + LANES.indexOf(lane) * LANE_H;
}
