import { EditOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Form, Input, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { HelpingOfficial, OfficialsPutBody } from '@zhengqi/contracts/project-parts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api-client';
import { FormModal } from '../../app/form-modal';
import { QueryState } from '../../app/list-kit';

type Officials = { officials: HelpingOfficial[]; version: number };
type OfficialValues = { officials: OfficialsPutBody['officials'] };

/** A date picker whose form value is an ISO date string (YYYY-MM-DD) or null. */
export function IsoDateInput({ value, onChange, testId }: { value?: string | null; onChange?: (v: string | null) => void; testId?: string }) {
  return (
    <DatePicker
      value={value === undefined || value === null || value === '' ? null : dayjs(value)}
      onChange={(d: Dayjs | null) => onChange?.(d === null ? null : d.format('YYYY-MM-DD'))}
      style={{ width: '100%' }}
      data-testid={testId}
    />
  );
}

/** The helping officials (帮包领导) of a project; holders of project.write replace the list. */
export function ProjectOfficials({ projectId, canWrite }: { projectId: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const url = `/api/v1/projects/${encodeURIComponent(projectId)}/officials`;
  const query = useQuery({ queryKey: ['project', projectId, 'officials'], queryFn: () => api<Officials>('GET', url) });
  const items = query.data?.officials ?? [];
  const columns: ColumnsType<HelpingOfficial> = [
    { title: t('projectParts.officials.name'), dataIndex: 'name', width: 140 },
    { title: t('projectParts.officials.title2'), dataIndex: 'title' },
    { title: t('projectParts.officials.role'), dataIndex: 'role', width: 140 },
    { title: t('projectParts.officials.since'), dataIndex: 'since', width: 130 },
  ];
  return (
    <Card
      title={t('projectParts.officials.title')}
      size="small"
      extra={canWrite && query.data !== undefined && (
        <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="officials-edit">{t('common.edit')}</Button>
      )}
    >
      <QueryState query={query}>
        <Table<HelpingOfficial> rowKey="id" size="small" columns={columns} dataSource={items} pagination={false} data-testid="project-officials" />
      </QueryState>
      {editing && query.data !== undefined && <OfficialsModal url={url} projectId={projectId} data={query.data} onClose={() => setEditing(false)} />}
    </Card>
  );
}

function OfficialsModal({ url, projectId, data, onClose }: { url: string; projectId: string; data: Officials; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<OfficialValues>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const save = useMutation({
    mutationFn: (v: OfficialValues) => api<Officials>('PUT', url, { officials: v.officials, version: data.version } satisfies OfficialsPutBody),
    onSuccess: async () => {
      void message.success(t('projectParts.officials.done'));
      await qc.invalidateQueries({ queryKey: ['project', projectId] });
      onClose();
    },
  });
  const initial: OfficialValues = { officials: data.officials.map(({ userId, name, title, role, since }) => ({ userId, name, title, role, since })) };
  return (
    <FormModal title={t('projectParts.officials.edit')} width={860} form={form} saving={save.isPending} error={save.error} submitTestId="officials-submit" onClose={onClose}>
      <Form<OfficialValues> form={form} initialValues={initial} onFinish={(v) => save.mutate({ officials: v.officials ?? [] })}>
        <Form.List name="officials">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="start" style={{ display: 'flex' }}>
                  <Form.Item name={[f.name, 'userId']} hidden><Input /></Form.Item>
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, max: 50 }]}>
                    <Input placeholder={t('projectParts.officials.name')} maxLength={50} style={{ width: 130 }} data-testid={`official-name-${f.name}`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'title']} rules={[{ required: true, whitespace: true, max: 100 }]}>
                    <Input placeholder={t('projectParts.officials.title2')} maxLength={100} style={{ width: 220 }} data-testid={`official-title-${f.name}`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'role']} rules={[{ required: true, whitespace: true, max: 50 }]}>
                    <Input placeholder={t('projectParts.officials.role')} maxLength={50} style={{ width: 130 }} data-testid={`official-role-${f.name}`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'since']} rules={[{ required: true }]}>
                    <IsoDateInput testId={`official-since-${f.name}`} />
                  </Form.Item>
                  <Button type="text" icon={<MinusCircleOutlined />} aria-label={t('projectParts.officials.remove')} onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ userId: null, name: '', title: '', role: '', since: dayjs().format('YYYY-MM-DD') })} data-testid="official-add">
                {t('projectParts.officials.add')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </FormModal>
  );
}
