import { describe, expect, it } from 'vitest';
import { contentDisposition } from './download';

describe('contentDisposition', () => {
  it('carries an ASCII stand-in and the UTF-8 name (RFC 5987), escaping what attr-char forbids', () => {
    expect(contentDisposition('现场照片 (1).png')).toBe(`attachment; filename="____ (1).png"; filename*=UTF-8''%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87%20%281%29.png`);
    expect(contentDisposition("it's \"quoted\".txt")).toBe(`attachment; filename="it's _quoted_.txt"; filename*=UTF-8''it%27s%20%22quoted%22.txt`);
    expect(contentDisposition('a.pdf', 'inline')).toBe(`inline; filename="a.pdf"; filename*=UTF-8''a.pdf`);
    expect(contentDisposition('市场主体.xlsx', 'attachment', 'entities.xlsx')).toBe(`attachment; filename="entities.xlsx"; filename*=UTF-8''%E5%B8%82%E5%9C%BA%E4%B8%BB%E4%BD%93.xlsx`);
  });
});
