import './person-messages';
import { ArrowLeftOutlined, EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Space, Typography, type TableColumnsType } from 'antd';
import type { Me } from '@zhengqi/contracts/auth';
import type { Person, PersonCreateBodySchema, RevealBodySchema } from '@zhengqi/contracts/persons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { z } from 'zod';
import { api } from '../../app/api-client';
import { ExportButton } from '../../app/export-button';
import { fieldErrorsOf } from '../../app/form-errors';
import { FormModal } from '../../app/form-modal';
import { ErrorBanner, QueryState, exportListToExcel, usePagedList, type ExportColumn } from '../../app/list-kit';
import { ListSearch, PageHeader, PagedTable } from '../../app/list-page';
import { RegionSelect, useRegionName } from '../../app/region-select';
import { can } from '../../app/session';

type PersonFilters = { q?: string };
const mono = { fontFamily: 'monospace' } as const;

// The clear values live only in this dialog's state (not in the query cache) and vanish when it closes.
function RevealModal({ person, onClose }: { person: Pick<Person, 'id' | 'name'>; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [clear, setClear] = useState<Person | null>(null);

  const submit = async (v: { reason: string }) => {
    setBusy(true);
    setError(null);
    try {
      const body: z.input<typeof RevealBodySchema> = { reason: v.reason.trim() };
      setClear(await api<Person>('POST', `/api/v1/persons/${person.id}/reveal`, body));
    } catch (err) {
      setError(err);
      form.setFields(fieldErrorsOf(err, ['reason'] as const));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={clear === null ? t('persons.revealTitle') : t('persons.revealedTitle', { name: clear.name })}
      onCancel={onClose}
      width={560}
      footer={
        clear === null
          ? [
              <Button key="cancel" onClick={onClose}>{t('common.cancel')}</Button>,
              <Button key="ok" type="primary" loading={busy} onClick={() => form.submit()} data-testid="reveal-confirm">{t('common.confirm')}</Button>,
            ]
          : [<Button key="close" type="primary" onClick={onClose} data-testid="reveal-close">{t('persons.close')}</Button>]
      }
    >
      {clear === null ? (
        <>
          <Typography.Paragraph>
            {person.name} — {t('persons.revealHint')}
          </Typography.Paragraph>
          <ErrorBanner error={error} />
          <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
            <Form.Item
              name="reason"
              label={t('common.reason')}
              rules={[{ required: true, whitespace: true, message: t('persons.reasonMin') }, { min: 4, message: t('persons.reasonMin') }, { max: 500 }]}
            >
              <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('persons.reasonPlaceholder')} data-testid="reveal-reason" autoFocus />
            </Form.Item>
          </Form>
        </>
      ) : (
        <>
          <Alert type="warning" showIcon title={t('persons.revealedAudit')} style={{ marginBottom: 12 }} data-testid="reveal-audit-note" />
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              { key: 'name', label: t('persons.name'), children: clear.name },
              { key: 'id', label: t('persons.nationalId'), children: <Typography.Text copyable style={mono} data-testid="revealed-id">{clear.nationalId}</Typography.Text> },
              { key: 'phone', label: t('persons.phone'), children: <span style={mono} data-testid="revealed-phone">{clear.phone ?? '—'}</span> },
            ]}
          />
        </>
      )}
    </Modal>
  );
}

const CREATE_FIELDS = ['name', 'nationalId', 'phone', 'regionCode'] as const;
type CreateValues = { name: string; nationalId: string; phone?: string; regionCode: string };

