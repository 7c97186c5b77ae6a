import ExcelJS from 'exceljs';
import { FILE_LIMITS } from '@zhengqi/contracts/files';
import { describe, expect, it } from 'vitest';
import { checkUpload, cleanFileName, detectKind, fileLimitReached } from './file-rules';
import { SAMPLE_DOCX, SAMPLE_EXE, SAMPLE_JPEG, SAMPLE_PDF, SAMPLE_PNG, contentTypesXml, zipOf } from './sample-files';

async function realXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('进度').addRow(['月份', '完成投资']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('detectKind: by the bytes, not the name', () => {
  it('recognises every accepted kind', async () => {
    expect(detectKind(SAMPLE_PNG)).toBe('png');
    expect(detectKind(SAMPLE_JPEG)).toBe('jpeg');
    expect(detectKind(SAMPLE_PDF)).toBe('pdf');
    expect(detectKind(SAMPLE_DOCX)).toBe('docx');
    expect(detectKind(await realXlsx())).toBe('xlsx');
    expect(detectKind(Buffer.from('施工便道已修复。\r\nRoad repaired.\tOK\n', 'utf8'))).toBe('text');
    expect(detectKind(Buffer.from('\ufeffwith a byte-order mark', 'utf8'))).toBe('text');
  });

  it('refuses executables, other archives and binary data whatever they are called', () => {
    expect(detectKind(SAMPLE_EXE)).toBeNull();
    expect(detectKind(zipOf({ 'readme.txt': 'not an Office document' }))).toBeNull();
    expect(detectKind(Buffer.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00]))).toBeNull(); // GIF
    expect(detectKind(Buffer.from('text with a NUL\0 inside', 'latin1'))).toBeNull();
    expect(detectKind(Buffer.from([0xc3, 0x28, 0x41]))).toBeNull(); // not UTF-8 (GBK text is refused too)
  });

  it('refuses macro-enabled and template Office files and zips that only pretend', () => {
    const docm = zipOf({ '[Content_Types].xml': contentTypesXml('/word/document.xml', 'application/vnd.ms-word.document.macroEnabled.main+xml') });
    const withMacros = zipOf({
      '[Content_Types].xml': contentTypesXml('/xl/workbook.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml', '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'),
    });
    const template = zipOf({ '[Content_Types].xml': contentTypesXml('/word/document.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml') });
    const both = zipOf({
      '[Content_Types].xml': contentTypesXml('/word/document.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'),
    });
    for (const data of [docm, withMacros, template, both]) {
      expect(detectKind(data)).toBeNull();
    }
  });

  it('survives truncated and corrupt zips without throwing', () => {
    const docx = SAMPLE_DOCX;
    for (const cut of [4, 30, 60, docx.length - 30, docx.length - 1]) {
      expect(detectKind(docx.subarray(0, cut))).toBeNull();
    }
    const corrupt = Buffer.from(docx);
    corrupt.writeUInt32LE(0xffffffff, corrupt.length - 6); // central directory offset past the end
    expect(detectKind(corrupt)).toBeNull();
  });
});

describe('cleanFileName', () => {
  it.each([
    ['现场照片.png', 'png', '现场照片.png'],
    ['C:\\Users\\张三\\Desktop\\现场照片.PNG', 'png', '现场照片.png'],
    ['/etc/passwd', 'text', 'passwd.txt'],
    ['../../报告.pdf', 'pdf', '报告.pdf'],
    ['photo\u202Egnp.exe', 'png', 'photognp.exe.png'],
    ['invoice\u0000.pdf', 'pdf', 'invoice.pdf'],
    ['a<b>:c"d|e?f*.txt', 'text', 'a_b__c_d_e_f_.txt'],
    ['  .hidden  ', 'text', 'hidden.txt'],
    ['...', 'pdf', 'file.pdf'],
    ['', 'jpeg', 'file.jpg'],
    ['scan.JPEG', 'jpeg', 'scan.jpeg'],
    ['报告.pdf', 'png', '报告.pdf.png'],
    ['data.csv', 'text', 'data.csv'],
    ['tabs\tand\nnewlines.txt', 'text', 'tabsandnewlines.txt'],
  ] as const)('%j as %s → %j', (raw, kind, expected) => {
    expect(cleanFileName(raw, kind)).toBe(expected);
  });

  it('keeps the extension when it shortens a long name, counting characters, not bytes', () => {
    const name = cleanFileName(`${'很长的文件名'.repeat(40)}.docx`, 'docx');
    expect(Array.from(name)).toHaveLength(FILE_LIMITS.maxNameLength);
    expect(name.endsWith('.docx')).toBe(true);
  });
});

describe('checkUpload', () => {
  it('accepts a file of exactly the limit and refuses one byte more', () => {
    const atLimit = Buffer.alloc(FILE_LIMITS.maxBytes, 0x61);
    expect(checkUpload(atLimit, 'a.txt')).toEqual({ ok: true, kind: 'text', mime: 'text/plain; charset=utf-8', name: 'a.txt' });
    expect(checkUpload(Buffer.alloc(FILE_LIMITS.maxBytes + 1, 0x61), 'a.txt')).toEqual({ ok: false, code: 'FILE_TOO_LARGE' });
  });

  it('refuses an empty file and an executable renamed .png; names the detected type', () => {
    expect(checkUpload(Buffer.alloc(0), 'a.txt')).toEqual({ ok: false, code: 'FILE_EMPTY' });
    expect(checkUpload(SAMPLE_EXE, 'photo.png')).toEqual({ ok: false, code: 'FILE_TYPE_NOT_ALLOWED' });
    expect(checkUpload(SAMPLE_PNG, 'C:\\fakepath\\现场.png')).toEqual({ ok: true, kind: 'png', mime: 'image/png', name: '现场.png' });
    expect(checkUpload(SAMPLE_PDF, 'report')).toMatchObject({ ok: true, mime: 'application/pdf', name: 'report.pdf' });
  });
});

describe('fileLimitReached', () => {
  it('allows the twentieth file and refuses the twenty-first', () => {
    expect(fileLimitReached(FILE_LIMITS.maxPerEntity - 1)).toBe(false);
    expect(fileLimitReached(FILE_LIMITS.maxPerEntity)).toBe(true);
  });
});
