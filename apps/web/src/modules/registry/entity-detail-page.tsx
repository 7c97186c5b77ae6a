import { ArrowLeftOutlined, DownloadOutlined, EditOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Me } from '@zhengqi/contracts/auth';
import { ENTITY_KIND_LABELS, ENTITY_TAGS, INDUSTRY_SECTIONS, SIZE_CLASS_LABELS, type EntityDetail } from '@zhengqi/contracts/entities';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api } from '../../app/api-client';
import { errorText } from '../../app/i18n';
import { QueryState, exportRowsToExcel } from '../../app/list-kit';
import { regionLabel, useJurisdictionRegions } from '../../app/region-select';
import { can } from '../../app/session';
import { formatShanghai } from '../../app/shanghai-time';
import { pick } from './entity-messages';
import { HeadcountChart } from './headcount-chart';

type PaymentRecord = EntityDetail['paymentRecords'][number];
type PaymentStatus = PaymentRecord['wages'];

const STATUS_COLOR: Record<PaymentStatus, string> = { on_time: 'green', late: 'orange', unpaid: 'red' };

/** The detail query, shared with the edit form so both read one cache entry. */
export function useEntity(id: string | undefined) {
  return useQuery({
    queryKey: ['entity', id],
    queryFn: () => api<EntityDetail>('GET', `/api/v1/entities/${encodeURIComponent(id ?? '')}`),
    enabled: id !== undefined,
  });
}

/** One market entity: every field, the monthly headcount chart and the wage / social-insurance record. */
export function EntityDetailPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { id } = useParams();
  const query = useEntity(id);
  const { regions } = useJurisdictionRegions(me);
  const e = query.data;

  const statusTag = (s: PaymentStatus) => <Tag color={STATUS_COLOR[s]}>{t(`entities.status.${s}`)}</Tag>;
  const payments = [...(e?.paymentRecords ?? [])].sort((a, b) => b.month.localeCompare(a.month));
  const paymentColumns: ColumnsType<PaymentRecord> = [
    { title: t('entities.detail.month'), dataIndex: 'month', width: 100 },
    { title: t('entities.detail.wages'), dataIndex: 'wages', render: statusTag },
    { title: t('entities.detail.socialInsurance'), dataIndex: 'socialInsurance', render: statusTag },
  ];
  const exportPayments = async () => {
    if (e === undefined) {
      return;
    }
    try {
      await exportRowsToExcel(`${e.name}-${t('entities.detail.paymentsFile')}.xlsx`, [
        { title: t('entities.detail.month'), value: (r: PaymentRecord) => r.month },
        { title: t('entities.detail.wages'), value: (r: PaymentRecord) => t(`entities.status.${r.wages}`) },
        { title: t('entities.detail.socialInsurance'), value: (r: PaymentRecord) => t(`entities.status.${r.socialInsurance}`) },
      ], payments);
    } catch (err) {
      void message.error(errorText(err));
    }
  };

  const region = regions.find((r) => r.code === e?.regionCode);
  return (
    <>
      <div style={{ display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', alignItems: 'center', gap: 8, marginBottom: 12 }}>
        <Space wrap>
          <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate('/entities')} aria-label={t('common.back')} />
          <Typography.Title level={4} style={{ margin: 0 }}>{e?.name ?? t('entities.detail.title')}</Typography.Title>
        </Space>
        {e !== undefined && can(me, 'entity.write') && (
          <Button type="primary" icon={<EditOutlined />} onClick={() => void navigate(`/entities/${e.id}/edit`)} data-testid="entity-edit">
            {t('common.edit')}
          </Button>
        )}
      </div>
      <QueryState query={query}>
        {e !== undefined && (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {e.usccCheckOverridden && (
              <Alert type="warning" showIcon title={`${t('entities.detail.overridden')}${en ? ': ' : '：'}${e.usccOverrideReason ?? ''}`} />
            )}
            <Card size="small">
              <Descriptions
                size="small"
                bordered
                column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 3, xxl: 3 }}
                items={[
                  { key: 'uscc', label: t('entities.fields.uscc'), children: <Typography.Text copyable style={{ fontFamily: 'monospace' }}>{e.uscc}</Typography.Text> },
                  { key: 'name', label: t('entities.fields.name'), children: e.name },
                  { key: 'kind', label: t('entities.fields.kind'), children: pick(ENTITY_KIND_LABELS[e.kind], en) },
                  { key: 'foundedOn', label: t('entities.fields.foundedOn'), children: e.foundedOn },
                  { key: 'region', label: t('entities.fields.regionCode'), children: `${region === undefined ? e.regionName : regionLabel(region, en)} (${e.regionCode})` },
                  { key: 'industry', label: t('entities.fields.industrySection'), children: `${e.industrySection} ${pick(INDUSTRY_SECTIONS[e.industrySection], en)}` },
                  { key: 'size', label: t('entities.fields.sizeClass'), children: pick(SIZE_CLASS_LABELS[e.sizeClass], en) },
                  { key: 'headcount', label: t('entities.fields.latestHeadcount'), children: e.latestHeadcount ?? '—' },
                  {
                    key: 'tags',
                    label: t('entities.fields.tags'),
                    children: e.tags.length === 0 ? '—' : (
                      <Space size={[0, 4]} wrap>
                        {e.tags.map((tag) => <Tag key={tag} color="blue">{pick(ENTITY_TAGS[tag], en)}</Tag>)}
                      </Space>
                    ),
                  },
                  ...(e.usccCheckOverridden ? [{ key: 'reason', label: t('entities.fields.usccOverrideReason'), children: e.usccOverrideReason ?? '—' }] : []),
                  { key: 'createdAt', label: t('entities.fields.createdAt'), children: formatShanghai(e.createdAt) },
                  { key: 'updatedAt', label: t('entities.fields.updatedAt'), children: formatShanghai(e.updatedAt) },
                ]}
              />
            </Card>
            <Card size="small" title={t('entities.detail.headcountTitle')}>
              <HeadcountChart data={e.headcounts} />
            </Card>
            <Card
              size="small"
              title={t('entities.detail.paymentsTitle')}
              extra={
                <Button size="small" icon={<DownloadOutlined />} disabled={payments.length === 0} onClick={() => void exportPayments()} data-testid="entity-payments-export">
                  {t('common.export')}
                </Button>
              }
            >
              <Table<PaymentRecord>
                rowKey="month"
                size="small"
                columns={paymentColumns}
                dataSource={payments}
                pagination={payments.length > 12 ? { pageSize: 12, showSizeChanger: false } : false}
                data-testid="entity-payments"
              />
            </Card>
          </Space>
        )}
      </QueryState>
    </>
  );
}
