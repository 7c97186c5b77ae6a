import { Alert, App, Button, Card, Col, DatePicker, Form, Input, Row, Select, Space, Typography } from 'antd';
import type { Me } from '@zhengqi/contracts/auth';
import {
  ENTITY_KINDS, ENTITY_KIND_LABELS, ENTITY_TAGS, INDUSTRY_SECTIONS, SIZE_CLASSES, SIZE_CLASS_LABELS,
  type EntityCreateBody, type EntityDetail, type EntityPatchBody, type EntityTag, type IndustrySection,
} from '@zhengqi/contracts/entities';
import type { UsccValidationSchema } from '@zhengqi/contracts/uscc';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import type { z } from 'zod';
import { ApiError, api } from '../../app/api-client';
import { fieldMessagesOf } from '../../app/form-errors';
import { errorText } from '../../app/i18n';
import { ErrorBanner, QueryState } from '../../app/list-kit';
import { regionLabel, useJurisdictionRegions } from '../../app/region-select';
import { can } from '../../app/session';
import { useEntity } from './entity-detail-page';
import { pick } from './entity-messages';

type UsccValidation = z.infer<typeof UsccValidationSchema>;
type FormValues = {
  uscc: string;
  name: string;
  kind: EntityDetail['kind'];
  foundedOn: Dayjs;
  regionCode: string;
  industrySection: IndustrySection;
  sizeClass: EntityDetail['sizeClass'];
  tags?: EntityTag[];
  usccOverrideReason?: string;
};
type FieldName = Exclude<keyof FormValues, 'uscc'>;
const FORM_FIELDS: readonly FieldName[] = ['name', 'kind', 'foundedOn', 'regionCode', 'industrySection', 'sizeClass', 'tags', 'usccOverrideReason'];

/** A value that follows `value` only after it has stopped changing for `ms`. */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

/** Create (/entities/new) or edit (/entities/:id/edit) a market entity. */
export function EntityFormPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { id } = useParams();
  const query = useEntity(id);
  if (id === undefined) {
    return <EntityForm me={me} />;
  }
  return (
    <QueryState query={query}>
      {query.data === undefined ? (
        <Typography.Text>{t('common.loading')}</Typography.Text>
      ) : (
        // A new version (after a conflict reload) remounts the form with the fresh values.
        <EntityForm key={`${query.data.id}:${query.data.version}`} me={me} initial={query.data} onReload={() => void query.refetch()} />
      )}
    </QueryState>
  );
}

