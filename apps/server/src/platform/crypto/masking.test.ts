import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { PII_FIELDS, maskNationalId, maskPhone, maskPii } from './masking';

describe('maskNationalId', () => {
  it.each([
    ['371502198001011234', '371502********1234'],
    ['37150219800101123X', '371502********123X'],
    ['  11010519491231002x ', '110105********002x'],
    ['110105491231002', '110105*****1002'],
    ['1234567890', '**********'],
    ['', ''],
  ])('masks %j as %j', (id, masked) => {
    expect(maskNationalId(id)).toBe(masked);
  });

  it('keeps the length, shows at most 6 + 4 characters and is idempotent (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}[\dX]$/), (id) => {
        const masked = maskNationalId(id);
        return (
          masked.length === id.length &&
          masked.startsWith(id.slice(0, 6)) &&
          masked.endsWith(id.slice(-4)) &&
          masked.slice(6, -4) === '********' &&
          maskNationalId(masked) === masked
        );
      }),
    );
  });
});

describe('maskPhone', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['+86 138 1234 5678', '138****5678'],
    ['138-1234-5678', '138****5678'],
    ['0635-8888123', '0635-*****23'],
    ['06358888123', '0635-*****23'],
    ['010-62345678', '010-******78'],
    ['0635-88881234', '0635-******34'],
    ['12345', '*****'],
    ['not a phone', '*********ne'],
  ])('masks %j as %j', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  it('never shows the middle four digits of a mobile and is idempotent (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), (phone) => {
        const masked = maskPhone(phone);
        return masked === `${phone.slice(0, 3)}****${phone.slice(7)}` && maskPhone(masked) === masked;
      }),
    );
  });

  it('is idempotent on landlines', () => {
    expect(maskPhone(maskPhone('0635-8888123'))).toBe('0635-*****23');
  });
});

describe('PII_FIELDS', () => {
  it('names the ID and phone fields', () => {
    for (const field of ['nationalId', 'idNumber', 'phone', 'mobile']) {
      expect(PII_FIELDS).toContain(field);
    }
  });
});

describe('maskPii', () => {
  const id = '371502198001011234';

  it('masks PII fields at any depth and leaves other fields alone', () => {
    const input = {
      name: '张三',
      nationalId: id,
      contact: { phone: '13812345678', email: 'zs@example.cn' },
      guarantors: [{ idNumber: '37150219800101123X', mobile: '13900001111' }],
      count: 3,
    };
    expect(maskPii(input)).toEqual({
      name: '张三',
      nationalId: '371502********1234',
      contact: { phone: '138****5678', email: 'zs@example.cn' },
      guarantors: [{ idNumber: '371502********123X', mobile: '139****1111' }],
      count: 3,
    });
  });

  it('does not change its input', () => {
    const input = { nationalId: id, nested: { phone: '13812345678' } };
    const snapshot = structuredClone(input);
    const out = maskPii(input);
    expect(input).toEqual(snapshot);
    expect(out.nested).not.toBe(input.nested);
  });

  it('matches snake_case, kebab-case and upper-case spellings and suffixes', () => {
    const out = maskPii({
      national_id: id,
      ID_NUMBER: id,
      'contact-phone': '13812345678',
      legalRepPhone: '13812345678',
      applicantNationalId: id,
      tel: '0635-8888123',
    });
    expect(out).toEqual({
      national_id: '371502********1234',
      ID_NUMBER: '371502********1234',
      'contact-phone': '138****5678',
      legalRepPhone: '138****5678',
      applicantNationalId: '371502********1234',
      tel: '0635-*****23',
    });
  });

  it('does not over-match short names as suffixes', () => {
    expect(maskPii({ hotel: 'Shuicheng Hotel', bidNo: 'ZB-2026-001' })).toEqual({ hotel: 'Shuicheng Hotel', bidNo: 'ZB-2026-001' });
  });

  it('masks every leaf under a PII field: arrays, numbers, nested objects', () => {
    expect(maskPii({ phone: ['13812345678', 13900001111], mobile: { home: '13812345678' }, nationalId: null })).toEqual({
      phone: ['138****5678', '139****1111'],
      mobile: { home: '138****5678' },
      nationalId: null,
    });
  });

  it('masks values of Maps with PII keys and copies Dates, Sets and arrays', () => {
    const at = new Date('2026-11-28T01:02:03.004Z');
    const out = maskPii({ at, tags: new Set(['a']), m: new Map([['phone', '13812345678']]) });
    expect(out.at).toEqual(at);
    expect(out.at).not.toBe(at);
    expect(out.tags).toEqual(new Set(['a']));
    expect(out.m.get('phone')).toBe('138****5678');
  });

  it('handles primitives and top-level arrays', () => {
    expect(maskPii('13812345678')).toBe('13812345678');
    expect(maskPii(null)).toBeNull();
    expect(maskPii([{ phone: '13812345678' }])).toEqual([{ phone: '138****5678' }]);
  });

  it('survives cycles', () => {
    type Node = { phone: string; self?: Node };
    const node: Node = { phone: '13812345678' };
    node.self = node;
    const out = maskPii(node);
    expect(out.phone).toBe('138****5678');
    expect(out.self).toBe(out);
  });

  it('keeps an Error readable', () => {
    const error = Object.assign(new Error('lookup failed'), { phone: '13812345678' });
    const out = maskPii({ error }).error;
    expect(out).toBeInstanceOf(Error);
    expect(out.message).toBe('lookup failed');
    expect(out.phone).toBe('138****5678');
  });

  it('leaves no unmasked ID anywhere in the JSON (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-8]\d{16}[\dX]$/), fc.stringMatching(/^1[3-9]\d{9}$/), fc.nat(3), (nationalId, phone, depth) => {
        let value: unknown = { nationalId, phone };
        for (let i = 0; i < depth; i++) {
          value = { child: value, list: [value] };
        }
        const json = JSON.stringify(maskPii(value));
        return !json.includes(nationalId) && !json.includes(phone);
      }),
    );
  });
});
