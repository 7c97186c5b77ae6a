import { describe, expect, it } from 'vitest';
import { REGIONS, subtreeOf } from './region-data';

describe('regions', () => {
  it('the city jurisdiction covers its districts, counties and zones but not Hebei', () => {
    const city = subtreeOf(REGIONS, '371500');
    expect(city).toEqual(expect.arrayContaining(['371500', '371502', '371526', '371581', 'Z15001', 'Z15003', '371523']));
    expect(city).not.toContain('130534');
    expect(city).not.toContain('370000');
  });
  it('a county jurisdiction is only itself', () => {
    expect(subtreeOf(REGIONS, '371526')).toEqual(['371526']);
  });
  it('zones are zones and never carry an invented 3715xx code', () => {
    const zones = REGIONS.filter((r) => r.kind === 'zone');
    expect(zones).toHaveLength(3);
    expect(zones.every((z) => !/^3715/.test(z.code))).toBe(true);
  });
  it('an unknown root has an empty jurisdiction', () => {
    expect(subtreeOf(REGIONS, '999999')).toEqual([]);
  });
});