function EntityForm({ me, initial, onReload }: { me: Me; initial?: EntityDetail; onReload?: () => void }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const { regions } = useJurisdictionRegions(me);
  const editing = initial !== undefined;
  const canOverride = can(me, 'entity.uscc_override');

  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState(false);
  // A server error on the USCC, remembered with the code it was about so it clears when the code changes.
  const [usccServerError, setUsccServerError] = useState<{ code: string; text: string } | null>(null);

  const uscc = Form.useWatch('uscc', form) ?? '';
  const debounced = useDebounced(uscc, 300);
  const check = useQuery({
    queryKey: ['uscc-validate', debounced],
    queryFn: () => api<UsccValidation>('POST', '/api/v1/uscc/validate', { code: debounced }),
    enabled: !editing && debounced.length === 18,
    staleTime: Infinity,
    retry: false,
  });
  const result = !editing && uscc.length === 18 && debounced === uscc ? check.data : undefined;
  const mismatch = result !== undefined && result.formOk && !result.checkOk;
  const expected = result?.expectedCheck ?? '?';

  // The code's category suggests the kind (9 1 → enterprise …) when none is chosen yet.
  const suggestedKind = result?.kind;
  useEffect(() => {
    if (suggestedKind !== undefined && suggestedKind !== 'other' && form.getFieldValue('kind') === undefined) {
      form.setFieldValue('kind', suggestedKind);
    }
  }, [suggestedKind, form]);

  let usccStatus: '' | 'success' | 'warning' | 'error' | 'validating' | undefined;
  let usccHelp: string | undefined;
  if (editing) {
    usccHelp = t('entities.form.usccReadOnly');
  } else if (usccServerError !== null && usccServerError.code === uscc) {
    usccStatus = 'error';
    usccHelp = usccServerError.text;
  } else if (uscc.length > 0 && uscc.length < 18) {
    usccHelp = t('entities.form.usccHelpLength', { n: uscc.length });
  } else if (uscc.length === 18) {
    if (result === undefined) {
      if (check.isError) {
        usccHelp = errorText(check.error);
      } else {
        usccStatus = 'validating';
        usccHelp = t('entities.form.usccChecking');
      }
    } else if (!result.formOk) {
      usccStatus = 'error';
      usccHelp = t('entities.form.usccFormInvalid');
    } else if (!result.checkOk) {
      usccStatus = 'warning';
      usccHelp = t('entities.form.usccCheckWrong', { expected });
    } else {
      usccStatus = 'success';
      usccHelp = t('entities.form.usccValid');
    }
  }
  const blocked = result !== undefined && (!result.formOk || (mismatch && !canOverride));

  const showServerErrors = (err: ApiError) => {
    const byField = fieldMessagesOf(err);
    // Without the override permission the reason box is hidden, so its error belongs to the code.
    const reason = byField.get('usccOverrideReason');
    if (reason !== undefined && !mismatch) {
      byField.delete('usccOverrideReason');
      byField.set('uscc', [...(byField.get('uscc') ?? []), ...reason]);
    }
    const usccErrs = byField.get('uscc');
    if (usccErrs !== undefined) {
      setUsccServerError({ code: uscc, text: usccErrs.join('；') });
    }
    form.setFields(
      FORM_FIELDS.filter((f) => byField.has(f)).map((f) => ({ name: f, errors: byField.get(f) ?? [] })),
    );
  };

  const submit = async (v: FormValues) => {
    setSaving(true);
    setError(null);
    setConflict(false);
    setUsccServerError(null);
    const fields = {
      name: v.name.trim(),
      kind: v.kind,
      foundedOn: v.foundedOn.format('YYYY-MM-DD'),
      regionCode: v.regionCode,
      industrySection: v.industrySection,
      sizeClass: v.sizeClass,
      tags: v.tags ?? [],
    };
    try {
      let saved: EntityDetail;
      if (initial === undefined) {
        const reason = v.usccOverrideReason?.trim() ?? '';
        const body: EntityCreateBody = { uscc: v.uscc, ...fields, ...(mismatch && reason !== '' ? { usccOverrideReason: reason } : {}) };
        saved = await api<EntityDetail>('POST', '/api/v1/entities', body);
        void message.success(t('entities.form.created'));
      } else {
        const body: EntityPatchBody = { ...fields, version: initial.version };
        saved = await api<EntityDetail>('PATCH', `/api/v1/entities/${encodeURIComponent(initial.id)}`, body);
        void message.success(t('entities.form.saved'));
      }
      qc.setQueryData(['entity', saved.id], saved);
      await qc.invalidateQueries({ queryKey: ['entities'] });
      await navigate(`/entities/${saved.id}`);
    } catch (err) {
      if (err instanceof ApiError && err.problem.code === 'VERSION_CONFLICT') {
        setConflict(true);
      } else {
        if (err instanceof ApiError) {
          showServerErrors(err);
        }
        setError(err);
      }
    } finally {
      setSaving(false);
    }
  };

  const today = dayjs();
  const regionOptions = regions
    .filter((r) => !r.retired || r.code === initial?.regionCode)
    .map((r) => ({ value: r.code, label: regionLabel(r, en), search: `${r.nameZh} ${r.nameEn} ${r.code}` }));
  const selectPlaceholder = t('entities.form.select');
  const initialValues: Partial<FormValues> =
    initial === undefined
      ? { tags: [] }
      : {
          uscc: initial.uscc,
          name: initial.name,
          kind: initial.kind,
          foundedOn: dayjs(initial.foundedOn),
          regionCode: initial.regionCode,
          industrySection: initial.industrySection,
          sizeClass: initial.sizeClass,
          tags: initial.tags,
        };

  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {editing ? `${t('entities.form.editTitle')}${en ? ': ' : '：'}${initial.name}` : t('entities.form.createTitle')}
      </Typography.Title>
      <Card size="small" style={{ maxWidth: 880 }}>
        {conflict && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('entities.form.conflictTitle')}
            description={t('entities.form.conflictText')}
            action={onReload === undefined ? undefined : <Button size="small" onClick={onReload} data-testid="entity-form-reload">{t('entities.form.reload')}</Button>}
            data-testid="entity-form-conflict"
          />
        )}
        <ErrorBanner error={error} />
        <Form<FormValues>
          form={form}
          layout="vertical"
          initialValues={initialValues}
          onFinish={(v) => void submit(v)}
          scrollToFirstError
        >
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name="uscc"
                label={t('entities.fields.uscc')}
                rules={[{ required: true }, { len: 18, message: t('entities.form.usccHelpLength', { n: uscc.length }) }]}
                normalize={(v: string | undefined) => (v ?? '').replace(/\s/g, '').toUpperCase()}
                validateStatus={usccStatus}
                help={usccHelp}
                hasFeedback={usccStatus !== undefined && usccStatus !== ''}
              >
                <Input maxLength={18} disabled={editing} autoComplete="off" spellCheck={false} style={{ fontFamily: 'monospace' }} data-testid="entity-form-uscc" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="name" label={t('entities.fields.name')} rules={[{ required: true, whitespace: true }, { min: 2, max: 200 }]}>
                <Input maxLength={200} data-testid="entity-form-name" />
              </Form.Item>
            </Col>
          </Row>

          {mismatch && (
            <>
              <Alert
                type={canOverride ? 'warning' : 'error'}
                showIcon
                style={{ marginBottom: 12 }}
                title={t('entities.form.usccWarningTitle', { expected })}
                description={canOverride ? t('entities.form.usccOverrideHint') : t('entities.form.usccCannotSave')}
                data-testid="uscc-warning"
              />
              {canOverride && (
                <Form.Item
                  name="usccOverrideReason"
                  label={t('entities.fields.usccOverrideReason')}
                  rules={[{ required: true, whitespace: true }, { min: 4, message: t('entities.form.reasonMin') }, { max: 500 }]}
                >
                  <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('entities.form.reasonPlaceholder')} data-testid="uscc-override-reason" />
                </Form.Item>
              )}
            </>
          )}

          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="kind" label={t('entities.fields.kind')} rules={[{ required: true }]}>
                <Select
                  placeholder={selectPlaceholder}
                  options={ENTITY_KINDS.map((k) => ({ value: k, label: pick(ENTITY_KIND_LABELS[k], en) }))}
                  data-testid="entity-form-kind"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="foundedOn" label={t('entities.fields.foundedOn')} rules={[{ required: true }]}>
                <DatePicker
                  format="YYYY-MM-DD"
                  style={{ width: '100%' }}
                  disabledDate={(d) => d.isAfter(today, 'day')}
                  data-testid="entity-form-founded"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="regionCode" label={t('entities.fields.regionCode')} rules={[{ required: true }]}>
                <Select
                  placeholder={selectPlaceholder}
                  showSearch={{ optionFilterProp: 'search' }}
                  options={regionOptions}
                  data-testid="entity-form-region"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="industrySection" label={t('entities.fields.industrySection')} rules={[{ required: true }]}>
                <Select
                  placeholder={selectPlaceholder}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={(Object.keys(INDUSTRY_SECTIONS) as IndustrySection[]).map((s) => ({ value: s, label: `${s} ${pick(INDUSTRY_SECTIONS[s], en)}` }))}
                  data-testid="entity-form-industry"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="sizeClass" label={t('entities.fields.sizeClass')} rules={[{ required: true }]}>
                <Select
                  placeholder={selectPlaceholder}
                  options={SIZE_CLASSES.map((s) => ({ value: s, label: pick(SIZE_CLASS_LABELS[s], en) }))}
                  data-testid="entity-form-size"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="tags" label={t('entities.fields.tags')}>
                <Select
                  mode="multiple"
                  allowClear
                  placeholder={selectPlaceholder}
                  options={(Object.keys(ENTITY_TAGS) as EntityTag[]).map((k) => ({ value: k, label: pick(ENTITY_TAGS[k], en) }))}
                  data-testid="entity-form-tags"
                />
              </Form.Item>
            </Col>
          </Row>

          <Space>
            <Button type="primary" htmlType="submit" loading={saving} disabled={blocked} data-testid="entity-form-save">
              {t('common.save')}
            </Button>
            <Button onClick={() => void navigate(editing ? `/entities/${initial.id}` : '/entities')}>{t('common.cancel')}</Button>
          </Space>
        </Form>
      </Card>
    </>
  );
}
