import { EditOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PARTY_KINDS, PARTY_KIND_LABELS, type Party, type PartyKind, type PartiesPutBody } from '@zhengqi/contracts/project-parts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../app/api-client';
import { FormModal } from '../../app/form-modal';
import { errorText, i18n } from '../../app/i18n';
import { QueryState } from '../../app/list-kit';
import { IsoDateInput } from './project-officials';
import { pick } from './project-messages';

type Parties = { parties: Party[]; version: number };
type Slot = { unitName?: string; uscc?: string; responsiblePerson?: string; licenceNumber?: string; authorisedOn?: string | null; commitmentOn?: string | null };
type PartyValues = { slots: Slot[] };
type Row = { kind: PartyKind; party: Party | undefined };

const SLOT_FIELDS = ['unitName', 'uscc', 'responsiblePerson', 'licenceNumber', 'authorisedOn', 'commitmentOn'] as const;

/** The five responsible parties (五方责任主体): one slot per kind; holders of project.write replace them. */
export function ProjectParties({ projectId, canWrite }: { projectId: string; canWrite: boolean }) {
  const { t, i18n: { language } } = useTranslation();
  const en = language === 'en';
  const [editing, setEditing] = useState(false);
  const url = `/api/v1/projects/${encodeURIComponent(projectId)}/parties`;
  const query = useQuery({ queryKey: ['project', projectId, 'parties'], queryFn: () => api<Parties>('GET', url) });
  const rows: Row[] = PARTY_KINDS.map((kind) => ({ kind, party: query.data?.parties.find((p) => p.kind === kind) }));
  const dash = (v: string | null | undefined) => (v === undefined || v === null || v === '' ? '—' : v);
  const columns: ColumnsType<Row> = [
    { title: t('projectParts.parties.kind'), key: 'kind', width: 110, render: (_, r) => pick(PARTY_KIND_LABELS[r.kind], en) },
    { title: t('projectParts.parties.unit'), key: 'unit', render: (_, r) => dash(r.party?.unitName) },
    { title: t('projectParts.parties.uscc'), key: 'uscc', width: 190, render: (_, r) => dash(r.party?.uscc) },
    {
      title: t('projectParts.parties.person'),
      key: 'person',
      width: 170,
      render: (_, r) => (r.party === undefined ? '—' : `${r.party.responsiblePerson}（${en ? PARTY_KIND_LABELS[r.kind].personEn : PARTY_KIND_LABELS[r.kind].personZh}）`),
    },
    { title: t('projectParts.parties.licence'), key: 'licence', width: 150, render: (_, r) => dash(r.party?.licenceNumber) },
    { title: t('projectParts.parties.authorisedOn'), key: 'auth', width: 120, render: (_, r) => dash(r.party?.authorisedOn) },
    { title: t('projectParts.parties.commitmentOn'), key: 'commit', width: 140, render: (_, r) => dash(r.party?.commitmentOn) },
  ];
  return (
    <Card
      title={t('projectParts.parties.title')}
      size="small"
      extra={canWrite && query.data !== undefined && (
        <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="parties-edit">{t('common.edit')}</Button>
      )}
    >
      <QueryState query={query}>
        <Table<Row> rowKey="kind" size="small" columns={columns} dataSource={rows} pagination={false} scroll={{ x: 1000 }} data-testid="project-parties" />
      </QueryState>
      {editing && query.data !== undefined && <PartiesModal url={url} projectId={projectId} data={query.data} onClose={() => setEditing(false)} />}
    </Card>
  );
}

/** The slots sent (those with a unit name), with the kind index of each, so `parties.N.field` errors land on the right row. */
function toBody(v: PartyValues, version: number): { body: PartiesPutBody; kindIndex: number[] } {
  const parties: PartiesPutBody['parties'] = [];
  const kindIndex: number[] = [];
  PARTY_KINDS.forEach((kind, i) => {
    const s = v.slots[i] ?? {};
    if ((s.unitName ?? '').trim() === '') {
      return;
    }
    kindIndex.push(i);
    parties.push({
      kind,
      unitName: s.unitName ?? '',
      uscc: s.uscc ?? '',
      responsiblePerson: s.responsiblePerson ?? '',
      licenceNumber: s.licenceNumber ?? '',
      authorisedOn: s.authorisedOn ?? null,
      commitmentOn: s.commitmentOn ?? null,
    });
  });
  return { body: { parties, version }, kindIndex };
}

