import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Form, Progress, Row, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Me } from '@zhengqi/contracts/auth';
import type { ScreeningHitSchema, ScreeningJob } from '@zhengqi/contracts/loan-applications';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api } from '../../app/api-client';
import { ErrorBanner } from '../../app/list-kit';
import { PageHeader } from '../../app/list-page';
import { RegionSelect, useRegionName } from '../../app/region-select';
import { todayShanghai } from '../../app/shanghai-time';
import { wanText } from './loan-format';
import { IsoDateInput } from './loan-inputs';

type Hit = z.infer<typeof ScreeningHitSchema>;
type ScreeningValues = { date: string; region?: string };

function screeningUrl(id: string): string {
  return `/api/v1/loans/screenings/${encodeURIComponent(id)}`;
}

/**
 * Screening for proactive outreach: the eligibility of the version in force on the date over every
 * entity of the region; a progress bar while the job runs (polled every second), then the eligible
 * entities with their indicative limit and rate range, and the server's Excel file.
 */
export function ScreeningPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const regionName = useRegionName();
  const [form] = Form.useForm<ScreeningValues>();
  const [jobId, setJobId] = useState<string | null>(null);
  const start = useMutation({
    mutationFn: (v: ScreeningValues) => api<ScreeningJob>('POST', '/api/v1/loans/screenings', { productCode: 'stable-employment', date: v.date, ...(v.region === undefined ? {} : { region: v.region }) }),
    onSuccess: (job) => setJobId(job.id),
  });
  const job = useQuery({
    queryKey: ['loans', 'screening', jobId],
    queryFn: () => api<ScreeningJob>('GET', screeningUrl(jobId ?? '')),
    enabled: jobId !== null,
    refetchInterval: (q) => (q.state.data === undefined || q.state.data.state === 'running' ? 1000 : false),
  });
  const j = job.data?.id === jobId ? job.data : undefined;
  const running = start.isPending || (jobId !== null && (j === undefined || j.state === 'running'));
  const percent = j === undefined || j.total === 0 ? 0 : Math.floor((j.checked / j.total) * 100);

  const columns: ColumnsType<Hit> = [
    { title: t('loans.screening.name'), dataIndex: 'name', width: 240, ellipsis: true },
    { title: t('loans.screening.uscc'), dataIndex: 'uscc', width: 190 },
    { title: t('loans.fields.region'), dataIndex: 'regionCode', width: 120, render: (v: string) => regionName(v) },
    { title: t('loans.fields.kind'), dataIndex: 'kind', width: 110, render: (v: Hit['kind']) => t(`loans.kind.${v}`) },
    { title: t('loans.screening.headcount'), dataIndex: 'headcount', width: 90, align: 'right' },
    { title: t('loans.screening.maxLimit'), dataIndex: 'maxLimitFen', width: 140, align: 'right', render: (v: number) => wanText(v, en) },
    { title: t('loans.screening.rateRange'), key: 'rate', width: 130, render: (_: unknown, h) => `${h.rateMin}% – ${h.rateMax}%` },
  ];

  return (
    <>
      <PageHeader title={t('loans.screening.title')}>
        {j?.state === 'done' && j.hits.length > 0 && (
          <Button icon={<DownloadOutlined />} href={`${screeningUrl(j.id)}/xlsx`} download data-testid="screening-download">{t('loans.screening.download')}</Button>
        )}
      </PageHeader>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card size="small">
          <Typography.Paragraph type="secondary">{t('loans.screening.hint')}</Typography.Paragraph>
          <Form<ScreeningValues> form={form} layout="vertical" initialValues={{ date: todayShanghai(me.fakeNow) }} onFinish={(v) => start.mutate(v)}>
            <Row gutter={16} align="bottom">
              <Col xs={24} sm={8} lg={5}>
                <Form.Item name="date" label={t('loans.screening.date')} rules={[{ required: true }]}>
                  <IsoDateInput testId="screening-date" />
                </Form.Item>
              </Col>
              <Col xs={24} sm={10} lg={7}>
                <Form.Item name="region" label={t('loans.screening.region')}>
                  <RegionSelect me={me} allowClear testId="screening-region" />
                </Form.Item>
              </Col>
              <Col xs={24} sm={6} lg={4}>
                <Form.Item>
                  <Button type="primary" htmlType="submit" loading={running} data-testid="screening-start">{t('loans.screening.start')}</Button>
                </Form.Item>
              </Col>
            </Row>
          </Form>
          <ErrorBanner error={start.error ?? job.error} />
          {jobId !== null && (
            <div data-testid="screening-progress">
              <Progress percent={j?.state === 'done' ? 100 : percent} status={j?.state === 'failed' ? 'exception' : j?.state === 'done' ? 'success' : 'active'} />
              <Typography.Text type="secondary">
                {j === undefined || j.state === 'running'
                  ? t('loans.screening.running', { checked: j?.checked ?? 0, total: j?.total ?? 0 })
                  : j.state === 'done'
                    ? t('loans.screening.done', { version: j.productVersion ?? '—', count: j.hits.length })
                    : ''}
              </Typography.Text>
            </div>
          )}
          {j?.state === 'failed' && <Alert type="error" showIcon title={t('loans.screening.failed', { error: j.error ?? '' })} data-testid="screening-failed" />}
        </Card>
        <Card size="small">
          {j?.state !== 'done' ? (
            <Empty description={t('loans.screening.idle')} />
          ) : j.hits.length === 0 ? (
            <Empty description={t('loans.screening.empty')} data-testid="screening-empty" />
          ) : (
            <Table<Hit>
              rowKey="entityId"
              size="small"
              columns={columns}
              dataSource={j.hits}
              pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (total) => t('common.total', { total }) }}
              scroll={{ x: 1020 }}
              data-testid="screening-hits"
            />
          )}
        </Card>
      </Space>
    </>
  );
}
