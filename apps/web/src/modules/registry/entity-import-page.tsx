import { CheckCircleOutlined, DownloadOutlined, FileExcelOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Result, Space, Table, Typography, Upload } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Me } from '@zhengqi/contracts/auth';
import type { ImportReport } from '@zhengqi/contracts/entities';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, upload } from '../../app/api-client';
import { errorText } from '../../app/i18n';
import { ErrorBanner, downloadFromServer, exportRowsToExcel } from '../../app/list-kit';
import './entity-messages';

type ImportMode = ImportReport['mode'];
type RowError = ImportReport['errors'][number];

/** The server prefixes each message with its row (and column); the table shows both already. */
function stripRow(text: string): string {
  return text.replace(/^(?:第 \d+ 行(?:「[^」]*」)?：|Row \d+(?:, [\w.]+)?: )+/, '');
}

/** Excel import of market entities: template, validate, then import all or only the valid rows. */
export function EntityImportPage(_props: { me: Me }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState<ImportMode | 'template' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [imported, setImported] = useState<number | null>(null);

  const fieldLabel = (field: string) => t(`entities.fields.${field}`, { defaultValue: field });
  const messageOf = (e: RowError) => stripRow(en ? e.messageEn : e.message);

  const downloadTemplate = async () => {
    setBusy('template');
    try {
      await downloadFromServer('/api/v1/entities/import-template.xlsx', en ? 'market-entities-template.xlsx' : '市场主体导入模板.xlsx');
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setBusy(null);
    }
  };

  const run = async (mode: ImportMode) => {
    if (file === null) {
      return;
    }
    setBusy(mode);
    setError(null);
    try {
      const r = await upload<ImportReport>(`/api/v1/entities/import?mode=${mode}`, file);
      if (mode === 'validate') {
        setReport(r);
      } else {
        setImported(r.imported);
        setReport(null);
        setFile(null);
        void message.success(t('entities.importPage.done', { count: r.imported }));
        await qc.invalidateQueries({ queryKey: ['entities'] });
      }
    } catch (err) {
      // "Import all" refused because rows became invalid since validation: show the fresh report.
      const fresh = err instanceof ApiError ? (err.problem as { report?: ImportReport }).report : undefined;
      if (fresh !== undefined) {
        setReport(fresh);
      }
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  const confirmValidOnly = () => {
    if (report === null) {
      return;
    }
    void modal.confirm({
      title: t('entities.importPage.confirmValidOnlyTitle'),
      content: t('entities.importPage.confirmValidOnly', { valid: report.validRows, errors: report.errorRows }),
      okText: t('entities.importPage.importValidOnly'),
      cancelText: t('common.cancel'),
      onOk: () => run('valid-only'),
    });
  };

  const downloadReport = async () => {
    if (report === null) {
      return;
    }
    try {
      await exportRowsToExcel(`${t('entities.importPage.reportFile')}.xlsx`, [
        { title: t('entities.importPage.row'), value: (e: RowError) => e.row },
        { title: t('entities.importPage.field'), value: (e: RowError) => fieldLabel(e.field) },
        { title: t('entities.importPage.message'), value: (e: RowError) => messageOf(e) },
        { title: 'code', value: (e: RowError) => e.code },
      ], report.errors);
    } catch (err) {
      void message.error(errorText(err));
    }
  };

  const columns: ColumnsType<RowError> = [
    { title: t('entities.importPage.row'), dataIndex: 'row', width: 70, align: 'right' },
    { title: t('entities.importPage.field'), dataIndex: 'field', width: 200, render: (f: string) => fieldLabel(f) },
    { title: t('entities.importPage.message'), key: 'message', render: (_: unknown, e) => messageOf(e) },
  ];

  const hasErrors = report !== null && report.errorRows > 0;
  return (
    <>
      <div style={{ display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', alignItems: 'center', gap: 8, marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('entities.importPage.title')}</Typography.Title>
        <Link to="/entities">{t('entities.importPage.backToList')}</Link>
      </div>

      {imported !== null && (
        <Result
          status="success"
          title={t('entities.importPage.done', { count: imported })}
          extra={<Link to="/entities" data-testid="import-back">{t('entities.importPage.backToList')}</Link>}
          data-testid="import-done"
        />
      )}

      <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 1000 }}>
        <Card size="small" title={t('entities.importPage.step1')}>
          <Button icon={<FileExcelOutlined />} loading={busy === 'template'} onClick={() => void downloadTemplate()} data-testid="import-template">
            {t('entities.importPage.downloadTemplate')}
          </Button>
        </Card>

        <Card size="small" title={t('entities.importPage.step2')}>
          <Space wrap align="start">
            <Upload
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              maxCount={1}
              fileList={file === null ? [] : [{ uid: 'import-file', name: file.name, status: 'done' }]}
              beforeUpload={(f) => {
                if (!f.name.toLowerCase().endsWith('.xlsx')) {
                  void message.error(t('entities.importPage.xlsxOnly'));
                  return Upload.LIST_IGNORE;
                }
                setFile(f);
                setReport(null);
                setImported(null);
                setError(null);
                return false;
              }}
              onRemove={() => {
                setFile(null);
                setReport(null);
              }}
              data-testid="import-file"
            >
              <Button icon={<UploadOutlined />}>{t('entities.importPage.chooseFile')}</Button>
            </Upload>
            <Button type="primary" disabled={file === null} loading={busy === 'validate'} onClick={() => void run('validate')} data-testid="import-validate">
              {t('entities.importPage.validate')}
            </Button>
          </Space>
        </Card>

        <ErrorBanner error={error} />

        {report !== null && (
          <Card
            size="small"
            title={t('entities.importPage.step3')}
            extra={
              hasErrors && (
                <Button size="small" icon={<DownloadOutlined />} onClick={() => void downloadReport()} data-testid="import-report">
                  {t('entities.importPage.downloadReport')}
                </Button>
              )
            }
          >
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Alert
                type={hasErrors ? 'warning' : 'success'}
                showIcon
                title={t('entities.importPage.totals', { total: report.totalRows, valid: report.validRows, errors: report.errorRows })}
                description={hasErrors ? t('entities.importPage.hasErrors') : t('entities.importPage.noErrors')}
                data-testid="import-summary"
              />
              {hasErrors && (
                <div data-testid="import-errors">
                  <Table<RowError>
                    rowKey={(e) => `${e.row}:${e.field}:${e.code}:${e.message}`}
                    size="small"
                    columns={columns}
                    dataSource={report.errors}
                    pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true, showTotal: (total) => t('common.total', { total }) }}
                  />
                </div>
              )}
              <Space wrap>
                <Button
                  type="primary"
                  icon={<CheckCircleOutlined />}
                  disabled={hasErrors || report.validRows === 0 || busy !== null}
                  loading={busy === 'all'}
                  onClick={() => void run('all')}
                  data-testid="import-all"
                >
                  {t('entities.importPage.importAll')}
                </Button>
                <Button
                  disabled={report.validRows === 0 || busy !== null}
                  loading={busy === 'valid-only'}
                  onClick={confirmValidOnly}
                  data-testid="import-valid-only"
                >
                  {t('entities.importPage.importValidOnly')}
                </Button>
              </Space>
            </Space>
          </Card>
        )}
      </Space>
    </>
  );
}