function PartiesModal({ url, projectId, data, onClose }: { url: string; projectId: string; data: Parties; onClose: () => void }) {
  const { t, i18n: { language } } = useTranslation();
  const en = language === 'en';
  const [form] = Form.useForm<PartyValues>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const sentIndex = useRef<number[]>([]);
  const save = useMutation({
    mutationFn: (v: PartyValues) => {
      const { body, kindIndex } = toBody(v, data.version);
      sentIndex.current = kindIndex;
      return api<Parties>('PUT', url, body);
    },
    onSuccess: async () => {
      void message.success(t('projectParts.parties.done'));
      await qc.invalidateQueries({ queryKey: ['project', projectId] });
      onClose();
    },
    onError: (err) => {
      if (!(err instanceof ApiError)) {
        return;
      }
      const lang = i18n.language === 'en';
      const fields: Array<{ name: ['slots', number, (typeof SLOT_FIELDS)[number]]; errors: string[] }> = [];
      // Validation errors come as `errors[]`; domain errors (USCC form, duplicate kind) as the single `field`.
      const raw = (err.problem.errors ?? []).map((e) => ({ field: e.field, text: lang ? e.messageEn : e.message }));
      if (raw.length === 0 && err.problem.field !== undefined) {
        raw.push({ field: err.problem.field, text: errorText(err) });
      }
      for (const e of raw) {
        const m = /^parties\.(\d+)\.(\w+)$/.exec(e.field);
        const slot = m === null ? undefined : sentIndex.current[Number(m[1])];
        const field = SLOT_FIELDS.find((f) => f === m?.[2]);
        if (slot !== undefined && field !== undefined) {
          const text = e.text;
          const prev = fields.find((f) => f.name[1] === slot && f.name[2] === field);
          if (prev === undefined) {
            fields.push({ name: ['slots', slot, field], errors: [text] });
          } else {
            prev.errors.push(text);
          }
        }
      }
      form.setFields(fields);
    },
  });
  const initial: PartyValues = {
    slots: PARTY_KINDS.map((kind) => {
      const p = data.parties.find((x) => x.kind === kind);
      return p === undefined ? {} : { unitName: p.unitName, uscc: p.uscc, responsiblePerson: p.responsiblePerson, licenceNumber: p.licenceNumber, authorisedOn: p.authorisedOn, commitmentOn: p.commitmentOn };
    }),
  };
  const columns: ColumnsType<PartyKind> = [
    { title: t('projectParts.parties.kind'), key: 'kind', width: 100, render: (_, k) => pick(PARTY_KIND_LABELS[k], en) },
    ...SLOT_FIELDS.map((field) => ({
      title: t(`projectParts.parties.${({ unitName: 'unit', uscc: 'uscc', responsiblePerson: 'person', licenceNumber: 'licence', authorisedOn: 'authorisedOn', commitmentOn: 'commitmentOn' } as const)[field]}`),
      key: field,
      width: field === 'unitName' ? 220 : 150,
      render: (_: unknown, k: PartyKind) => {
        const i = PARTY_KINDS.indexOf(k);
        return (
          <Form.Item name={['slots', i, field]} style={{ margin: 0 }}>
            {field === 'authorisedOn' || field === 'commitmentOn' ? <IsoDateInput testId={`party-${k}-${field}`} /> : <Input data-testid={`party-${k}-${field}`} />}
          </Form.Item>
        );
      },
    })),
  ];
  return (
    <FormModal title={t('projectParts.parties.edit')} width={1200} form={form} saving={save.isPending} error={save.error} submitTestId="parties-submit" onClose={onClose}>
      <Typography.Paragraph type="secondary">{t('projectParts.parties.hint')}</Typography.Paragraph>
      <Form<PartyValues> form={form} initialValues={initial} onFinish={(v) => save.mutate(v)}>
        <Table<PartyKind> rowKey={(k) => k} size="small" columns={columns} dataSource={[...PARTY_KINDS]} pagination={false} scroll={{ x: 1100 }} />
      </Form>
    </FormModal>
  );
}
