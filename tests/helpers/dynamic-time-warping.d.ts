/** The test oracle has no types; only the part the DTW oracle test and the bench use. */
declare module 'dynamic-time-warping' {
  export default class DynamicTimeWarping<T> {
    constructor(a: T[], b: T[], distance: (x: T, y: T) => number);
    getDistance(): number;
    getPath(): [number, number][];
  }
}
