import { describe, expect, it } from 'vitest';
import {
  distanceIn,
  elevationIn,
  formatDistance,
  formatDuration,
  formatElevation,
  formatMinSec,
  formatPace,
  formatSpeed,
  formatSwimPace,
  formatTemperature,
  NO_VALUE,
  paceIn,
  parseUnitSystem,
  speedIn,
} from './units.js';

describe('units: distance', () => {
  it('formats km and mi', () => {
    expect(formatDistance(10_000, 'metric')).toBe('10.00 km');
    expect(formatDistance(1609.344, 'imperial')).toBe('1.00 mi');
    expect(formatDistance(42_195, 'imperial')).toBe('26.22 mi');
    expect(formatDistance(160_934.4, 'metric')).toBe('160.9 km');
  });
  it('converts raw values for charts', () => {
    expect(distanceIn(5000, 'metric')).toBe(5);
    expect(distanceIn(M(3), 'imperial')).toBeCloseTo(3, 10);
  });
  it('shows a dash for missing values', () => {
    expect(formatDistance(null, 'metric')).toBe(NO_VALUE);
    expect(formatDistance(undefined, 'imperial')).toBe(NO_VALUE);
    expect(formatDistance(Number.NaN, 'metric')).toBe(NO_VALUE);
  });
});

function M(miles: number): number {
  return miles * 1609.344;
}

describe('units: speed and pace', () => {
  it('formats speed', () => {
    expect(formatSpeed(10, 'metric')).toBe('36.0 km/h');
    expect(formatSpeed(10, 'imperial')).toBe('22.4 mph');
    expect(speedIn(1, 'metric')).toBeCloseTo(3.6);
  });
  it('formats pace per km and per mi', () => {
    // 5:00 /km = 1000 m / 300 s
    expect(formatPace(1000 / 300, 'metric')).toBe('5:00 /km');
    // the same speed per mile: 1609.344 / (1000/300) = 482.8 s = 8:03
    expect(formatPace(1000 / 300, 'imperial')).toBe('8:03 /mi');
  });
  it('never prints 60 seconds', () => {
    expect(formatMinSec(359.6)).toBe('6:00');
    expect(formatMinSec(59.4)).toBe('0:59');
  });
  it('has no pace when standing still', () => {
    expect(paceIn(0, 'metric')).toBeNull();
    expect(paceIn(0.2, 'metric')).toBeNull();
    expect(formatPace(0, 'metric')).toBe(NO_VALUE);
    expect(formatPace(null, 'imperial')).toBe(NO_VALUE);
  });
  it('formats swim pace per 100 m / 100 yd', () => {
    expect(formatSwimPace(1, 'metric')).toBe('1:40 /100 m');
    expect(formatSwimPace(1, 'imperial')).toBe('1:31 /100 yd');
  });
});

describe('units: elevation and temperature', () => {
  it('formats elevation in m and ft', () => {
    expect(formatElevation(100, 'metric')).toBe('100 m');
    expect(formatElevation(100, 'imperial')).toBe('328 ft');
    expect(elevationIn(0.3048, 'imperial')).toBeCloseTo(1);
    expect(formatElevation(null, 'metric')).toBe(NO_VALUE);
  });
  it('formats temperature in °C and °F', () => {
    expect(formatTemperature(20, 'metric')).toBe('20 °C');
    expect(formatTemperature(20, 'imperial')).toBe('68 °F');
    expect(formatTemperature(-40, 'imperial')).toBe('-40 °F');
  });
});

describe('units: duration and preference parsing', () => {
  it('formats durations', () => {
    expect(formatDuration(3600)).toBe('1:00:00');
    expect(formatDuration(3723)).toBe('1:02:03');
    expect(formatDuration(2527)).toBe('42:07');
    expect(formatDuration(5)).toBe('0:05');
    expect(formatDuration(null)).toBe(NO_VALUE);
  });
  it('falls back to metric for unknown stored values', () => {
    expect(parseUnitSystem('imperial')).toBe('imperial');
    expect(parseUnitSystem('metric')).toBe('metric');
    expect(parseUnitSystem(null)).toBe('metric');
    expect(parseUnitSystem('furlongs')).toBe('metric');
  });
});