function CreatePersonModal({ me, onClose }: { me: Me; onClose: (created?: Person) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<CreateValues>();
  const create = useMutation({
    mutationFn: (v: CreateValues) => {
      const phone = v.phone?.trim() ?? '';
      const body: z.input<typeof PersonCreateBodySchema> = { name: v.name.trim(), nationalId: v.nationalId.trim().toUpperCase(), regionCode: v.regionCode, ...(phone === '' ? {} : { phone }) };
      return api<Person>('POST', '/api/v1/persons', body);
    },
    onSuccess: async (p) => {
      void message.success(t('persons.created', { name: p.name }));
      await qc.invalidateQueries({ queryKey: ['persons'] });
      onClose(p);
    },
    onError: (err) => form.setFields(fieldErrorsOf(err, CREATE_FIELDS)),
  });
  return (
    <FormModal
      title={t('persons.createTitle')}
      width={560}
      form={form}
      saving={create.isPending}
      error={create.error}
      submitTestId="person-form-submit"
      onClose={() => onClose()}
    >
      <Form form={form} layout="vertical" initialValues={{ regionCode: me.jurisdiction.code }} onFinish={(v) => create.mutate(v)}>
        <Form.Item name="name" label={t('persons.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input maxLength={100} data-testid="person-form-name" />
        </Form.Item>
        <Form.Item name="nationalId" label={t('persons.nationalId')} extra={t('persons.nationalIdHint')} rules={[{ required: true, whitespace: true, min: 15, max: 20 }]}>
          <Input maxLength={20} style={mono} autoComplete="off" data-testid="person-form-national-id" />
        </Form.Item>
        <Form.Item name="phone" label={t('persons.phone')} rules={[{ max: 30 }]}>
          <Input maxLength={30} style={mono} autoComplete="off" data-testid="person-form-phone" />
        </Form.Item>
        <Form.Item name="regionCode" label={t('persons.region')} rules={[{ required: true }]}>
          <RegionSelect me={me} testId="person-form-region" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

/** 人员 Persons: search by name or an exact ID / phone number, masked values, reveal with a reason, register, export. */
export function PersonListPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const regionName = useRegionName();
  const list = usePagedList<Person, PersonFilters>('persons', '/api/v1/persons', {});
  const [revealing, setRevealing] = useState<Person | null>(null);
  const [creating, setCreating] = useState(false);
  const mayReveal = can(me, 'pii.read');

  const columns: TableColumnsType<Person> = [
    { title: t('persons.name'), dataIndex: 'name', key: 'name', render: (_, p) => <Link to={`/persons/${p.id}`}>{p.name}</Link> },
    { title: t('persons.nationalId'), dataIndex: 'nationalId', key: 'nationalId', width: 200, render: (_, p) => <span style={mono}>{p.nationalId}</span> },
    { title: t('persons.phone'), dataIndex: 'phone', key: 'phone', width: 150, render: (_, p) => <span style={mono}>{p.phone ?? '—'}</span> },
    { title: t('persons.region'), dataIndex: 'regionCode', key: 'regionCode', width: 160, render: (_, p) => regionName(p.regionCode) },
    {
      title: t('common.actions'), key: 'actions', width: mayReveal ? 190 : 80, fixed: 'right',
      render: (_, p) => (
        <Space size={0}>
          <Button size="small" type="link" onClick={() => void navigate(`/persons/${p.id}`)}>{t('common.detail')}</Button>
          {mayReveal && (
            <Button size="small" type="link" icon={<EyeOutlined />} onClick={() => setRevealing(p)} data-testid="person-reveal">
              {t('persons.reveal')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  // Exports carry the masked values only: a clear value is never written to a file.
  const exportColumns: ReadonlyArray<ExportColumn<Person>> = [
    { title: t('persons.name'), value: (p) => p.name },
    { title: t('persons.nationalId'), value: (p) => p.nationalId },
    { title: t('persons.phone'), value: (p) => p.phone },
    { title: t('persons.region'), value: (p) => `${regionName(p.regionCode)} (${p.regionCode})` },
  ];
  const doExport = () => exportListToExcel('/api/v1/persons', list.filters, t('persons.exportFile'), exportColumns);

  return (
    <>
      <PageHeader title={t('persons.title')}>
        <ExportButton onExport={doExport} testId="person-export" />
        {can(me, 'person.write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="person-create">
            {t('persons.create')}
          </Button>
        )}
      </PageHeader>
      <Space wrap style={{ marginBottom: 12 }}>
        <ListSearch placeholder={t('persons.searchPlaceholder')} width={340} testId="person-search" onSearch={(q) => list.setFilters({ q })} />
        <Typography.Text type="secondary">{t('persons.maskedNote')}</Typography.Text>
      </Space>
      <PagedTable list={list} columns={columns} scrollX={800} testId="person-table" />
      {revealing !== null && <RevealModal person={revealing} onClose={() => setRevealing(null)} />}
      {creating && (
        <CreatePersonModal
          me={me}
          onClose={(p) => {
            setCreating(false);
            if (p !== undefined) {
              void navigate(`/persons/${p.id}`);
            }
          }}
        />
      )}
    </>
  );
}

/** One person, masked; a holder of pii.read may show the clear values with a reason. */
export function PersonDetailPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const regionName = useRegionName();
  const { id = '' } = useParams();
  const [revealing, setRevealing] = useState(false);
  const person = useQuery({ queryKey: ['persons', 'one', id], queryFn: () => api<Person>('GET', `/api/v1/persons/${id}`), enabled: id !== '' });
  const p = person.data;

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate('/persons')}>{t('common.back')}</Button>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('persons.detailTitle')}{p === undefined ? '' : ` · ${p.name}`}
        </Typography.Title>
      </Space>
      <QueryState query={person}>
        {p !== undefined && (
          <Card
            size="small"
            extra={
              can(me, 'pii.read') && (
                <Button icon={<EyeOutlined />} onClick={() => setRevealing(true)} data-testid="person-reveal">
                  {t('persons.reveal')}
                </Button>
              )
            }
            title={<Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>{t('persons.maskedNote')}</Typography.Text>}
          >
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              bordered
              items={[
                { key: 'name', label: t('persons.name'), children: p.name },
                { key: 'region', label: t('persons.region'), children: `${regionName(p.regionCode)} (${p.regionCode})` },
                { key: 'nationalId', label: t('persons.nationalId'), children: <span style={mono} data-testid="person-national-id">{p.nationalId}</span> },
                { key: 'phone', label: t('persons.phone'), children: <span style={mono}>{p.phone ?? '—'}</span> },
                { key: 'id', label: 'ID', children: <Typography.Text type="secondary" style={mono}>{p.id}</Typography.Text> },
              ]}
            />
          </Card>
        )}
      </QueryState>
      {revealing && p !== undefined && <RevealModal person={p} onClose={() => setRevealing(false)} />}
    </>
  );
}
